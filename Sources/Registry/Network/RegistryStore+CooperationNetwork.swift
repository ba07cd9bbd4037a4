import GRDB

extension RegistryStore {
    /// The cooperation network as the database holds it now, read in one transaction from the typed
    /// columns and link tables (and the JSON lists of region memberships and partnership programmes).
    /// It is built once and kept until the data changes.
    public func cooperationNetwork() throws -> CooperationNetwork {
        try networkCache.network {
            let network = try read { db in
                // Rows are read through cursors, each added as it comes: a million rows fetched at once would be
                // a million row values, freed only after the network is built.
                try NetworkQueries.sqlite.build { sql, body in
                    let rows = try Row.fetchCursor(db, sql: sql)
                    while let row = try rows.next() { body(SQLiteNetworkRow(row: row)) }
                }
            }
            // The build's row values, keys and sort buffers are freed by now, but scattered among pages that
            // malloc would otherwise keep.
            FreeMemory.returnToKernel()
            return network
        }
    }
}

/// A row of GRDB's, read as a network row.
private struct SQLiteNetworkRow: NetworkRow {
    let row: Row
    var columnCount: Int { row.count }
    subscript(_ column: Int) -> String? { row[column] }
}
