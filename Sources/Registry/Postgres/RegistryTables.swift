/// The tables of one store that a registry copy reads or fills, named and ordered by the PostgreSQL schema.
protocol RegistryTables {
    /// The columns of `table` that hold data (not generated from others), in table order.
    func columns(of table: String) throws -> [String]
    /// How many rows `table` holds.
    func rowCount(of table: String) throws -> Int
    /// Calls `body` with every row of `table`, its values in the order of `columns`.
    func forEachRow(of table: String, columns: [String], _ body: ([CopiedValue]) throws -> Void) throws
    /// Adds `rows` (values in the order of `columns`) to `table`.
    func insert(into table: String, columns: [String], rows: [[CopiedValue]]) throws
}
