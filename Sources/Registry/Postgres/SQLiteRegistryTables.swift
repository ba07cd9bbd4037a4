import Foundation
import GRDB

/// The registry's tables in an SQLite database, inside the transaction `database` belongs to.
struct SQLiteRegistryTables: RegistryTables {
    let database: Database

    /// The ordinary tables: not SQLite's own, and neither full-text indexes nor their shadow tables, which the
    /// triggers on `search_entry` fill.
    func tableNames() throws -> Set<String> {
        Set(try String.fetchAll(database, sql: """
            SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            """))
    }

    func columns(of table: String) throws -> [String] {
        // `table_info` leaves generated columns out, as they should be: the target computes its own.
        try String.fetchAll(database, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
    }

    func rowCount(of table: String) throws -> Int {
        try Int.fetchOne(database, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }

    func forEachRow(of table: String, columns: [String], _ body: ([CopiedValue]) throws -> Void) throws {
        // A column declared ANY holds text, some of it as a BLOB of its UTF-8 (`document.text`, whose import texts
        // are written as BLOBs: migration 0022): it goes as text, which the other engine's column is.
        let textual = Set(try String.fetchAll(database, sql: "SELECT name FROM pragma_table_info(?) WHERE type = 'ANY'",
                                              arguments: [table]))
        let blobsAsText = columns.map(textual.contains)
        let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let rows = try Row.fetchCursor(database, sql: "SELECT \(list) FROM \(table.quotedDatabaseIdentifier)")
        var values: [CopiedValue] = []
        values.reserveCapacity(columns.count)
        while let row = try rows.next() {
            values.removeAll(keepingCapacity: true)
            for index in columns.indices {
                switch (row[index] as DatabaseValue).storage {
                case .null: values.append(.null)
                case .int64(let integer): values.append(.integer(integer))
                case .double(let double): values.append(.real(double))
                case .string(let string): values.append(.text(string))
                case .blob(let data):
                    values.append(blobsAsText[index] ? .text(String(decoding: data, as: UTF8.self)) : .blob(Array(data)))
                }
            }
            try body(values)
        }
    }

    func insert(into table: String, columns: [String], rows: [[CopiedValue]]) throws {
        let list = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try database.cachedStatement(sql: "INSERT INTO \(table.quotedDatabaseIdentifier) (\(list)) VALUES (\(placeholders))")
        for row in rows {
            try statement.execute(arguments: StatementArguments(row.map { value -> DatabaseValue in
                switch value {
                case .null: .null
                case .integer(let integer): integer.databaseValue
                case .real(let double): double.databaseValue
                case .text(let string): string.databaseValue
                case .blob(let bytes): Data(bytes).databaseValue
                }
            }))
        }
    }
}
