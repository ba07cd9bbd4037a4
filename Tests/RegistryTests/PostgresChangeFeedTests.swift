import Foundation
import PostgresClient
import Locking
import Testing
import TestSupport
@testable import Registry

/// Instances on one PostgreSQL database hear of each other's changes: a notification reaches every listening
/// store, and a listener that lost its connection reconnects and counts the gap as a change.
@Suite struct PostgresChangeFeedTests {
    /// Waits up to 10 seconds for `condition`.
    static func eventually(_ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try condition()
    }

    @Test func aNotificationReachesTheOtherInstanceAndAGapCountsAsAChange() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let listening = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        let heard = Mutex(0)
        listening.changes.onChange { heard.withLock { $0 += 1 } }
        listening.watchOtherWriters()
        #expect(Self.eventually { listening.hearsOtherWriters })
        // Connecting counts as a change: what happened before is not known.
        #expect(Self.eventually { heard.withLock { $0 } == 1 })
        let network = try listening.cooperationNetwork()
        #expect(network.nodes.isEmpty)

        // Another instance's write notifies at its commit, not before.
        let writer = try database.connect()
        try writer.execute("BEGIN")
        try PostgresChangeFeed.notify(on: writer)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(heard.withLock { $0 } == 1)
        try writer.execute("COMMIT")
        #expect(Self.eventually { heard.withLock { $0 } == 2 })
        #expect(listening.changes.lastChange != nil)

        // The listener's connection ends (a restart of PostgreSQL, a terminated backend): it comes back and
        // reports the gap.
        let listener = try writer.query("""
            SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'
            """).rows.first?.get(0, as: Int32.self)
        let pid = try #require(listener)
        try writer.query("SELECT pg_terminate_backend($1::int)", [.integer(Int64(pid))])
        #expect(Self.eventually { heard.withLock { $0 } >= 3 })
        #expect(Self.eventually { listening.hearsOtherWriters })
        try PostgresChangeFeed.notify(on: writer)
        let before = heard.withLock { $0 }
        try PostgresChangeFeed.notify(on: writer)
        #expect(Self.eventually { heard.withLock { $0 } > before })
    }
}
