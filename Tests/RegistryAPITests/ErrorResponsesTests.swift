import Foundation
import Testing

/// Every error of the resource API is an RFC 9457 problem with a stable type per kind of error.
@Suite struct ErrorResponsesTests {
    static let cases: [(target: String, headers: [String: String], status: Int, kind: String)] = [
        ("/v1/nothing-here", [:], 404, "not-found"),
        ("/v1/projects/nope", [:], 404, "not-found"),
        ("/v1/documents/nope/text", [:], 404, "not-found"),
        ("/v1/organisations/nope/projects", [:], 404, "not-found"),
        ("/v1/projects?colour=red", [:], 400, "unknown-parameter"),
        ("/v1/projects/cityregio-ii?limit=1", [:], 400, "unknown-parameter"),
        ("/v1/projects?country=Denmark", [:], 400, "invalid-parameter"),
        ("/v1/projects?active_on=2024-02-30", [:], 400, "invalid-parameter"),
        ("/v1/projects?sort=colour", [:], 400, "invalid-parameter"),
        ("/v1/projects?limit=101", [:], 400, "invalid-parameter"),
        ("/v1/projects?cursor=garbage", [:], 400, "invalid-cursor"),
        ("/v1/projects?format=xml", [:], 400, "invalid-parameter"),
        ("/v1/projects?lang=fr", [:], 400, "invalid-parameter"),
        ("/v1/findings?severity=fatal", [:], 400, "invalid-parameter"),
        ("/v1/projects", ["Accept": "application/xml"], 406, "not-acceptable"),
        ("/v1/documents/cityregio-ii", ["Accept": "image/png"], 406, "not-acceptable"),
    ]

    @Test func everyErrorIsAProblemDocument() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for error in Self.cases {
            let response = try server.get(error.target, headers: error.headers)
            let body = try APICheck.problem(response, status: error.status, kind: error.kind)
            let titles = [400: "Bad Request", 404: "Not Found", 406: "Not Acceptable"]
            #expect(body["title"] as? String == titles[error.status], "\(error.target)")
            #expect(response.header("ETag") == nil, "\(error.target)")
            if error.status == 400 {
                #expect((body["invalid_params"] as? [[String: Any]])?.isEmpty == false, "\(error.target)")
            }
        }
        try APICheck.problem(try server.request("DELETE", "/v1/projects"), status: 405, kind: "method-not-allowed")
    }

    @Test func everyResourceChecksItsParameterNamesTheSameWay() throws {
        let server = try APITestServer()
        defer { server.stop() }
        // Unknown names are listed sorted, whatever the resource.
        for target in ["/v1/projects?zeta=1&alpha=2", "/v1/search?q=Hamburg&zeta=1&alpha=2",
                       "/v1/network/path?from=hamburg&to=malmo-stad&zeta=1&alpha=2", "/v1/findings?zeta=1&alpha=2&zeta=3",
                       "/v1/projects/cityregio-ii?zeta=1&alpha=2", "/v1/projects/cityregio-ii/partners?zeta=1&alpha=2"] {
            let names = try APICheck.badParameter(try server.get(target), "alpha", kind: "unknown-parameter")
            #expect(names == ["alpha", "zeta"], "\(target)")
        }
        // A name given twice is a 400 naming it, whatever the resource: which value would count is a guess.
        for (target, name) in [("/v1/projects?country=DK&country=SE", "country"), ("/v1/search?q=Hamburg&q=Malm%C3%B8", "q"),
                               ("/v1/search?q=Hamburg&type=region&type=document", "type"),
                               ("/v1/findings?severity=warning&severity=notice", "severity"),
                               ("/v1/documents?limit=1&limit=2", "limit"),
                               ("/v1/organisations/kobenhavns-kommune/projects?lang=da&lang=de", "lang"),
                               ("/v1/projects/cityregio-ii?lang=da&lang=de", "lang"),
                               ("/v1/network/path?from=hamburg&from=kobenhavns-kommune&to=malmo-stad", "from")] {
            let names = try APICheck.badParameter(try server.get(target), name)
            #expect(names == [name], "\(target)")
        }
    }

    @Test func firstInvalidValueIsNamedWhenSeveralAreBad() throws {
        let server = try APITestServer()
        defer { server.stop() }
        // Unknown parameters are reported before malformed values.
        let names = try APICheck.badParameter(try server.get("/v1/projects?country=Denmark&bogus=1"), "bogus", kind: "unknown-parameter")
        #expect(names == ["bogus"])
        let body = try APICheck.problem(try server.get("/v1/projects?country=Denmark&limit=0"), status: 400, kind: "invalid-parameter")
        #expect((body["detail"] as? String)?.isEmpty == false)
    }

    @Test func hostileInputsNeverCauseServerErrors() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let targets = [
            "/v1/projects?country=%00%00", "/v1/projects?theme=%27%3B%20DROP%20TABLE%20project%3B--",
            "/v1/projects?organisation=%25", "/v1/projects?programme=" + String(repeating: "x", count: 2000),
            "/v1/projects?sort=" + String(repeating: "name,", count: 200), "/v1/projects?min_budget=999999999999999",
            "/v1/projects?min_budget=999999999999999.99", "/v1/projects?limit=%20", "/v1/projects?cursor=%C3%A9",
            "/v1/projects?active_on=%E2%80%8B2008-01-01", "/v1/projects?country=%C3%A6%C3%B8",
            "/v1/projects/%F0%9F%98%80", "/v1/projects?lang=%E2%80%A8", "/v1/findings?record=%27",
            "/v1/projects?kind=&country=DK", "/v1/themes?cursor=&limit=5",
        ]
        for target in targets {
            let response = try server.get(target)
            #expect(response.status < 500, "\(target.prefix(80)): \(response.status)")
            if response.status >= 400 {
                try APICheck.problem(response, status: response.status)
            }
        }
        #expect(try server.listIDs("/v1/projects?theme=%27%3B%20DROP%20TABLE%20project%3B--") == [])
        #expect(try server.listIDs("/v1/projects?min_budget=999999999999999.99") == [])
        #expect(try server.listIDs("/v1/projects").count == 3)
    }
}
