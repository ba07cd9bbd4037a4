import Foundation
import Testing

/// `/openapi.json` documents token management: the bearer scheme, each operation's security, its request
/// example and every answer it can give.
@Suite struct TokenOpenAPITests {
    @Test func tokenOperationsAreDocumentedWithTheirSecurityAndEveryAnswer() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let document = try APICheck.ok(try server.get("/openapi.json"))
        let components = document["components"] as? [String: Any] ?? [:]
        let scheme = (components["securitySchemes"] as? [String: Any])?["bearerToken"] as? [String: Any]
        #expect(scheme?["type"] as? String == "http")
        #expect(scheme?["scheme"] as? String == "bearer")

        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let expected: [(path: String, method: String, statuses: Set<String>)] = [
            ("/v1/tokens", "get", ["200", "400", "401", "403", "429", "503"]),
            ("/v1/tokens", "post", ["201", "400", "401", "403", "409", "413", "415", "422", "429", "503"]),
            ("/v1/tokens/{name}", "get", ["200", "400", "401", "403", "404", "429", "503"]),
            ("/v1/tokens/{name}", "delete", ["204", "400", "401", "403", "404", "429", "503"]),
        ]
        for (path, method, statuses) in expected {
            let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path)")
            #expect(operation["security"] as? [[String: [String]]] == [["bearerToken": ["admin"]]], "\(method) \(path)")
            let responses = operation["responses"] as? [String: Any] ?? [:]
            #expect(Set(responses.keys) == statuses, "\(method) \(path)")
        }
        let body = (paths["/v1/tokens"]?["post"] as? [String: Any])?["requestBody"] as? [String: Any]
        let json = (body?["content"] as? [String: Any])?["application/json"] as? [String: Any]
        let example = try #require(json?["example"] as? [String: String])
        #expect(example == ["name": "ci-deploy", "scope": "write"])

        // The example is a body the server accepts.
        let (_, admin) = try server.store.createToken(name: "root", scope: .admin, now: Date())
        let created = try server.request("POST", "/v1/tokens", headers: ["Authorization": "Bearer \(admin.text)", "Content-Type": "application/json"],
                                         body: Array(try JSONSerialization.data(withJSONObject: example)))
        #expect(created.status == 201)
        let unauthorized = (components["responses"] as? [String: Any])?["Unauthorized"] as? [String: Any]
        #expect((unauthorized?["headers"] as? [String: Any])?["WWW-Authenticate"] != nil)
    }
}
