import Crypto
import Foundation
import GRDB

/// The schema that the migrations build, as one file of `CREATE` statements (`migrations/snapshot/schema.sql`),
/// for a new database: the migrations rebuild tables that earlier ones made, and on an empty database those
/// rebuilds are all the time that creating it takes. A snapshot is used only for a database with no tables
/// yet, and only when its first line names the exact migration files it was made from; otherwise the
/// migrations run one by one. Every migration is recorded as applied either way.
public struct SchemaSnapshot: Sendable {
    /// Where the snapshot lives, relative to the migrations directory.
    public static let relativePath = "snapshot/schema.sql"

    /// The fingerprint of the migrations the snapshot was made from.
    public var fingerprint: String
    /// The statements, in the order the migrations left the objects.
    public var sql: String

    /// The fingerprint of `migrations`: SHA-256 of their versions and checksums, so that an added, removed or
    /// edited migration makes every snapshot made before it stale.
    public static func fingerprint(of migrations: [Migration]) -> String {
        let text = migrations.sorted { $0.version < $1.version }.map { "\($0.version):\($0.checksum)\n" }.joined()
        return Hexadecimal.encode(SHA256.hash(data: Data(text.utf8)))
    }

    private static let headerPrefix = "-- brobygger schema snapshot of migrations "

    /// The snapshot in `directory` (the migrations directory), or nil when there is none.
    public static func load(fromMigrationsDirectory directory: URL) throws(MigrationError) -> SchemaSnapshot? {
        let url = directory.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadableFile(relativePath)
        }
        guard let firstLine = text.split(separator: "\n", maxSplits: 1).first, firstLine.hasPrefix(headerPrefix) else {
            throw .badSnapshot(relativePath, reason: "its first line does not name the migrations it was made from")
        }
        return SchemaSnapshot(fingerprint: String(firstLine.dropFirst(headerPrefix.count)), sql: text)
    }

    /// The snapshot of the schema `db` holds, made from `migrations`: every table, index, trigger and view in
    /// the order of `sqlite_schema`, without SQLite's own objects and the tables full-text indexes keep for
    /// themselves (their `CREATE VIRTUAL TABLE` makes them again).
    public static func make(of db: Database, migrations: [Migration]) throws -> SchemaSnapshot {
        let shadowTables = Set(try String.fetchAll(db, sql: "SELECT name FROM pragma_table_list WHERE type = 'shadow'"))
        let rows = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_schema
            WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name != 'schema_migration'
            ORDER BY rowid
            """)
        var sql = headerPrefix + fingerprint(of: migrations) + "\n"
        sql += "-- Made by `BROBYGGER_WRITE_SNAPSHOT=1 swift test --filter SchemaSnapshotTests` from the migrations\n"
        sql += "-- beside this directory; a new database gets this schema at once instead of running each of them.\n"
        for row in rows {
            let name: String = row["name"]
            guard !shadowTables.contains(name) else { continue }
            let statement: String = row["sql"]
            sql += "\n" + statement + ";\n"
        }
        return SchemaSnapshot(fingerprint: fingerprint(of: migrations), sql: sql)
    }
}
