import PostgresClient

/// The lookups of validation in a PostgreSQL database, on the connection of the write or read they serve.
struct PostgresRecordLookup: RegistryLookup {
    let connection: PostgresConnection

    func exists(_ kind: RecordKind, _ id: String) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = $1)", [.text(id)])[0].get(0, as: Bool.self)
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
