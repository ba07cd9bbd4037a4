import GRDB

/// A NUTS region as an import gives it, written into the gazetteer (`place`, `place_name`).
struct ImportedPlace {
    var code: String
    var level: Int
    var name: String
    /// ISO 3166-1 alpha-2 (Greece `GR` where NUTS says `EL`).
    var country: String

    /// The name's key among a place's names: NUTS names are in the region's own language(s), not one language.
    static let nameKey = "local"

    func save(in db: Database) throws -> (ImportSession.Outcome, Place) {
        if let row = try Row.fetchOne(db, sql: "SELECT id, data FROM place WHERE nuts = ? AND id NOT LIKE 'nuts-%' ORDER BY id LIMIT 1",
                                      arguments: [code]) {
            // A place of the seeds keeps what the seeds say; the NUTS name becomes one more spelling.
            let place = try RegistryStore.decode(Place.self, from: row["data"])
            try db.execute(sql: "INSERT OR IGNORE INTO place_name (place_id, name, language) VALUES (?, ?, NULL)",
                           arguments: [place.id, name])
            return (db.changesCount > 0 ? .updated : .unchanged, place)
        }
        let parent = level == 0 ? nil : try String.fetchOne(
            db, sql: "SELECT id FROM place WHERE nuts = ? ORDER BY id NOT LIKE 'nuts-%' DESC, id LIMIT 1", arguments: [String(code.dropLast())])
        let place = Place(id: "nuts-" + code.lowercased(), names: [Self.nameKey: name], kind: level == 0 ? "country" : "nuts\(level)",
                          country: country, nuts: code, within: parent)
        let data = try RecordWriter.encode(place)
        let stored = try String.fetchOne(db, sql: "SELECT data FROM place WHERE id = ?", arguments: [place.id])
        if stored == data { return (.unchanged, place) }
        try PlaceWriter.upsert(place, data: data, in: db)
        return (stored == nil ? .created : .updated, place)
    }
}
