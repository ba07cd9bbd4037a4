import Foundation
import Testing
import TestSupport

/// The gazetteer as a resource: `/v1/places` with its filters and `/v1/places/{id}` with the places in it.
@Suite struct PlaceRoutesTests {
    @Test func listFiltersByCountryAndLevel() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let all = try APICheck.ok(try server.get("/v1/places?limit=100"))
        #expect(all["total"] as? Int == 40)
        let countries = try APICheck.ok(try server.get("/v1/places?level=0&limit=100"))
        #expect(APICheck.ids(countries).contains("germany") && APICheck.data(countries).allSatisfy { $0["level"] as? Int == 0 })
        let danish = try APICheck.ok(try server.get("/v1/places?country=dk&limit=100"))
        let entries = APICheck.data(danish)
        #expect(!entries.isEmpty && entries.allSatisfy { $0["country"] as? String == "DK" })
        let copenhagen = try #require(entries.first { $0["id"] as? String == "copenhagen" })
        #expect(copenhagen["nuts"] as? String == "DK011" && copenhagen["level"] as? Int == 3)
        #expect(copenhagen["within"] as? String == "region-hovedstaden" && copenhagen["link"] as? String == "/v1/places/copenhagen")
        let csv = try server.get("/v1/places?country=DK&format=csv")
        #expect(csv.status == 200 && csv.header("Content-Type")?.hasPrefix("text/csv") == true)
    }

    @Test func textMatchesNamesInEveryLanguageFoldedAndTheCode() throws {
        let server = try APITestServer()
        defer { server.stop() }
        func ids(_ text: String, _ more: String = "") throws -> [String] {
            let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return APICheck.ids(try APICheck.ok(try server.get("/v1/places?limit=100&q=\(query)\(more)")))
        }
        // `Dél-Dunántúl` without its accents, and no alias spells it so.
        #expect(try ids("del dunantul") == ["south-transdanubia"])
        #expect(try ids("Goettingen") == ["gottingen"])
        #expect(try ids("Köpenhamn") == ["copenhagen"])
        #expect(try ids("varna") == ["varna"] && ids("Варна") == ["varna"])
        #expect(try ids("dk011") == ["copenhagen"])
        // The last word is also the start of longer words; the words before it are whole words.
        #expect(try ids("Region Süddän") == ["region-syddanmark"])
        #expect(try ids("Regio Hovedstaden").isEmpty)
        #expect(try ids("\"Hovedstaden Region\"").isEmpty && ids("\"Region Hovedstaden\"") == ["region-hovedstaden"])
        // With the other filters.
        #expect(try ids("region", "&country=DK").sorted() == ["region-hovedstaden", "region-sjaelland", "region-syddanmark"])
        #expect(try ids("region", "&country=SE").isEmpty)
        try APICheck.badParameter(try server.get("/v1/places?q=%21%21"), "q")
    }

    @Test func itemHasItsParentAndChildren() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let body = try APICheck.ok(try server.get("/v1/places/region-hovedstaden"))
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["nuts"] as? String == "DK01" && data["within"] as? String == "denmark")
        #expect((data["children"] as? [String])?.contains("copenhagen") == true)
        #expect((data["names"] as? [String: String])?.isEmpty == false)
        #expect((body["links"] as? [String: String])?["self"] == "/v1/places/region-hovedstaden")
        #expect(try server.get("/v1/places/region-hovedstaden").header("ETag") != nil)
    }

    @Test func badParametersAndUnknownPlacesAreProblems() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try APICheck.problem(try server.get("/v1/places/atlantis"), status: 404, kind: "not-found")
        try APICheck.badParameter(try server.get("/v1/places?level=7"), "level")
        try APICheck.badParameter(try server.get("/v1/places?country=Deutschland"), "country")
        try APICheck.badParameter(try server.get("/v1/places?colour=red"), "colour", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/places/copenhagen?level=1"), "level", kind: "unknown-parameter")
    }
}
