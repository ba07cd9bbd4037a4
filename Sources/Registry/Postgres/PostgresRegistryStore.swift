import Crypto
import Foundation
import PostgresClient

/// The registry in a PostgreSQL database: the store that several Brobygger instances share.
///
/// It answers what ``RegistryStore`` answers, with PostgreSQL's SQL; the domain logic around the statements
/// (what a token's use records, how a record is served) is the same code where it is more than a statement.
/// Connections come from a bounded pool sized by the caller (the server's worker count), and a checkout waits
/// at most the pool's timeout, so an unreachable database is an error at once, never a hang.
public final class PostgresRegistryStore: Sendable {
    let pool: PostgresPool
    let migrator: PostgresMigrator
    /// When the data last changed, through this instance or another, and what to do when it changes.
    public let changes = RegistryChanges()
    /// The notifications of changes made through any instance.
    private let feed: PostgresChangeFeed
    /// The cooperation network, built on first use and brought up to date (or forgotten) whenever the data changes.
    let networkCache = NetworkCache()
    /// Document frequencies for search ranking, forgotten whenever the data changes.
    let searchStatistics = SearchStatistics()
    /// The counts of selections listed lately, forgotten whenever the data changes.
    let selectionCounts = SelectionCounts()

    private init(pool: PostgresPool, migrator: PostgresMigrator) {
        self.pool = pool
        self.migrator = migrator
        let changes = changes
        feed = PostgresChangeFeed(url: pool.url) { change in changes.noteChange(change) }
        changes.onChange { [searchStatistics, networkCache, selectionCounts] (change: RegistryChange, describedHere: Bool) in
            searchStatistics.noteChange(change, describedHere: describedHere)
            networkCache.noteChange(change)
            selectionCounts.removeAll()
        }
    }

    deinit {
        feed.stop()
    }

    /// Listens for the changes that any instance commits (``PostgresChangeFeed``), and runs what ``changes`` runs
    /// for each: a serving instance never keeps what another replaced.
    public func watchOtherWriters() {
        feed.start()
    }

    /// Whether this instance hears of other instances' changes now.
    public var hearsOtherWriters: Bool { feed.isListening }

    /// Opens the database at `url` with a pool of at most `poolSize` connections, and applies the pending
    /// migrations of `migrationsDirectory`'s `postgres` directory (under an advisory lock: instances that start
    /// together migrate once).
    public static func open(url: PostgresURL, migrationsDirectory: URL, poolSize: Int) throws -> PostgresRegistryStore {
        let migrator = try PostgresMigrator(migrationsDirectory: migrationsDirectory)
        let pool = PostgresPool(url: url, size: max(1, poolSize))
        try pool.withConnection { connection in try connection.withoutResponseTimeout { _ = try migrator.migrate(connection) } }
        return PostgresRegistryStore(pool: pool, migrator: migrator)
    }

    /// The applied and pending migrations.
    public func migrationStatus() throws -> [MigrationStatus] {
        try pool.withConnection { try migrator.status($0) }
    }

    // MARK: Reading

    /// Runs `body`, and every read of this store that it makes, in one read-only transaction of repeatable-read
    /// isolation: all of them see the registry as it was when the first statement ran, on one connection.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if PostgresRegistryStore.snapshotConnection != nil { return try body() }
        // Read before the transaction begins: a count made in the snapshot is as old as the snapshot.
        let generation = selectionCounts.generation
        return try pool.withConnection { connection in
            try connection.transaction { connection in
                try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return try PostgresRegistryStore.$snapshotConnection.withValue(SnapshotConnection(connection)) {
                    try PostgresRegistryStore.$snapshotCountGeneration.withValue(generation) { try body() }
                }
            }
        }
    }

    /// The generation of ``selectionCounts`` when the current snapshot began.
    @TaskLocal static var snapshotCountGeneration: UInt64?

    /// The connection of the snapshot the current task is inside.
    @TaskLocal private static var snapshotConnection: SnapshotConnection?

    /// A connection lent to the reads of one snapshot, all on the thread that runs it.
    private final class SnapshotConnection: @unchecked Sendable {
        let connection: PostgresConnection
        init(_ connection: PostgresConnection) { self.connection = connection }
    }

    /// A read on a connection of its own, or on the snapshot's the caller is inside.
    func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if let snapshot = PostgresRegistryStore.snapshotConnection { return try body(snapshot.connection) }
        return try pool.withConnection(body)
    }

    /// A write in a transaction of its own; one whose `COMMIT` was cut off counts as made when PostgreSQL, once
    /// it answers again, says it was committed.
    @discardableResult
    func write<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.withTransaction(body)
    }

    // MARK: Secrets

    /// The secret named `name`: 32 random bytes, made the first time it is asked for and kept in the database,
    /// so that every instance signs cursors and tags with the same key.
    public func secret(named name: String) throws -> [UInt8] {
        let select = "SELECT value FROM instance_secret WHERE name = $1"
        if let existing = try read({ try $0.query(select, [.text(name)]).rows.first?.get(0, as: [UInt8].self) }) {
            return existing
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return try write { connection in
            // Another instance may make it at the same moment: the first one's stays.
            try connection.query("INSERT INTO instance_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                                 [.text(name), .bytes(fresh)])
            return try connection.query(select, [.text(name)]).rows.first?.get(0, as: [UInt8].self) ?? fresh
        }
    }

    // MARK: Counting

    /// The number of records of `kind`.
    public func count(_ kind: RecordKind) throws -> Int {
        try read { try $0.query("SELECT count(*) FROM \(kind.rawValue)")[0].get(0, as: Int.self) }
    }

    /// The number of records of every kind.
    public func counts() throws -> [RecordKind: Int] {
        var counts: [RecordKind: Int] = [:]
        for kind in RecordKind.allCases { counts[kind] = try count(kind) }
        return counts
    }
}
