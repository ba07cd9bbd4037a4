import PostgresClient

/// The registry's tables in a PostgreSQL database, inside the transaction open on `connection`.
struct PostgresRegistryTables: RegistryTables {
    let connection: PostgresConnection

    /// Rows fetched at a time from the server-side cursor a table is read through, so that a large table is
    /// never held whole in memory.
    static let fetchSize = 2_000
    /// Parameters one statement may carry (PostgreSQL's protocol allows 65,535) and rows one INSERT may add.
    static let maxParameters = 60_000
    static let maxRowsPerInsert = 1_000

    /// The ordinary tables of the current schema, less those derived from others by triggers.
    func tableNames() throws -> Set<String> {
        Set(try connection.query("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            """).rows.map { try $0.get(0, as: String.self) }).subtracting(Self.derivedTables)
    }

    /// The posting lists of search (migration 0018), which the triggers of `search_entry` fill as the rows of
    /// that table are copied in, as SQLite's FTS5 index is filled from it.
    static let derivedTables: Set<String> = ["search_term"]

    /// The tables `table`'s foreign keys refer to, for each table (self-references left out).
    func references() throws -> [String: Set<String>] {
        var references: [String: Set<String>] = [:]
        let rows = try connection.query("""
            SELECT c.relname, p.relname FROM pg_constraint AS k
            JOIN pg_class AS c ON c.oid = k.conrelid JOIN pg_class AS p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace AND k.conrelid <> k.confrelid
            """).rows
        for row in rows {
            references[try row.get(0, as: String.self), default: []].insert(try row.get(1, as: String.self))
        }
        return references
    }

    func columns(of table: String) throws -> [String] {
        try connection.query("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, [.text(table)]).rows.map { try $0.get(0, as: String.self) }
    }

    func rowCount(of table: String) throws -> Int {
        try connection.query("SELECT count(*) FROM \(Self.quoted(table))")[0].get(0, as: Int.self)
    }

    func forEachRow(of table: String, columns: [String], _ body: ([CopiedValue]) throws -> Void) throws {
        let list = columns.map(Self.quoted).joined(separator: ", ")
        try connection.execute("DECLARE registry_copy NO SCROLL CURSOR FOR SELECT \(list) FROM \(Self.quoted(table))")
        defer { _ = try? connection.execute("CLOSE registry_copy") }
        var values: [CopiedValue] = []
        values.reserveCapacity(columns.count)
        while true {
            let batch = try connection.execute("FETCH \(Self.fetchSize) FROM registry_copy")
            if batch.count == 0 { break }
            let types = (0..<batch.columnCount).map(batch.columnType)
            for row in batch.rows {
                values.removeAll(keepingCapacity: true)
                for (column, type) in types.enumerated() {
                    values.append(try Self.value(of: row, column: column, type: type, table: table, name: columns[column]))
                }
                try body(values)
            }
        }
    }

    func insert(into table: String, columns: [String], rows: [[CopiedValue]]) throws {
        let perStatement = max(1, min(Self.maxRowsPerInsert, Self.maxParameters / max(1, columns.count)))
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + perStatement, rows.endIndex)
            try insertStatement(into: table, columns: columns, rows: rows[start..<end])
            start = end
        }
    }

    /// One multi-row INSERT. Every value goes as text (or NULL) and takes its type from its column, so the
    /// statement is prepared once per table and row count whatever the values are.
    private func insertStatement(into table: String, columns: [String], rows: ArraySlice<[CopiedValue]>) throws {
        var sql = "INSERT INTO \(Self.quoted(table)) (\(columns.map(Self.quoted).joined(separator: ", "))) VALUES "
        var parameters: [PostgresValue] = []
        parameters.reserveCapacity(rows.count * columns.count)
        for (rowNumber, row) in rows.enumerated() {
            sql += rowNumber == 0 ? "(" : ", ("
            for (column, value) in row.enumerated() {
                sql += column == 0 ? "$\(parameters.count + 1)" : ", $\(parameters.count + 1)"
                parameters.append(Self.parameter(value))
            }
            sql += ")"
        }
        try connection.query(sql, parameters)
    }

    /// Moves every identity column's sequence past the largest id copied in, so that rows added later get new ids.
    func advanceIdentitySequences() throws {
        let identities = try connection.query("""
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """).rows
        for identity in identities {
            let table: String = try identity.get(0)
            let column: String = try identity.get(1)
            try connection.query("""
                SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(\(Self.quoted(column))) FROM \(Self.quoted(table))), 0) + 1, false)
                """, [.text(Self.quoted(table)), .text(column)])
        }
    }

    private static func parameter(_ value: CopiedValue) -> PostgresValue {
        switch value {
        case .null: .null
        case .integer(let integer): .text(String(integer))
        case .real(let double):
            .text(double.isNaN ? "NaN" : double.isInfinite ? (double < 0 ? "-Infinity" : "Infinity") : double.description)
        case .text(let string): .text(string)
        case .blob(let bytes): .text("\\x" + Hexadecimal.encode(bytes))
        }
    }

    /// A column's value by its type: whole numbers, floating-point numbers, bytes, else text.
    private static func value(of row: PostgresRow, column: Int, type: UInt32, table: String, name: String) throws -> CopiedValue {
        guard let text = try row.get(column, as: String?.self) else { return .null }
        switch type {
        case 20, 21, 23:  // int8, int2, int4
            if let integer = Int64(text) { return .integer(integer) }
        case 700, 701:  // float4, float8
            if let double = Double(text) { return .real(double) }
        case 17:  // bytea
            if let bytes = try row.get(column, as: [UInt8]?.self) { return .blob(bytes) }
        default:
            return .text(text)
        }
        throw RegistryCopyError.unreadableValue(table: table, column: name, text: String(text.prefix(40)))
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
