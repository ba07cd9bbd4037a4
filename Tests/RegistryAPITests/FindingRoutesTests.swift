import Foundation
import Testing

/// `/v1/findings`: the data-quality findings, with their filters.
@Suite struct FindingRoutesTests {
    @Test func allFindingsAndFilters() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let all = try APICheck.ok(try server.get("/v1/findings"))
        #expect(all["total"] as? Int == 17)
        let findings = APICheck.data(all)
        #expect(findings.count == 17)
        for finding in findings {
            for key in ["id", "check", "record", "record_kind", "severity", "message"] {
                #expect((finding[key] as? String)?.isEmpty == false, "\(key)")
            }
        }
        #expect(Set(findings.compactMap { $0["id"] as? String }).count == 17)

        let warnings = try APICheck.ok(try server.get("/v1/findings?severity=warning"))
        #expect(Set(APICheck.ids(warnings)) == ["cityregio-ii:partnerCount", "cityregio-ii:countryCount"])
        let partnerCount = try APICheck.ok(try server.get("/v1/findings?kind=partnerCount"))
        let finding = try #require(APICheck.data(partnerCount).first)
        #expect(APICheck.data(partnerCount).count == 1)
        #expect(finding["declared"] as? String == "14")
        #expect(finding["computed"] as? String == "15")
        let evidence = try #require((finding["evidence"] as? [[String: Any]])?.first)
        #expect(evidence["quote"] as? String == "14")
        #expect(evidence["document"] as? String == "cityregio-ii")
        let countryCount = try #require(APICheck.data(try APICheck.ok(try server.get("/v1/findings?kind=countryCount"))).first)
        #expect(countryCount["declared"] as? String == "5")
        #expect(countryCount["computed"] as? String == "6")

        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?record=cityregio-ii"))).count == 9)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?record=no-such-record"))).isEmpty)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?record_type=project"))).count == 17)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?record_type=projects"))).count == 17)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?record_type=theme"))).isEmpty)
        let combined = try APICheck.ok(try server.get("/v1/findings?record=cityregio-ii&kind=missingField&severity=notice"))
        #expect(APICheck.data(combined).count == 5)
        #expect(APICheck.data(combined).allSatisfy { $0["check"] as? String == "missingField" && $0["record"] as? String == "cityregio-ii" })
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?kind=partnerCount&severity=notice"))).isEmpty)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/findings?severity=passed"))) == ["cityregio-ii:fundingArithmetic"])

        let csv = try server.get("/v1/findings?format=csv&severity=warning")
        #expect(csv.status == 200)
        let table = try CSVReader.records(csv.body)
        #expect(table.records.count == 2)
        #expect(table.header.first == "id")
        #expect(table.records.contains { $0["message"] == "declares 14 partners but lists 15" })
    }

    @Test func invalidFindingFiltersAre400() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try APICheck.badParameter(try server.get("/v1/findings?kind=typo"), "kind")
        try APICheck.badParameter(try server.get("/v1/findings?record_type=planet"), "record_type")
        try APICheck.badParameter(try server.get("/v1/findings?severity=fatal"), "severity")
        try APICheck.badParameter(try server.get("/v1/findings?check=partnerCount"), "check", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/findings?format=xml"), "format")
        try APICheck.problem(try server.get("/v1/findings", headers: ["Accept": "application/xml"]), status: 406, kind: "not-acceptable")
    }
}
