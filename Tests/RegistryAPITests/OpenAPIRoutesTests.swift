import Foundation
import Registry
@testable import RegistryAPI
import Testing

/// `/openapi.json`: served with validators, and describing every route, filter and sort field.
@Suite struct OpenAPIRoutesTests {
    @Test func documentDescribesTheRoutes() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/openapi.json")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        let document = try response.jsonObject()
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for path in ["/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/documents", "/v1/documents/{id}",
                     "/v1/documents/{id}/text", "/v1/findings", "/v1/search", "/v1/network", "/v1/network/path",
                     "/v1/organisations/{id}/partnerships", "/v1/organisations/{id}/projects", "/v1/regions/{id}/members",
                     "/v1/projects/{id}/partners"] {
            #expect(paths[path]?["get"] != nil, "\(path)")
        }
        for kind in RecordKind.allCases {
            #expect(paths["/v1/\(kind.plural)/{id}"]?["get"] != nil, "\(kind)")
            let list = try #require(paths["/v1/\(kind.plural)"]?["get"] as? [String: Any], "\(kind)")
            // Shared parameters are references named after the parameter (`#/components/parameters/limit`).
            let names = Set((list["parameters"] as? [[String: Any]] ?? []).compactMap {
                $0["name"] as? String ?? ($0["$ref"] as? String)?.split(separator: "/").last.map(String.init)
            })
            for filter in RecordQuery.supportedFilters(for: kind) {
                #expect(names.contains(filter.parameterName), "\(kind) \(filter)")
            }
            #expect(names.isSuperset(of: ["sort", "limit", "cursor", "format", "lang", "q"]), "\(kind)")
        }

        let tag = try #require(response.header("ETag"))
        #expect(try server.get("/openapi.json", headers: ["If-None-Match": tag]).status == 304)
        #expect(try server.get("/openapi.json", headers: ["Accept": "text/csv"]).status == 406)
    }

    /// Every operation that needs the database documents the `503` a server on an unreachable PostgreSQL gives,
    /// with `Retry-After`; only `/healthz`, `/metrics` and the document itself answer without the database.
    @Test func operationsThatNeedTheDatabaseDocumentTheirUnavailability() throws {
        let document = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.bytes)) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        let components = try #require(document?["components"] as? [String: Any])
        let responses = try #require(components["responses"] as? [String: [String: Any]])
        let unavailable = try #require(responses["Unavailable"])
        #expect((unavailable["headers"] as? [String: Any])?["Retry-After"] != nil)
        var checked = 0
        for (path, methods) in paths where !["/healthz", "/metrics", "/openapi.json"].contains(path) {
            for (method, operation) in methods {
                let answers = try #require((operation as? [String: Any])?["responses"] as? [String: Any], "\(method) \(path)")
                #expect(answers["503"] != nil, "\(method) \(path)")
                checked += 1
            }
        }
        #expect(checked > 40)
    }
}
