import Foundation
import PostgresClient

/// The throwaway PostgreSQL server `scripts/with-postgres` starts for the test run. Without it the tests fail:
/// they need a real server, and the script provides one.
enum TestServer {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "BROBYGGER_TEST_POSTGRES_URL is not set: run the tests as `scripts/with-postgres swift test`"
        }
    }

    static func url() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment["BROBYGGER_TEST_POSTGRES_URL"] else { throw Missing() }
        return try PostgresURL(parsing: text)
    }

    static func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url())
    }

    /// A name no other test of the run uses, for channels and lock keys shared across connections.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
    }

    static func uniqueKey() -> Int64 {
        Int64.random(in: 1...Int64.max)
    }

    /// Ends the backend of `processID` from another connection, as a server restart would, and waits until it
    /// is gone.
    static func terminateBackend(_ processID: Int32) throws {
        let admin = try connect()
        try admin.query("SELECT pg_terminate_backend($1::int)", [.integer(Int64(processID))])
        for _ in 0..<200 {
            let left = try admin.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [.integer(Int64(processID))])
            if try left[0].get(0, as: Int.self) == 0 { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
