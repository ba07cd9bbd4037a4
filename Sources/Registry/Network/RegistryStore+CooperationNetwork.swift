import GRDB
import GRDBSQLite

extension RegistryStore {
    /// The cooperation network as the database holds it now, read in one transaction from the typed
    /// columns and link tables (and the JSON lists of region memberships and partnership programmes).
    /// It is built once, and brought up to date after API writes (reading only the records they changed).
    public func cooperationNetwork() throws -> CooperationNetwork {
        try networkCache.network(build: builtCooperationNetwork, update: updatedCooperationNetwork)
    }

    /// The network read whole from the database, past the cache.
    func builtCooperationNetwork() throws -> CooperationNetwork {
        let network = try read { db in try NetworkQueries.sqlite.build(rows: Self.networkRows(db)) }
        // The build's keys and sort buffers are freed by now, but scattered among pages that malloc would
        // otherwise keep.
        FreeMemory.returnToKernel()
        return network
    }

    /// `network` brought up to date after changes of the records `changed` names, reading only those.
    func updatedCooperationNetwork(_ network: CooperationNetwork, changed: Set<NetworkNode.Key>) throws -> CooperationNetwork {
        try read { db in try NetworkQueries.sqlite.update(network, changed: changed, rows: Self.networkRows(db)) }
    }

    /// Steps through the rows of a statement, each handed over as it comes from the bytes SQLite holds: no row
    /// value or string is made for any of a million rows.
    private static func networkRows(_ db: Database) -> (String, (any NetworkRow) -> Void) throws -> Void {
        { sql, body in
            let statement = try db.makeStatement(sql: sql)
            let reader = try ColumnReader(statement)
            let row = SQLiteNetworkRow(statement: statement.sqliteStatement)
            while try reader.next() { body(row) }
        }
    }
}

/// The current row of a statement that ``ColumnReader`` steps (and keeps from being finalized), read as a network row.
private struct SQLiteNetworkRow: NetworkRow {
    let statement: OpaquePointer
    var columnCount: Int { Int(sqlite3_column_count(statement)) }

    func text(_ column: Int) -> UnsafeRawBufferPointer? {
        let column = Int32(column)
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return UnsafeRawBufferPointer(start: sqlite3_column_text(statement, column), count: count)
    }
}
