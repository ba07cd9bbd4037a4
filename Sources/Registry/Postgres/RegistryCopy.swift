import Foundation
import GRDB
import PostgresClient

/// Moves a whole registry — records, documents, gazetteer, findings, search entries, history, tokens and the
/// instance secret (so that cursors and ETags stay valid) — from the embedded SQLite store to an empty
/// PostgreSQL database, or back, in one transaction on each side: the source is read from one consistent
/// snapshot, and the target gets everything or nothing.
///
/// The PostgreSQL schema names the tables that are copied. Tables that each engine derives from the others
/// (`project_country`, SQLite's full-text index) are filled by the target's own triggers as rows arrive, in
/// whatever order, and the target's identity sequences are moved past the copied ids. Each table's row count is
/// checked on the target before the transaction commits.
public enum RegistryCopy {
    /// The rows copied into one table.
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var rows: Int
    }

    /// Tables of both schemas that are not copied: each engine keeps its own migration record, and
    /// `project_country` is maintained by triggers from the partner links and organisations.
    static let derivedTables: Set<String> = ["schema_migration", "project_country"]

    /// Rows read from the source before they are written to the target.
    static let batchSize = 1_000

    /// Copies the registry of `store` (an SQLite store) into the PostgreSQL database at `url`, which must hold
    /// no registry yet; its schema is migrated first.
    @discardableResult
    public static func copy(from store: RegistryStore, to url: PostgresURL, migrationsDirectory: URL) throws -> [TableCount] {
        let connection = try PostgresConnection(url: url)
        try PostgresMigrator(migrationsDirectory: migrationsDirectory).migrate(connection)
        let counts = try store.database.read { db in
            try connection.transaction { connection in
                try connection.execute("SET CONSTRAINTS ALL DEFERRED")
                let postgres = PostgresRegistryTables(connection: connection)
                let counts = try copyTables(
                    order: try tableOrder(sqlite: SQLiteRegistryTables(database: db), postgres: postgres),
                    from: SQLiteRegistryTables(database: db), to: postgres)
                try postgres.advanceIdentitySequences()
                return counts
            }
        }
        // Until the tables have statistics the planner takes them for small: a search's prepared statements then
        // walked the primary key looking for the rare matches of a word, and joined the aliases by scanning them
        // (BENCHMARKS.md). Autovacuum would analyze them too, but only a while after the copy, when servers may
        // be answering already.
        try connection.execute("ANALYZE")
        return counts
    }

    /// Copies the registry of the PostgreSQL database at `url` into `store` (an SQLite store), which must hold
    /// no registry yet.
    @discardableResult
    public static func copy(from url: PostgresURL, to store: RegistryStore, migrationsDirectory: URL) throws -> [TableCount] {
        let connection = try PostgresConnection(url: url)
        try PostgresMigrator(migrationsDirectory: migrationsDirectory).migrate(connection)
        return try connection.transaction { connection in
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let postgres = PostgresRegistryTables(connection: connection)
            return try store.database.write { db in
                try copyTables(order: try tableOrder(sqlite: SQLiteRegistryTables(database: db), postgres: postgres),
                               from: postgres, to: SQLiteRegistryTables(database: db))
            }
        }
    }

    /// The tables to copy, each after the tables its foreign keys refer to (some of those are checked at once,
    /// not at commit); fails when the two schemas do not have the same tables.
    static func tableOrder(sqlite: SQLiteRegistryTables, postgres: PostgresRegistryTables) throws -> [String] {
        let sqliteTables = try sqlite.tableNames().subtracting(derivedTables)
        let postgresTables = try postgres.tableNames().subtracting(derivedTables)
        guard sqliteTables == postgresTables else {
            throw RegistryCopyError.tablesDiffer(
                onlyInSQLite: sqliteTables.subtracting(postgresTables).sorted(),
                onlyInPostgres: postgresTables.subtracting(sqliteTables).sorted())
        }
        let references = try postgres.references()
        var ordered: [String] = []
        var placed: Set<String> = []
        func place(_ table: String, path: Set<String>) {
            guard !placed.contains(table), !path.contains(table) else { return }
            for parent in (references[table] ?? []).sorted() where postgresTables.contains(parent) {
                place(parent, path: path.union([table]))
            }
            placed.insert(table)
            ordered.append(table)
        }
        for table in postgresTables.sorted() { place(table, path: []) }
        return ordered
    }

    /// Copies every table of `order` from `source` to `target`, in batches.
    static func copyTables(order: [String], from source: some RegistryTables, to target: some RegistryTables) throws -> [TableCount] {
        for table in order {
            let rows = try target.rowCount(of: table)
            if rows > 0 { throw RegistryCopyError.targetNotEmpty(table: table, rows: rows) }
        }
        var counts: [TableCount] = []
        for table in order {
            let sourceColumns = try source.columns(of: table)
            let targetColumns = try target.columns(of: table)
            guard Set(sourceColumns) == Set(targetColumns) else {
                throw RegistryCopyError.columnsDiffer(
                    table: table, onlyInSource: sourceColumns.filter { !targetColumns.contains($0) },
                    onlyInTarget: targetColumns.filter { !sourceColumns.contains($0) })
            }
            var batch: [[CopiedValue]] = []
            batch.reserveCapacity(batchSize)
            var read = 0
            try source.forEachRow(of: table, columns: targetColumns) { row in
                batch.append(row)
                read += 1
                if batch.count == batchSize {
                    try target.insert(into: table, columns: targetColumns, rows: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try target.insert(into: table, columns: targetColumns, rows: batch) }
            let written = try target.rowCount(of: table)
            guard written == read else { throw RegistryCopyError.countMismatch(table: table, read: read, written: written) }
            counts.append(TableCount(table: table, rows: read))
        }
        return counts
    }
}
