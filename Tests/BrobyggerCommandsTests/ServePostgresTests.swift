import Foundation
import Registry
import Testing
import TestSupport

/// `brobygger serve` on a PostgreSQL database, as an operator runs it: the built executable, the database named
/// by `DATABASE_URL` and filled by `brobygger copy`, a record read through a real socket.
@Suite struct ServePostgresTests {
    @Test func serveOnPostgresAnswersWhatTheDatabaseHolds() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-serve-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let migrations = TokenCommandTests.repository.appendingPathComponent("migrations")
        let file = directory.appendingPathComponent("registry.sqlite")
        try SeedLoader(seedsDirectory: TokenCommandTests.repository.appendingPathComponent("seeds"))
            .load(into: RegistryStore.open(path: file.path, migrationsDirectory: migrations))
        let copied = try TokenCommandTests.brobygger(["copy", "--from", file.path, "--to", database.urlString, "--migrations", migrations.path])
        #expect(copied.status == 0, "\(copied.error)")

        let port = try ServeSignalTests.freePort()
        let log = directory.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        defer { try? logHandle.close() }
        let process = Process()
        process.executableURL = try TokenCommandTests.executable
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--migrations", migrations.path,
                             "--seeds", directory.appendingPathComponent("no-seeds").path, "--no-access-log"]
        process.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": database.urlString]) { $1 }
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let deadline = ContinuousClock.now + .seconds(60)
        while !(try ServeSignalTests.isReady(port: port)) {
            guard ContinuousClock.now < deadline, process.isRunning else {
                Issue.record("not ready: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
                return
            }
            usleep(5_000)
        }

        let client = try RawClient(port: port)
        defer { client.close() }
        let response = try client.exchange("GET /v1/projects/cityregio-ii HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(response.status == 200, "\(response.text)")
        #expect(response.text.contains("\"acronym\": \"CITYREGIO II\"") || response.text.contains("\"acronym\":\"CITYREGIO II\""),
                "\(response.text.prefix(300))")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let logged = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // The seeds directory does not exist: on PostgreSQL the seeds are not read, and the log says so.
        #expect(logged.contains("seeds are not loaded into PostgreSQL"), "\(logged)")
        #expect(logged.contains("(PostgreSQL)"), "\(logged)")
        #expect(!logged.contains("password"))
    }
}
