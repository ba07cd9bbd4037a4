import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Who may write: every write route refuses anonymous, bogus, revoked, Basic and read-scope credentials
/// before it looks at the body, and changes nothing.
@Suite struct WriteAuthorizationTests {
    /// One request of every write route.
    static let writes: [(method: String, target: String, contentType: String)] = [
        ("POST", "/v1/organisations", "application/json"),
        ("PUT", "/v1/organisations/region-syddanmark", "application/json"),
        ("PATCH", "/v1/organisations/region-syddanmark", "application/merge-patch+json"),
        ("DELETE", "/v1/organisations/region-syddanmark", "application/json"),
        ("POST", "/v1/organisations/region-syddanmark/reset", "application/json"),
    ]

    static func send(_ server: APITestServer, _ write: (method: String, target: String, contentType: String),
                     headers: [String: String]) throws -> RawResponse {
        try server.send(write.method, write.target, #"{"name": "X", "kind": "agency"}"#, headers: headers, contentType: write.contentType)
    }

    /// A high failure limit: these tests send many refused credentials from one address on purpose.
    static let options = { var options = APIOptions(); options.authenticationFailureLimit = 1000; return options }()

    @Test func writesWithoutAValidTokenAreUnauthorized() throws {
        let server = try APITestServer(options: Self.options)
        defer { server.stop() }
        let (_, revoked) = try server.store.createToken(name: "gone", scope: .write, now: Date())
        try server.store.revokeToken(named: "gone", now: Date())
        let before = try server.changeCount()
        for write in Self.writes {
            try AuthenticationTests.expectUnauthorized(try Self.send(server, write, headers: [:]), error: nil)
            try AuthenticationTests.expectUnauthorized(
                try Self.send(server, write, headers: ["Authorization": "Bearer \(AuthenticationTests.unknownToken)"]), error: "invalid_token")
            try AuthenticationTests.expectUnauthorized(
                try Self.send(server, write, headers: ["Authorization": "Bearer \(revoked.text)"]), error: "invalid_token")
            try AuthenticationTests.expectUnauthorized(
                try Self.send(server, write, headers: ["Authorization": "Basic YWRtaW46YWRtaW4="]), error: nil)
        }
        #expect(try server.changeCount() == before)
    }

    @Test func aReadTokenMayNotWriteAndAnAdminTokenMay() throws {
        let server = try APITestServer(options: Self.options)
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        for write in Self.writes {
            let response = try Self.send(server, write, headers: reader)
            try APICheck.problem(response, status: 403, kind: "insufficient-scope")
            #expect(response.header("WWW-Authenticate")?.contains("insufficient_scope") == true)
        }
        let admin = try server.bearer("root", .admin)
        let created = try server.send("POST", "/v1/organisations", #"{"name": "Admin Made", "kind": "agency"}"#, headers: admin)
        #expect(created.status == 201)
        let change = try #require(APICheck.data(try APICheck.ok(try server.get("/v1/organisations/admin-made/history"))).first)
        #expect(change["author"] as? String == "root")
    }
}
