import GRDB

extension RegistryStore {
    /// The gazetteer place with the id, if any.
    public func place(id: String) throws -> Place? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT data FROM place WHERE id = ?", arguments: [id]).map { try RegistryStore.decode(Place.self, from: $0) }
        }
    }

    /// The gazetteer place with the NUTS code (a seed place before an imported one), if any.
    public func place(nuts code: String) throws -> Place? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT data FROM place WHERE nuts = ? ORDER BY id LIKE 'nuts-%', id LIMIT 1", arguments: [code])
                .map { try RegistryStore.decode(Place.self, from: $0) }
        }
    }
}
