import Foundation
import GRDB

/// Applies the SQL migrations in order, in one transaction, and records each with its checksum
/// in `schema_migration`. A migration recorded earlier whose file has changed stops the run.
///
/// GRDB's `DatabaseMigrator` is not used: it records only an identifier per migration (in its own
/// `grdb_migrations` table) and runs each migration in a transaction of its own, so it would keep neither the
/// checksums that refuse an edited migration nor the file names and times that `migrate --status` shows, and
/// a failing migration would leave the ones before it applied. What it would replace here is the loop that
/// executes the pending files; the bookkeeping above would stay, beside a second table to keep in step.
///
/// A new database gets the schema from the ``SchemaSnapshot`` when one made from exactly these migrations
/// is given.
public struct Migrator: Sendable {
    public var migrations: [Migration]
    public var snapshot: SchemaSnapshot?

    public init(migrations: [Migration], snapshot: SchemaSnapshot? = nil) {
        self.migrations = migrations
        self.snapshot = snapshot
    }

    public init(directory: URL) throws(MigrationError) {
        self.init(migrations: try Migration.load(from: directory),
                  snapshot: try SchemaSnapshot.load(fromMigrationsDirectory: directory))
    }

    private static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            version     INTEGER PRIMARY KEY,
            file_name   TEXT NOT NULL,
            checksum    TEXT NOT NULL,
            applied_at  TEXT NOT NULL
        )
        """

    /// Brings the schema up to date; returns the file names applied by this call.
    @discardableResult
    func migrate(_ writer: any DatabaseWriter) throws -> [String] {
        try writer.writeWithoutTransaction { db in
            var applied: [String] = []
            var failure: MigrationError?
            try db.inTransaction(.immediate) {
                try db.execute(sql: Migrator.createTable)
                let recorded = try Migrator.recordedRows(db)
                if let problem = MigrationLedger(migrations: migrations, recorded: recorded).problem {
                    failure = problem
                    return .rollback
                }
                let timestamp = Migrator.timestamp()
                let snapshot = try applicableSnapshot(db, recorded: recorded)
                if let snapshot {
                    do {
                        try db.execute(sql: snapshot.sql)
                    } catch {
                        failure = .badSnapshot(SchemaSnapshot.relativePath, reason: "\(error)")
                        return .rollback
                    }
                }
                for migration in migrations where recorded[migration.version] == nil {
                    // Built by the snapshot already, the migration is only recorded.
                    if snapshot == nil {
                        do {
                            try db.execute(sql: migration.sql)
                        } catch {
                            failure = .failed(fileName: migration.fileName, reason: "\(error)")
                            return .rollback
                        }
                    }
                    try db.execute(
                        sql: "INSERT INTO schema_migration (version, file_name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                        arguments: [migration.version, migration.fileName, migration.checksum, timestamp])
                    applied.append(migration.fileName)
                }
                return .commit
            }
            if let failure { throw failure }
            return applied
        }
    }

    /// The snapshot, when it builds the schema: it was made from these migrations, and the database has
    /// nothing yet.
    private func applicableSnapshot(_ db: Database, recorded: [Int: MigrationLedger.Entry]) throws -> SchemaSnapshot? {
        guard let snapshot, recorded.isEmpty, !migrations.isEmpty,
              snapshot.fingerprint == SchemaSnapshot.fingerprint(of: migrations) else { return nil }
        let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name != 'schema_migration'") ?? 0
        return objects == 0 ? snapshot : nil
    }

    /// The state of every migration, known from the files or from the database.
    func status(_ reader: any DatabaseReader) throws -> [MigrationStatus] {
        let recorded = try reader.read { db -> [Int: MigrationLedger.Entry] in
            guard try db.tableExists("schema_migration") else { return [:] }
            return try Migrator.recordedRows(db)
        }
        return MigrationLedger(migrations: migrations, recorded: recorded).statuses
    }

    private static func recordedRows(_ db: Database) throws -> [Int: MigrationLedger.Entry] {
        var rows: [Int: MigrationLedger.Entry] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT version, file_name, checksum, applied_at FROM schema_migration") {
            rows[row["version"]] = MigrationLedger.Entry(fileName: row["file_name"], checksum: row["checksum"], appliedAt: row["applied_at"])
        }
        return rows
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
