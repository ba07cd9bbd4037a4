import Foundation
import Testing

/// The store the API tests serve: SQLite, or PostgreSQL when `BROBYGGER_TEST_ENGINE=postgres` (run beside
/// `scripts/with-postgres`), so that one suite checks the API on both.
enum TestEngine: String, Sendable {
    case sqlite
    case postgres

    static let current = TestEngine(rawValue: ProcessInfo.processInfo.environment["BROBYGGER_TEST_ENGINE"] ?? "") ?? .sqlite
}

extension Trait where Self == ConditionTrait {
    /// Skips a test that only the SQLite store can run, saying why, when the suite runs on PostgreSQL.
    static func sqliteOnly(_ reason: Comment) -> Self {
        .disabled(if: TestEngine.current == .postgres, reason)
    }

    /// Runs a test of the API on PostgreSQL only when the suite runs on PostgreSQL: the run on SQLite may have no
    /// PostgreSQL server beside it.
    static var postgresOnly: Self {
        .enabled(if: TestEngine.current == .postgres, "runs with BROBYGGER_TEST_ENGINE=postgres (beside scripts/with-postgres)")
    }
}
