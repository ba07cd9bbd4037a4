import Foundation
import Testing
import TestSupport

/// `brobygger serve` stops on SIGTERM whenever it comes: a supervisor that stops the server the moment it is
/// ready (a rolling restart, a test harness) must not find it still running.
@Suite struct ServeSignalTests {
    /// Serves a new database, waits for `/readyz`, sends SIGTERM at once, and returns the exit status, or nil
    /// when the server was still running five seconds later.
    private func stopAsSoonAsReady(in directory: URL) throws -> Int32? {
        let port = try LoopbackPort.free()
        let process = try ChildProcess(
            try TokenCommandTests.executable.path,
            ["serve", "--host", "127.0.0.1", "--port", "\(port)",
             "--database", directory.appendingPathComponent("registry.sqlite").path,
             "--seeds", TokenCommandTests.repository.appendingPathComponent("seeds").path,
             "--migrations", TokenCommandTests.repository.appendingPathComponent("migrations").path,
             "--no-access-log"])
        let deadline = ContinuousClock.now + .seconds(60)
        while !(try Self.isReady(port: port)) {
            guard ContinuousClock.now < deadline, process.isRunning else { throw CocoaError(.fileReadUnknown) }
            usleep(2_000)
        }
        process.signal(SIGTERM)
        guard process.wait(timeout: .seconds(5)) else { return nil }
        return process.terminationStatus
    }

    @Test func aSIGTERMRightAfterReadinessStopsTheServer() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for attempt in 1...8 {
            #expect(try stopAsSoonAsReady(in: directory) == 0, "attempt \(attempt): still running 5 s after SIGTERM, or failed")
        }
    }

    /// Whether `GET /readyz` answers 200 on a fresh connection.
    static func isReady(port: Int) throws -> Bool {
        guard let client = try? RawClient(port: port, timeout: .seconds(2)) else { return false }
        let response = try? client.exchange("GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return response?.status == 200
    }
}
