import Foundation
import PostgresClient

/// A database of its own on the throwaway PostgreSQL server that `scripts/with-postgres` starts for the test
/// run, created for one test and dropped by ``drop()``. Without that server the tests that need one fail with
/// a message saying how to run them: they need a real server, and the script provides one.
public struct PostgresTestDatabase: Sendable {
    /// Why there is no server to test against.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "BROBYGGER_TEST_POSTGRES_URL is not set: run the tests as `scripts/with-postgres swift test`"
        }
    }

    /// The server's own database, which test databases are created from.
    public let serverURL: PostgresURL
    /// The test's database.
    public let url: PostgresURL

    /// Creates a new, empty database.
    public init() throws {
        try self.init(template: nil)
    }

    /// Creates a new database as a copy of `template`, which no session may be connected to: PostgreSQL copies
    /// its files, much faster than filling a database anew.
    public init(copying template: PostgresTestDatabase) throws {
        try self.init(template: template.url.database)
    }

    private init(template: String?) throws {
        guard let text = ProcessInfo.processInfo.environment["BROBYGGER_TEST_POSTGRES_URL"] else { throw Missing() }
        serverURL = try PostgresURL(parsing: text)
        var url = serverURL
        url.database = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.url = url
        try PostgresConnection(url: serverURL).execute("CREATE DATABASE \(url.database)" + (template.map { " TEMPLATE \($0)" } ?? ""))
    }

    /// The database's URL as `--database` takes it.
    public var urlString: String {
        "postgres://\(url.user)@\(url.host):\(url.port)/\(url.database)"
    }

    /// A new connection to the test's database.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url)
    }

    /// Drops the database, ending any session still connected to it.
    public func drop() {
        _ = try? PostgresConnection(url: serverURL).execute("DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }
}
