import GRDB

/// What validation asks the registry about a record sent for writing: whether the records, places, NUTS codes
/// and documents it names exist. Answered inside the write's own transaction, so that what was checked is what
/// the write sees.
protocol RegistryLookup {
    func exists(_ kind: RecordKind, _ id: String) throws -> Bool
    /// Whether the record a reference at `pointer` names may be referred to: whether it exists, unless the
    /// lookup lets references wait for records made later in the same transaction (``DeferringLookup``).
    func referenceExists(_ kind: RecordKind, _ id: String, at pointer: String) throws -> Bool
    func placeExists(_ id: String) throws -> Bool
    /// Whether a gazetteer place has the NUTS code.
    func knowsNUTS(_ code: String) throws -> Bool
    func documentText(_ id: String) throws -> String?
}

extension RegistryLookup {
    func referenceExists(_ kind: RecordKind, _ id: String, at pointer: String) throws -> Bool {
        try exists(kind, id)
    }
}

/// The lookups of validation in an SQLite database.
struct RecordLookup: RegistryLookup {
    let db: Database
    /// An import's inserts held back (``BatchedInserts``): a record whose row is held exists. Nothing else is
    /// asked of the rows held, so the batch is not written for a lookup: it holds no rows of the places and
    /// documents asked about, and no record it holds is in the database. A batch being written in the background
    /// is waited for (``BatchedInserts/settle()``).
    var batched: BatchedInserts?

    /// The connection, once no batch is being written in the background.
    private var connection: Database {
        get throws {
            try batched?.settle()
            return db
        }
    }

    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        if batched?.contains(kind, id: id) == true { return true }
        // Stepped through SQLite's interface with the statement's text made once per kind: an import asks for
        // every new record's id, and GRDB's fetch cost several times SQLite's lookup.
        let reader = try ColumnReader(connection.cachedStatement(sql: RecordLookup.existsStatements[kind] ?? ""), binding: id)
        return try reader.next()
    }

    /// The statement that finds a record of each kind by its id.
    private static let existsStatements: [RecordKind: String] = Dictionary(uniqueKeysWithValues: RecordKind.allCases.map {
        ($0, "SELECT 1 FROM \($0.rawValue) WHERE id = ?")
    })

    func placeExists(_ id: String) throws -> Bool {
        try Bool.fetchOne(connection.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM place WHERE id = ?)"), arguments: [id]) ?? false
    }

    /// Whether a gazetteer place has the NUTS code.
    func knowsNUTS(_ code: String) throws -> Bool {
        try Bool.fetchOne(connection.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM place WHERE nuts = ?)"), arguments: [code]) ?? false
    }

    func documentText(_ id: String) throws -> String? {
        try String.fetchOne(connection.cachedStatement(sql: "SELECT text FROM document WHERE id = ?"), arguments: [id])
    }
}
