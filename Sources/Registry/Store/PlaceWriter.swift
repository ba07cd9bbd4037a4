import GRDB

/// Writes gazetteer places (`place`, `place_name`) for the seed loader and for imports of NUTS regions alike.
enum PlaceWriter {
    /// Inserts or replaces the place (`data` its stored JSON) and replaces its names and aliases.
    static func upsert(_ place: Place, data: String, in db: Database) throws {
        // Cached statements: a gazetteer is written place by place (thousands of NUTS regions), and preparing
        // each statement anew cost more than running it.
        try db.cachedStatement(sql: """
            INSERT INTO place (id, kind, country, nuts, within, data) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, country = excluded.country, nuts = excluded.nuts,
                within = excluded.within, data = excluded.data
            """).execute(arguments: [place.id, place.kind, place.country, place.nuts, place.within, data])
        try db.cachedStatement(sql: "DELETE FROM place_name WHERE place_id = ?").execute(arguments: [place.id])
        let insertName = try db.cachedStatement(sql: "INSERT OR IGNORE INTO place_name (place_id, name, language) VALUES (?, ?, ?)")
        for (language, name) in place.names.sorted(by: { $0.key < $1.key }) {
            try insertName.execute(arguments: [place.id, name, language])
        }
        for alias in place.aliases {
            try insertName.execute(arguments: [place.id, alias, nil])
        }
    }
}
