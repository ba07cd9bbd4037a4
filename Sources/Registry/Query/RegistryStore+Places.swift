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

extension RegistryStore {
    /// The gazetteer places in the country (ISO 3166-1 alpha-2, any case), at the NUTS level and named by the text,
    /// when given, by id.
    public func places(country: String? = nil, level: Int? = nil, text: PlaceTextFilter? = nil) throws -> [Place] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let country {
            conditions.append("country = ?")
            arguments += [country.uppercased()]
        }
        if let level {
            conditions.append("length(nuts) = ?")
            arguments += [level + 2]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try String.fetchAll(db, sql: "SELECT data FROM place \(filter) ORDER BY id", arguments: arguments)
                .map { try RegistryStore.decode(Place.self, from: $0) }
                .filter { text?.matches($0) ?? true }
        }
    }

    /// The ids of the places that lie directly in the place `id`, sorted.
    public func placeChildren(of id: String) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT id FROM place WHERE within = ? ORDER BY id", arguments: [id]) }
    }
}
