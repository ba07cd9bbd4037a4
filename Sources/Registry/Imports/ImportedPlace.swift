/// A NUTS region as an import gives it, written into the gazetteer (`place`, `place_name`).
struct ImportedPlace {
    var code: String
    var level: Int
    var name: String
    /// ISO 3166-1 alpha-2 (Greece `GR` where NUTS says `EL`).
    var country: String

    /// The name's key among a place's names: NUTS names are in the region's own language(s), not one language.
    static let nameKey = "local"

    func save(using statements: some ImportStatements) throws -> (ImportSession.Outcome, Place) {
        if let place = try statements.seedPlace(nuts: code) {
            // A place of the seeds keeps what the seeds say; the NUTS name becomes one more spelling.
            return (try statements.addPlaceAlias(place.id, name) ? .updated : .unchanged, place)
        }
        let parent = level == 0 ? nil : try statements.placeID(nuts: String(code.dropLast()))
        let place = Place(id: "nuts-" + code.lowercased(), names: [Self.nameKey: name], kind: level == 0 ? "country" : "nuts\(level)",
                          country: country, nuts: code, within: parent)
        let data = try RecordWriter.encode(place)
        let stored = try statements.placeData(place.id)
        if stored == data { return (.unchanged, place) }
        try statements.upsertPlace(place, data: data)
        return (stored == nil ? .created : .updated, place)
    }
}
