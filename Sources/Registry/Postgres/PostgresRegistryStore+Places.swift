import PostgresClient

extension PostgresRegistryStore {
    /// The gazetteer place with the id, if any.
    public func place(id: String) throws -> Place? {
        try read { connection in
            try connection.query("SELECT data FROM place WHERE id = $1", [.text(id)]).rows.first
                .map { try RegistryStore.decode(Place.self, from: try $0.get(0)) }
        }
    }

    /// The gazetteer place with the NUTS code (a seed place before an imported one), if any.
    public func place(nuts code: String) throws -> Place? {
        try read { connection in
            // `false` sorts before `true` here as 0 before 1 in SQLite: the seed place (not `nuts-…`) comes first.
            try connection.query("SELECT data FROM place WHERE nuts = $1 ORDER BY id LIKE 'nuts-%', id LIMIT 1", [.text(code)])
                .rows.first.map { try RegistryStore.decode(Place.self, from: try $0.get(0)) }
        }
    }

    /// The gazetteer places in the country (ISO 3166-1 alpha-2, any case), at the NUTS level and named by the text,
    /// when given, by id.
    public func places(country: String? = nil, level: Int? = nil, text: PlaceTextFilter? = nil) throws -> [Place] {
        var conditions: [String] = []
        var parameters = PostgresParameters()
        if let country {
            conditions.append("country = \(parameters.bind(.text(country.uppercased())))")
        }
        if let level {
            conditions.append("length(nuts) = \(parameters.bind(.integer(Int64(level) + 2)))")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { connection in
            try connection.query("SELECT data FROM place \(filter) ORDER BY id", parameters.values).rows
                .map { try RegistryStore.decode(Place.self, from: try $0.get(0)) }
                .filter { text?.matches($0) ?? true }
        }
    }

    /// The ids of the places that lie directly in the place `id`, sorted.
    public func placeChildren(of id: String) throws -> [String] {
        try read { connection in
            try connection.query("SELECT id FROM place WHERE within = $1 ORDER BY id", [.text(id)]).rows.map { try $0.get(0) }
        }
    }
}
