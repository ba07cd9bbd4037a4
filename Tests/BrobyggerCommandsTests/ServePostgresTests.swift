import Foundation
import Registry
import Locking
import Testing
import TestSupport

/// `brobygger serve` on PostgreSQL as an operator runs it: two instances of the built executable started together
/// on one new database named by `DATABASE_URL`, a token made with `brobygger token create`, requests over real
/// sockets. Both migrate and load the seeds once between them; a write through one is served by the other
/// (whose response cache held the old version); of two writes racing with one tag through the two, exactly one
/// wins; one killed with SIGKILL while it writes leaves the other serving and writing, loses no acknowledged
/// write, and comes back without losing anything.
@Suite struct ServePostgresTests {
    static let repository = TokenCommandTests.repository

    /// A `brobygger serve` process on a port of its own, its output in a log file.
    final class Instance {
        let port: Int
        let log: URL
        let process: ChildProcess

        init(database: PostgresTestDatabase, directory: URL, name: String) throws {
            port = try LoopbackPort.free()
            log = directory.appendingPathComponent("\(name).log")
            process = try ChildProcess(
                try TokenCommandTests.executable.path,
                ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--no-access-log",
                 "--migrations", ServePostgresTests.repository.appendingPathComponent("migrations").path,
                 "--seeds", ServePostgresTests.repository.appendingPathComponent("seeds").path],
                output: log.path, error: log.path, environment: ["DATABASE_URL": database.urlString])
        }

        var logged: String { OutputFile.text(at: log.path) }

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
            try Self.request(port: port, method, target, headers: headers, body: body)
        }

        /// One request on a new connection to the instance on `port`.
        static func request(port: Int, _ method: String, _ target: String, headers: [String: String] = [:],
                            body: String = "") throws -> RawResponse {
            var head = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if !body.isEmpty { head += "Content-Length: \(body.utf8.count)\r\n" }
            let client = try RawClient(port: port)
            defer { client.close() }
            return try client.exchange(head + "\r\n" + body, method: method)
        }

        func stop(_ signal: Int32) {
            process.signal(signal)
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

        // Racing writes with one tag, one through each instance: exactly one wins, the other is 412, every time.
        let patch = ["Content-Type": "application/merge-patch+json"]
        for round in 0..<10 {
            // Both instances serve the last round's winner first: each hears the other's writes shortly after them
            // (as above), and a round raced with a tag one of them has not heard of yet has no winner.
            var served: String?
            let agreed = try Self.eventually {
                served = try first.request("GET", path).header("ETag")
                let other = try second.request("GET", path).header("ETag")
                return served != nil && served == other
            }
            #expect(agreed != nil, "round \(round): the instances served different versions")
            let tag = try #require(served)
            let statuses = Mutex<[Int]>([])
            let ports = [first.port, second.port]
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let status = (try? Instance.request(port: ports[index], "PATCH", path, headers: editor.merging(patch) { $1 }.merging(["If-Match": tag]) { $1 },
                                                    body: #"{"name": "Stadt Leipzig \#(round)-\#(index)"}"#).status) ?? 0
                statuses.withLock { $0.append(status) }
            }
            #expect(statuses.withLock { $0.sorted() } == [200, 412], "round \(round)")
        }

        // The first instance is killed with SIGKILL while a client writes through it; the second goes on serving,
        // and every write the first acknowledged is there.
        let acknowledged = Mutex<[String]>([])
        let firstPort = first.port
        let writer = Thread {
            for index in 0..<10_000 {
                let body = #"{"id": "killed-\#(index)", "labels": {"en": "Killed \#(index)", "da": "Killed \#(index)", "de": "Killed \#(index)"}}"#
                guard let response = try? Instance.request(port: firstPort, "POST", "/v1/themes", headers: editor.merging(["Content-Type": "application/json"]) { $1 },
                                                         body: body) else { return }
                if response.status == 201 { acknowledged.withLock { $0.append("killed-\(index)") } }
            }
        }
        writer.start()
        while acknowledged.withLock({ $0.count }) < 20 { usleep(5_000) }
        first.stop(SIGKILL)
        while writer.isExecuting { usleep(5_000) }
        for id in acknowledged.withLock({ $0 }) {
            #expect(try second.request("GET", "/v1/themes/\(id)").status == 200, "\(id) was acknowledged but is gone")
        }
        let created = try second.request("POST", "/v1/themes", headers: editor.merging(["Content-Type": "application/json"]) { $1 },
                                          body: #"{"id": "cross-border-care", "labels": {"en": "Cross-border care", "da": "Grænseoverskridende pleje", "de": "Grenzüberschreitende Pflege"}}"#)
        #expect(created.status == 201, "\(created.text)")
        let restarted = try Instance(database: database, directory: directory, name: "restarted")
        defer { restarted.stop(SIGKILL) }
        #expect(try restarted.waitUntilReady(), "\(restarted.logged)")
        #expect(try restarted.request("GET", "/v1/themes/cross-border-care").status == 200)
        // The last round's winner.
        #expect(try restarted.request("GET", path).text.contains("Stadt Leipzig 9-"))
        let history = try restarted.request("GET", "/v1/organisations/stadt-leipzig/history")
        #expect(history.status == 200 && (history.text.contains("\"author\": \"editor\"") || history.text.contains("\"author\":\"editor\"")),
                "\(history.text.prefix(400))")

        for instance in [second, restarted] {
            instance.stop(SIGTERM)
            #expect(instance.process.terminationStatus == 0, "\(instance.logged)")
            #expect(instance.logged.contains("records from 5 documents loaded"), "\(instance.logged)")
            #expect(!instance.logged.contains("password"))
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
