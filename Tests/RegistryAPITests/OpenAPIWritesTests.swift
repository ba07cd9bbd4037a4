import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// `/openapi.json` on the write side: every write operation needs the bearer scheme, documents its answers, and
/// the example of every create and replace is a body the server accepts.
@Suite struct OpenAPIWritesTests {
    @Test func everyWriteOperationIsDocumentedWithAValidExample() throws {
        var options = APIOptions()
        options.requireIfMatch = false
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let paths = try #require(try server.get("/openapi.json").jsonObject()["paths"] as? [String: [String: Any]])
        for kind in RecordKind.allCases {
            let collection = "/v1/\(kind.plural)"
            let post = try #require(paths[collection]?["post"] as? [String: Any], "\(kind)")
            let item = try #require(paths[collection + "/{id}"])
            for (method, operation) in [("post", post), ("put", item["put"]), ("patch", item["patch"]), ("delete", item["delete"]),
                                        ("reset", paths[collection + "/{id}/reset"]?["post"])] {
                let operation = try #require(operation as? [String: Any], "\(kind) \(method)")
                let security = operation["security"] as? [[String: [String]]]
                #expect(security?.first?["bearerToken"] == ["write"], "\(kind) \(method)")
                let responses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                #expect(responses.isSuperset(of: ["400", "401", "403", "429"]), "\(kind) \(method): \(responses.sorted())")
            }
            #expect(paths[collection + "/{id}/history"]?["get"] != nil)
            // The examples are accepted: created, then the created record replaced by it again.
            let example = try #require(((post["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]])?["application/json"]?["example"])
            let body = String(decoding: try JSONSerialization.data(withJSONObject: example), as: UTF8.self)
            let created = try server.send("POST", collection, body, headers: editor)
            #expect(created.status == 201, "\(kind): \(created.text)")
            let location = try #require(created.header("Location"))
            #expect(try server.send("PUT", location, body, headers: editor).status == 200, "\(kind)")
        }
        #expect(paths["/v1/changes"]?["get"] != nil)
    }
}
