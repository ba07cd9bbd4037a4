import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// A database file made read-only while the server runs: writes are refused with a `503` that names the cause
/// and write nothing, reads go on, and writes work again once the file is writable, without a restart.
@Suite(.sqliteOnly("makes the SQLite database file read-only; a PostgreSQL database has no file to do this to"))
struct ReadOnlyDatabaseTests {
    @Test func writesAreRefusedWhileTheFileIsReadOnlyAndWorkAgainAfterwards() throws {
        let server = try APITestServer(options: { var options = APIOptions(); options.requireIfMatch = false; return options }())
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let file = server.directory.appendingPathComponent("registry.sqlite").path
        let changes = try server.changeCount()

        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        let refused = try server.send("POST", "/v1/organisations", #"{"name": "Hafen Teststadt", "kind": "company"}"#,
                                      headers: editor)
        let problem = try APICheck.problem(refused, status: 503, kind: "database-read-only")
        #expect((problem["detail"] as? String)?.contains("read-only") == true)
        #expect(refused.header("Retry-After") != nil)
        #expect(refused.header("Cache-Control") == "no-store")
        let patch = try server.send("PATCH", "/v1/organisations/hafen-teststadt", #"{"description": "x"}"#,
                                    headers: editor, contentType: "application/merge-patch+json")
        try APICheck.problem(patch, status: 503, kind: "database-read-only")
        // Reads go on, and nothing was written.
        try APICheck.problem(try server.get("/v1/organisations/hafen-teststadt"), status: 404, kind: "not-found")
        #expect(try server.get("/v1/organisations?limit=1").status == 200)
        #expect(try server.changeCount() == changes)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        let created = try server.send("POST", "/v1/organisations", #"{"name": "Hafen Teststadt", "kind": "company"}"#,
                                      headers: editor)
        #expect(created.status == 201, "\(created.text)")
        #expect(try server.data("/v1/organisations/hafen-teststadt")["name"] as? String == "Hafen Teststadt")
        #expect(try server.changeCount() == changes + 1)
    }

    @Test func aTokenIsAuthenticatedWhileTheFileIsReadOnlyAndTokensAreNotMade() throws {
        let server = try APITestServer()
        defer { server.stop() }
        // A token never used yet: authenticating it would record its first use, a write.
        let admin = try server.bearer("admin", .admin)
        let file = server.directory.appendingPathComponent("registry.sqlite").path
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file) }
        #expect(try server.get("/v1/tokens", headers: admin).status == 200)
        let made = try server.send("POST", "/v1/tokens", #"{"name": "other", "scope": "read"}"#, headers: admin)
        try APICheck.problem(made, status: 503, kind: "database-read-only")
        #expect(try server.store.token(named: "other") == nil)
        #expect(try server.store.token(named: "admin")?.lastUsedAt == nil)
    }
}
