import PostgresClient

/// The lookups of validation in a PostgreSQL database, on the connection of the write or read they serve.
struct PostgresRecordLookup: RegistryLookup {
    let connection: PostgresConnection
    /// An import's inserts held back (``BatchedInserts``): a record whose row is held exists. Nothing else is
    /// asked of the rows held, so the batch is not written for a lookup: it holds no rows of the places and
    /// documents asked about, and no record it holds is in the database.
    var batched: BatchedInserts?

    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        if batched?.contains(kind, id: id) == true { return true }
        return try connection.query("SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = $1)", [.text(id)])[0].get(0, as: Bool.self)
    }

    func placeExists(_ id: String) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM place WHERE id = $1)", [.text(id)])[0].get(0, as: Bool.self)
    }

    func knowsNUTS(_ code: String) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM place WHERE nuts = $1)", [.text(code)])[0].get(0, as: Bool.self)
    }

    func documentText(_ id: String) throws -> String? {
        try connection.query("SELECT text FROM document WHERE id = $1", [.text(id)]).rows.first?.get(0, as: String.self)
    }
}
