import PostgresClient

extension PostgresRegistryStore {
    /// The cooperation network as the database holds it now, read in one snapshot from the typed columns and
    /// link tables, built once and brought up to date after writes (reading only the records they changed).
    public func cooperationNetwork() throws -> CooperationNetwork {
        try networkCache.network(build: builtCooperationNetwork, update: updatedCooperationNetwork)
    }

    /// The network read whole from the database, past the cache.
    func builtCooperationNetwork() throws -> CooperationNetwork {
        let network = try snapshot {
            try read { connection in try NetworkQueries.postgres.build(rows: Self.networkRows(connection)) }
        }
        FreeMemory.returnToKernel()
        return network
    }

    /// `network` brought up to date after changes of the records `changed` names, reading only those.
    func updatedCooperationNetwork(_ network: CooperationNetwork, changed: Set<NetworkNode.Key>) throws -> CooperationNetwork {
        try snapshot {
            try read { connection in try NetworkQueries.postgres.update(network, changed: changed, rows: Self.networkRows(connection)) }
        }
    }

    /// Reads the rows of a statement through a server-side cursor, a batch at a time: the edges of a large
    /// registry are never all in one result.
    private static func networkRows(_ connection: PostgresConnection) -> (String, (any NetworkRow) -> Void) throws -> Void {
        { sql, body in
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

/// A row of a PostgreSQL result, read as a network row.
private struct PostgresNetworkRow: NetworkRow {
    let row: PostgresRow
    let columnCount: Int
    func text(_ column: Int) -> UnsafeRawBufferPointer? { row.unsafeText(column) }
}
