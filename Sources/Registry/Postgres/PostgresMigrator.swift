import Foundation
import PostgresClient

/// Applies the PostgreSQL migrations (`migrations/postgres/NNNN_name.sql`) in order and records each with its
/// checksum in `schema_migration`, like ``Migrator`` does for SQLite: one transaction for the whole run, and a
/// migration recorded earlier whose file has changed stops it.
///
/// Several instances starting together against one database must not race to create the same tables: the run
/// holds a session-level advisory lock, so the first instance migrates and the others wait, then find nothing
/// pending. PostgreSQL's DDL is transactional, so a failing migration leaves nothing of the run behind.
public struct PostgresMigrator: Sendable {
    /// The directory beside the SQLite migrations that holds PostgreSQL's.
    public static let subdirectory = "postgres"
    /// The advisory lock key that migrations of a Brobygger database are applied under (an arbitrary constant,
    /// the same in every instance: the bytes of "brobmigr").
    static let lockKey: Int64 = 0x62726F62_6D696772

    public var migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Reads the PostgreSQL migrations from the `postgres` directory inside `migrationsDirectory`.
    public init(migrationsDirectory: URL) throws(MigrationError) {
        let directory = migrationsDirectory.appendingPathComponent(Self.subdirectory, isDirectory: true)
        self.init(migrations: try Migration.load(from: directory).map { migration in
            var named = migration
            named.fileName = "\(Self.subdirectory)/\(migration.fileName)"
            return named
        })
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            version     integer PRIMARY KEY,
            file_name   text NOT NULL,
            checksum    text NOT NULL,
            applied_at  text NOT NULL
        )
        """

    /// Brings the schema up to date; returns the file names applied by this call.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [String] {
        try connection.withAdvisoryLock(Self.lockKey) {
            try connection.transaction { connection in
                // Quietly: "relation already exists, skipping" is the expected case for every instance but one.
                try connection.execute("SET LOCAL client_min_messages = warning")
                try connection.execute(Self.createTable)
                let ledger = MigrationLedger(migrations: migrations, recorded: try Self.recordedRows(connection))
                if let problem = ledger.problem { throw problem }
                let timestamp = Migrator.timestamp()
                var applied: [String] = []
                for migration in ledger.pending {
                    do {
                        try connection.execute(migration.sql)
                    } catch {
                        throw MigrationError.failed(fileName: migration.fileName, reason: "\(error)")
                    }
                    try connection.query(
                        "INSERT INTO schema_migration (version, file_name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                        [.integer(Int64(migration.version)), .text(migration.fileName), .text(migration.checksum), .text(timestamp)])
                    applied.append(migration.fileName)
                }
                return applied
            }
        }
    }

    /// The state of every migration, read without changing anything (all pending in an empty database).
    public func status(_ connection: PostgresConnection) throws -> [MigrationStatus] {
        let exists = try connection.query("SELECT to_regclass('schema_migration') IS NOT NULL")[0].get(0, as: Bool.self)
        let recorded = exists ? try Self.recordedRows(connection) : [:]
        return MigrationLedger(migrations: migrations, recorded: recorded).statuses
    }

    private static func recordedRows(_ connection: PostgresConnection) throws -> [Int: MigrationLedger.Entry] {
        var rows: [Int: MigrationLedger.Entry] = [:]
        for row in try connection.query("SELECT version, file_name, checksum, applied_at FROM schema_migration").rows {
            rows[try row.get(0, as: Int.self)] = MigrationLedger.Entry(
                fileName: try row.get(1), checksum: try row.get(2), appliedAt: try row.get(3))
        }
        return rows
    }
}
