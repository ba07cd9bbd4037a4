import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Validation of written records: every problem of a body at once, each named by its JSON Pointer, and nothing
/// written while any is left.
@Suite struct WriteValidationTests {
    /// The pointers a 422 names, sorted.
    static func pointers(_ response: RawResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let problem = try APICheck.problem(response, status: 422, kind: "invalid-body", sourceLocation: sourceLocation)
        let params = problem["invalid_params"] as? [[String: Any]] ?? []
        #expect(params.allSatisfy { ($0["reason"] as? String)?.isEmpty == false }, sourceLocation: sourceLocation)
        return params.compactMap { $0["name"] as? String }.sorted()
    }

    @Test func everyProblemOfAProjectIsReportedAtOnce() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let before = try server.changeCount()
        let body = """
            {"title": 7, "kind": "spaceship", "colour": "red",
             "period": {"start": "2020-13", "end": "2019"},
             "total_budget": {"amount": -5, "currency": "EURO"},
             "eu_funding": {"amount": 10.125, "currency": "EUR", "note": 1},
             "co_financing_rate": 1.5,
             "declared_partner_count": "14",
             "programme": "no-such-programme",
             "partners": [{"organisation": "no-such-organisation", "listed_name": "", "role": "boss", "country": "XX"}, 3],
             "themes": ["transport", "no-such-theme"],
             "evidence": [{"document": "cityregio-ii", "quote": "words the document does not hold"}, {"document": "no-such-document", "quote": "x"}]}
            """
        #expect(try Self.pointers(try server.send("POST", "/v1/projects", body, headers: editor)) == [
            "/colour", "/co_financing_rate", "/declared_partner_count", "/eu_funding/amount", "/eu_funding/note",
            "/evidence/0/quote", "/evidence/1/document", "/kind", "/partners/0/country", "/partners/0/listed_name",
            "/partners/0/organisation", "/partners/0/role", "/partners/1", "/period/start", "/programme", "/themes/1", "/title",
            "/total_budget/amount", "/total_budget/currency",
        ].sorted())
        #expect(try server.changeCount() == before)
        #expect(try server.get("/v1/projects/7").status == 404)
    }

    @Test func periodsMoneyCodesAndCrossFieldRulesAreChecked() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        // The end before the start.
        #expect(try Self.pointers(try server.send("POST", "/v1/programmes", #"{"name": "P", "period": {"start": "2021-06", "end": "2021-05-31"}}"#, headers: editor))
                == ["/period/end"])
        // EU funding above the total budget.
        #expect(try Self.pointers(try server.send("POST", "/v1/projects", #"{"title": "T", "kind": "fundedProject", "total_budget": {"amount": 10, "currency": "EUR"}, "eu_funding": {"amount": 11, "currency": "EUR"}}"#, headers: editor))
                == ["/eu_funding"])
        // A party names an organisation or a region, not both; a role is held somewhere.
        #expect(try Self.pointers(try server.send("POST", "/v1/partnerships", #"{"name": "N", "kind": "network", "parties": [{"organisation": "region-syddanmark", "region": "wadden-sea", "role": "member"}, {"role": "member"}]}"#, headers: editor))
                == ["/parties/0", "/parties/1"])
        #expect(try Self.pointers(try server.send("POST", "/v1/people", #"{"name": "N", "roles": [{"role": "contact"}], "contact": {"email": "not-an-address", "country": "de"}}"#, headers: editor))
                == ["/contact/country", "/contact/email", "/roles/0"])
        // NUTS codes the gazetteer knows, places and languages.
        #expect(try Self.pointers(try server.send("POST", "/v1/organisations", #"{"name": "O", "kind": "agency", "nuts": "DE999", "place": "atlantis", "names": {"english": "O"}, "themes": "transport"}"#, headers: editor))
                == ["/names/english", "/nuts", "/place", "/themes"])
        // A theme has its three labels.
        #expect(try Self.pointers(try server.send("POST", "/v1/themes", #"{"labels": {"en": "Harbours"}}"#, headers: editor)) == ["/labels", "/labels"])
        // Missing required fields.
        #expect(try Self.pointers(try server.send("POST", "/v1/regions", #"{}"#, headers: editor)) == ["/kind", "/name"])
    }

    @Test func aMergePatchIsValidatedAsTheRecordItMakes() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let before = try server.get("/v1/projects/cityregio-ii")
        let patched = try server.patch("/v1/projects/cityregio-ii", #"{"title": null, "co_financing_rate": -0.1}"#, headers: editor)
        #expect(try Self.pointers(patched) == ["/co_financing_rate", "/title"])
        #expect(try server.get("/v1/projects/cityregio-ii").text == before.text)
    }
}
