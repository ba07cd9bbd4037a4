/// Why a registry could not be copied between SQLite and PostgreSQL; nothing was written to the target.
public enum RegistryCopyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target holds data already: a copy fills an empty registry, it does not merge.
    case targetNotEmpty(table: String, rows: Int)
    /// The two schemas do not have the same tables (a migration applied to one engine only).
    case tablesDiffer(onlyInSQLite: [String], onlyInPostgres: [String])
    /// A table has different columns in the two schemas.
    case columnsDiffer(table: String, onlyInSource: [String], onlyInTarget: [String])
    /// The target does not hold as many rows as were read from the source.
    case countMismatch(table: String, read: Int, written: Int)
    /// A value of the source cannot be read as its column's type says.
    case unreadableValue(table: String, column: String, text: String)

    public var description: String {
        switch self {
        case let .targetNotEmpty(table, rows):
            "the target already holds a registry (\(table) has \(rows) row(s)); copy fills an empty database only"
        case let .tablesDiffer(sqlite, postgres):
            "the two schemas differ: tables only in SQLite: \(sqlite.joined(separator: ", ")); only in PostgreSQL: \(postgres.joined(separator: ", ")); are both migrated to the same version?"
        case let .columnsDiffer(table, source, target):
            "table \(table) has different columns: only in the source: \(source.joined(separator: ", ")); only in the target: \(target.joined(separator: ", "))"
        case let .countMismatch(table, read, written):
            "table \(table): \(read) row(s) read but \(written) in the target afterwards"
        case let .unreadableValue(table, column, text):
            "table \(table), column \(column): cannot read the value '\(text)'"
        }
    }
}
