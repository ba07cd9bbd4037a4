import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Bearer authentication end to end over loopback, on a route that needs `admin` (`GET /v1/tokens`): every
/// kind of bad credential, scopes, and the slowing down of an address that keeps failing.
@Suite struct AuthenticationTests {
    static let unknownToken = "bby_" + String(repeating: "Q", count: 43)

    /// A `401` problem with its challenge; `error` is the RFC 6750 error code expected, nil for none.
    static func expectUnauthorized(_ response: RawResponse, error: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try APICheck.problem(response, status: 401, kind: "unauthorized", sourceLocation: sourceLocation)
        let challenge = response.header("WWW-Authenticate") ?? ""
        #expect(challenge.hasPrefix("Bearer realm=\"brobygger\""), "challenge: \(challenge)", sourceLocation: sourceLocation)
        if let error {
            #expect(challenge.contains("error=\"\(error)\""), "challenge: \(challenge)", sourceLocation: sourceLocation)
        } else {
            #expect(!challenge.contains("error="), "challenge: \(challenge)", sourceLocation: sourceLocation)
        }
        #expect(response.header("Cache-Control") == "no-store", sourceLocation: sourceLocation)
    }

    @Test func anonymousRequestsAreAskedForABearerToken() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try Self.expectUnauthorized(try server.get("/v1/tokens"), error: nil)
        try Self.expectUnauthorized(try server.request("POST", "/v1/tokens", headers: ["Content-Type": "application/json"],
                                                        body: Array(#"{"name":"x","scope":"read"}"#.utf8)), error: nil)
        try Self.expectUnauthorized(try server.request("DELETE", "/v1/tokens/anyone"), error: nil)
        // Reads stay public, whatever the token routes say.
        #expect(try server.get("/v1/projects/cityregio-ii").status == 200)
    }

    @Test func badCredentialsAreUnauthorized() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let (_, revoked) = try server.store.createToken(name: "gone", scope: .admin, now: Date())
        try server.store.revokeToken(named: "gone", now: Date())
        let invalid = [
            "Bearer \(Self.unknownToken)",           // well-formed, unknown
            "Bearer not-a-token",                    // malformed
            "Bearer bby_short",                      // malformed
            "Bearer \(Self.unknownToken) extra",     // two words
            "bearer \(revoked.text)",                // revoked (the scheme is case-insensitive)
        ]
        for value in invalid {
            try Self.expectUnauthorized(try server.get("/v1/tokens", headers: ["Authorization": value]), error: "invalid_token")
        }
        // Another scheme, or no token at all, presents no bearer token: a challenge without an error code.
        for value in ["Basic YWRtaW46YWRtaW4=", "Bearer", "Token \(Self.unknownToken)"] {
            try Self.expectUnauthorized(try server.get("/v1/tokens", headers: ["Authorization": value]), error: nil)
        }
    }

    @Test func theScopeMustSuffice() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let (_, write) = try server.store.createToken(name: "editor", scope: .write, now: Date())
        let (_, read) = try server.store.createToken(name: "reader", scope: .read, now: Date())
        let (_, admin) = try server.store.createToken(name: "root", scope: .admin, now: Date())
        for secret in [write, read] {
            let response = try server.get("/v1/tokens", headers: ["Authorization": "Bearer \(secret.text)"])
            let problem = try APICheck.problem(response, status: 403, kind: "insufficient-scope")
            #expect((problem["detail"] as? String)?.contains("`admin`") == true)
            #expect(response.header("WWW-Authenticate") == "Bearer realm=\"brobygger\", error=\"insufficient_scope\", scope=\"admin\"")
            #expect(response.header("Cache-Control") == "no-store")
        }
        let response = try server.get("/v1/tokens", headers: ["Authorization": "Bearer \(admin.text)"])
        let names = APICheck.data(try APICheck.ok(response)).compactMap { $0["name"] as? String }
        #expect(names == ["editor", "reader", "root"])
        #expect(response.header("Cache-Control") == "no-store")
        // The use was recorded.
        #expect(try server.store.token(named: "root")?.lastUsedAt != nil)
        #expect(try server.store.token(named: "editor")?.lastUsedAt != nil)
    }

    @Test func anAddressThatKeepsFailingIsSlowedAndRecoversAfterTheWindow() throws {
        var options = APIOptions()
        options.authenticationFailureLimit = 3
        options.authenticationFailureWindow = .seconds(2)
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let (_, admin) = try server.store.createToken(name: "root", scope: .admin, now: Date())
        let good = ["Authorization": "Bearer \(admin.text)"]

        // Requests without credentials are no failed authentication: they are not counted.
        for _ in 0..<5 { try Self.expectUnauthorized(try server.get("/v1/tokens"), error: nil) }
        for value in ["Bearer \(Self.unknownToken)", "Basic YWRtaW46YWRtaW4=", "Bearer nonsense"] {
            #expect(try server.get("/v1/tokens", headers: ["Authorization": value]).status == 401)
        }
        // The limit is reached: even the right token is not looked at now.
        for headers in [["Authorization": "Bearer \(Self.unknownToken)"], good] {
            let response = try server.get("/v1/tokens", headers: headers)
            try APICheck.problem(response, status: 429, kind: "too-many-authentication-failures")
            let retryAfter = try #require(Int(response.header("Retry-After") ?? ""))
            #expect((1...2).contains(retryAfter))
            #expect(response.header("Cache-Control") == "no-store")
        }
        // The window began with the first failure, and the 429s did not extend it: after it, the address is heard again.
        Thread.sleep(forTimeInterval: 2.2)
        #expect(try server.get("/v1/tokens", headers: good).status == 200)
        #expect(try server.get("/v1/tokens", headers: ["Authorization": "Bearer \(Self.unknownToken)"]).status == 401)
    }

    @Test func tokenAnswersNeverEnterTheResponseCache() throws {
        let cache = ResponseCache()
        let server = try APITestServer { $0.responseCache = cache }
        defer { server.stop() }
        let (_, admin) = try server.store.createToken(name: "root", scope: .admin, now: Date())
        #expect(try server.get("/v1/tokens", headers: ["Authorization": "Bearer \(admin.text)"]).status == 200)
        #expect(try server.get("/v1/tokens/root", headers: ["Authorization": "Bearer \(admin.text)"]).status == 200)
        #expect(try server.get("/v1/tokens").status == 401)
        #expect(try server.get("/v1/tokens/root").status == 401)
        // A public read is still cached, and token bookkeeping did not empty the cache.
        #expect(try server.get("/v1/themes").status == 200)
        #expect(cache.count == 1)
        try server.store.createToken(name: "later", scope: .read, now: Date())
        #expect(cache.count == 1)
    }
}
