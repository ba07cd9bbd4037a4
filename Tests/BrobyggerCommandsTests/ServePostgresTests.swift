import Foundation
import Registry
import Testing
import TestSupport

/// `brobygger serve` on PostgreSQL as an operator runs it: two instances of the built executable started together
/// on one new database named by `DATABASE_URL`, a token made with `brobygger token create`, requests over real
/// sockets. Both migrate and load the seeds once between them; a write through one is served by the other
/// (whose response cache held the old version); one killed with SIGKILL leaves the other serving and writing,
/// and comes back without losing anything acknowledged.
@Suite struct ServePostgresTests {
    static let repository = TokenCommandTests.repository

    /// A `brobygger serve` process on a port of its own, its output in a log file.
    final class Instance {
        let port: Int
        let log: URL
        let process = Process()

        init(database: PostgresTestDatabase, directory: URL, name: String) throws {
            port = try ServeSignalTests.freePort()
            log = directory.appendingPathComponent("\(name).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.executableURL = try TokenCommandTests.executable
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--no-access-log",
                                 "--migrations", ServePostgresTests.repository.appendingPathComponent("migrations").path,
                                 "--seeds", ServePostgresTests.repository.appendingPathComponent("seeds").path]
            process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": database.urlString]) { $1 }
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var logged: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Waits until `/readyz` answers 200; false when the process ended or a minute passed.
        func waitUntilReady() throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(60)
            while !(try ServeSignalTests.isReady(port: port)) {
                guard ContinuousClock.now < deadline, process.isRunning else { return false }
                usleep(10_000)
            }
            return true
        }

        func request(_ method: String, _ target: String, headers: [String: String] = [:], body: String = "") throws -> RawResponse {
            var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !body.isEmpty { head += "Content-Length: \(body.utf8.count)\r\n" }
            let client = try RawClient(port: port)
            defer { client.close() }
            return try client.exchange(head + "\r\n" + body, method: method)
        }

        func stop(_ signal: Int32) {
            guard process.isRunning else { return }
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }
    }

    @Test func twoInstancesShareOneDatabase() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-serve-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Started together on an empty database: one migrates and loads the seeds, the other waits and finds them.
        let first = try Instance(database: database, directory: directory, name: "first")
        let second = try Instance(database: database, directory: directory, name: "second")
        defer {
            first.stop(SIGKILL)
            second.stop(SIGKILL)
        }
        #expect(try first.waitUntilReady(), "\(first.logged)")
        #expect(try second.waitUntilReady(), "\(second.logged)")
        let loads = try database.connect().query("SELECT count(*) FROM seed_load")[0].get(0, as: Int.self)
        #expect(loads == 1)
        #expect(first.logged.contains("records from 5 documents loaded") && !first.logged.contains("password"), "\(first.logged)")

        let made = try TokenCommandTests.brobygger([
            "token", "create", "--name", "editor", "--scope", "write", "--database", database.urlString,
            "--migrations", Self.repository.appendingPathComponent("migrations").path,
        ])
        #expect(made.status == 0, "\(made.error)")
        let editor = ["Authorization": "Bearer " + made.output.trimmingCharacters(in: .whitespacesAndNewlines)]

        // The second instance serves (and caches) the record; the first changes it; the second serves the change.
        let path = "/v1/organisations/stadt-leipzig"
        let before = try second.request("GET", path)
        #expect(before.status == 200 && before.text.contains("\"Stadt Leipzig\""), "\(before.text.prefix(200))")
        #expect(try second.request("GET", path).header("ETag") == before.header("ETag"))
        let etag = try #require(try first.request("GET", path).header("ETag"))
        let patched = try first.request("PATCH", path, headers: editor.merging(["If-Match": etag, "Content-Type": "application/merge-patch+json"]) { $1 },
                                        body: #"{"name": "Stadt Leipzig (verwaltet)"}"#)
        #expect(patched.status == 200, "\(patched.text)")
        let heard = try Self.eventually { try second.request("GET", path).text.contains("Stadt Leipzig (verwaltet)") }
        #expect(heard != nil, "the second instance still served the old version")
        if let heard { #expect(heard < .seconds(2)) }
        // The first instance's tag is stale on the second too: tags are the database's, not an instance's.
        let stale = try second.request("PATCH", path, headers: editor.merging(["If-Match": etag, "Content-Type": "application/merge-patch+json"]) { $1 },
                                       body: #"{"name": "Stale"}"#)
        #expect(stale.status == 412, "\(stale.text)")

        // The first instance dies; the second goes on reading and writing, and the first comes back with it all.
        first.stop(SIGKILL)
        let created = try second.request("POST", "/v1/themes", headers: editor.merging(["Content-Type": "application/json"]) { $1 },
                                          body: #"{"id": "cross-border-care", "labels": {"en": "Cross-border care", "da": "Grænseoverskridende pleje", "de": "Grenzüberschreitende Pflege"}}"#)
        #expect(created.status == 201, "\(created.text)")
        let restarted = try Instance(database: database, directory: directory, name: "restarted")
        defer { restarted.stop(SIGKILL) }
        #expect(try restarted.waitUntilReady(), "\(restarted.logged)")
        #expect(try restarted.request("GET", "/v1/themes/cross-border-care").status == 200)
        #expect(try restarted.request("GET", path).text.contains("Stadt Leipzig (verwaltet)"))
        let history = try restarted.request("GET", "/v1/organisations/stadt-leipzig/history")
        #expect(history.status == 200 && (history.text.contains("\"author\": \"editor\"") || history.text.contains("\"author\":\"editor\"")),
                "\(history.text.prefix(400))")

        for instance in [second, restarted] {
            instance.stop(SIGTERM)
            #expect(instance.process.terminationStatus == 0, "\(instance.logged)")
        }
    }

    /// How long `condition` took to hold, polled every 10 ms for up to 5 s; nil when it never did.
    static func eventually(_ condition: () throws -> Bool) throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(5) {
            if try condition() { return ContinuousClock.now - start }
            usleep(10_000)
        }
        return nil
    }
}
