import PostgresClient

extension PostgresRegistryStore {
    /// The cooperation network as the database holds it now, read in one snapshot from the typed columns and
    /// link tables, built once and kept until the data changes.
    public func cooperationNetwork() throws -> CooperationNetwork {
        try networkCache.network {
            let network = try snapshot {
                try read { connection in
                    try NetworkQueries.postgres.build { sql, body in
                        // A server-side cursor, a batch at a time: the edges of a large registry are never all
                        // in one result.
                        try connection.execute("DECLARE network_rows NO SCROLL CURSOR FOR \(sql)")
                        defer { _ = try? connection.execute("CLOSE network_rows") }
                        while true {
                            let batch = try connection.execute("FETCH 10000 FROM network_rows")
                            if batch.count == 0 { break }
                            for row in batch.rows { body(PostgresNetworkRow(row: row, columnCount: batch.columnCount)) }
                        }
                    }
                }
            }
            FreeMemory.returnToKernel()
            return network
        }
    }
}

/// A row of a PostgreSQL result, read as a network row.
private struct PostgresNetworkRow: NetworkRow {
    let row: PostgresRow
    let columnCount: Int
    func text(_ column: Int) -> UnsafeRawBufferPointer? { row.unsafeText(column) }
}
