import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Token management over HTTP with an `admin` token: create, list, show, revoke, and every refusal.
@Suite struct TokenRoutesTests {
    /// A server with one admin token, and the headers that present it.
    static func serverWithAdmin() throws -> (APITestServer, [String: String]) {
        let server = try APITestServer()
        let (_, admin) = try server.store.createToken(name: "root", scope: .admin, now: Date())
        return (server, ["Authorization": "Bearer \(admin.text)"])
    }

    static func post(_ server: APITestServer, _ json: String, headers: [String: String],
                     contentType: String = "application/json") throws -> RawResponse {
        try server.request("POST", "/v1/tokens", headers: headers.merging(["Content-Type": contentType]) { $1 }, body: Array(json.utf8))
    }

    @Test func aCreatedTokenIsShownOnceAndWorks() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        let created = try Self.post(server, #"{"name": "editor", "scope": "write"}"#, headers: admin)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.header("Content-Type") == "application/json")
        #expect(created.header("Location") == "/v1/tokens/editor")
        #expect(created.header("Cache-Control") == "no-store")
        let body = try created.jsonObject()
        #expect(body["name"] as? String == "editor")
        #expect(body["scope"] as? String == "write")
        #expect(body["created_at"] is String)
        #expect(body["last_used_at"] is NSNull)
        #expect(body["revoked_at"] is NSNull)
        let secret = try #require(body["token"] as? String)
        #expect(secret.hasPrefix("bby_") && secret.count == TokenSecret.length)
        #expect(try server.store.authenticate(#require(TokenSecret(presented: secret)), now: Date())?.name == "editor")

        // Neither the list nor the item shows a token again, nor its hash.
        for target in ["/v1/tokens", "/v1/tokens/editor"] {
            let response = try server.get(target, headers: admin)
            #expect(response.status == 200)
            #expect(response.header("Cache-Control") == "no-store")
            #expect(!response.text.contains(secret))
            #expect(!response.text.contains("\"token\""))
            #expect(!response.text.contains("sha256"))
        }
        let item = try APICheck.ok(try server.get("/v1/tokens/editor", headers: admin))
        #expect(item["scope"] as? String == "write")
        #expect(item["link"] as? String == "/v1/tokens/editor")
        // A write token is no admin.
        #expect(try server.get("/v1/tokens", headers: ["Authorization": "Bearer \(secret)"]).status == 403)
    }

    @Test func aRevokedTokenStopsWorkingAtOnce() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        let secret = try #require(try Self.post(server, #"{"name":"second-admin","scope":"admin"}"#, headers: admin).jsonObject()["token"] as? String)
        let second = ["Authorization": "Bearer \(secret)"]
        #expect(try server.get("/v1/tokens", headers: second).status == 200)

        let revoked = try server.request("DELETE", "/v1/tokens/second-admin", headers: admin)
        #expect(revoked.status == 204)
        #expect(revoked.body.isEmpty)
        #expect(revoked.header("Cache-Control") == "no-store")
        try AuthenticationTests.expectUnauthorized(try server.get("/v1/tokens", headers: second), error: "invalid_token")
        // The row stays, revoked; revoking again changes nothing.
        let item = try APICheck.ok(try server.get("/v1/tokens/second-admin", headers: admin))
        let revokedAt = try #require(item["revoked_at"] as? String)
        #expect(try server.request("DELETE", "/v1/tokens/second-admin", headers: admin).status == 204)
        #expect(try APICheck.ok(try server.get("/v1/tokens/second-admin", headers: admin))["revoked_at"] as? String == revokedAt)
        // The name stays taken.
        try APICheck.problem(try Self.post(server, #"{"name":"second-admin","scope":"read"}"#, headers: admin),
                             status: 409, kind: "token-name-taken")
    }

    @Test func unknownNamesAreNotFound() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        try APICheck.problem(try server.request("DELETE", "/v1/tokens/nobody", headers: admin), status: 404, kind: "not-found")
        try APICheck.problem(try server.get("/v1/tokens/nobody", headers: admin), status: 404, kind: "not-found")
    }

    @Test func aTakenNameIsAConflict() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        let response = try Self.post(server, #"{"name":"root","scope":"read"}"#, headers: admin)
        try APICheck.problem(response, status: 409, kind: "token-name-taken")
        #expect(response.header("Cache-Control") == "no-store")
    }

    @Test func everyProblemOfABodyIsReportedAtOnce() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        let response = try Self.post(server, #"{"name": "has space", "scope": "owner", "expires": 3}"#, headers: admin)
        let problem = try APICheck.problem(response, status: 422, kind: "invalid-body")
        let params = problem["invalid_params"] as? [[String: Any]] ?? []
        #expect(params.compactMap { $0["name"] as? String }.sorted() == ["/expires", "/name", "/scope"])
        #expect(params.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })

        let empty = try APICheck.problem(try Self.post(server, "{}", headers: admin), status: 422, kind: "invalid-body")
        #expect((empty["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted() == ["/name", "/scope"])
        let wrongTypes = try APICheck.problem(try Self.post(server, #"{"name": 7, "scope": ["admin"]}"#, headers: admin),
                                              status: 422, kind: "invalid-body")
        #expect((wrongTypes["invalid_params"] as? [[String: Any]] ?? []).count == 2)
        let array = try APICheck.problem(try Self.post(server, "[]", headers: admin), status: 422, kind: "invalid-body")
        #expect((array["invalid_params"] as? [[String: Any]])?.first?["name"] as? String == "")
        // Nothing was made.
        #expect(try server.store.tokens().map(\.name) == ["root"])
    }

    @Test func aBodyThatIsNotJSONOrNotLabelledSoIsRefused() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        try APICheck.problem(try Self.post(server, #"{"name": "x", "#, headers: admin), status: 400, kind: "malformed-body")
        let unsupported = try Self.post(server, #"{"name":"x","scope":"read"}"#, headers: admin, contentType: "text/plain")
        try APICheck.problem(unsupported, status: 415, kind: "unsupported-media-type")
        #expect(unsupported.header("Accept-Post") == "application/json")
        // Parameters of the media type are fine.
        #expect(try Self.post(server, #"{"name":"x","scope":"read"}"#, headers: admin, contentType: "application/json; charset=utf-8").status == 201)
    }

    @Test func queryParametersAreRefused() throws {
        let (server, admin) = try Self.serverWithAdmin()
        defer { server.stop() }
        try APICheck.badParameter(try server.get("/v1/tokens?limit=5", headers: admin), "limit", kind: "unknown-parameter")
    }
}
