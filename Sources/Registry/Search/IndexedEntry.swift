/// A search entry as the index stores it, on either engine: its names and texts joined, and folded for matching,
/// its labels as a JSON object, and the folded spellings that expand a query to it (its aliases).
struct IndexedEntry {
    var type: String
    var recordID: String
    var label: String
    var labels: String
    var nameText: String
    var bodyText: String
    var name: String
    var body: String
    /// The group its aliases belong to (`kind/id`), nil for a document's passages.
    var aliasGroup: String?
    var aliases: [String]

    /// The stored form of `entry`; `encode` writes its labels as JSON (most imported records have none).
    init(_ entry: SearchEntry, aliasGroup: String?, encode: ([String: String]) throws -> String) throws {
        type = entry.type.rawValue
        recordID = entry.id
        label = entry.label
        labels = entry.labels.isEmpty ? "{}" : try encode(entry.labels)
        nameText = entry.names.joined(separator: SearchEntry.fieldSeparator)
        bodyText = entry.texts.joined(separator: SearchEntry.fieldSeparator)
        name = SearchFolding.fold(nameText)
        body = SearchFolding.fold(bodyText)
        self.aliasGroup = aliasGroup
        aliases = Self.aliases(entry.spellings)
    }

    /// The stored form of `record`'s entry, its places' names read from `places`.
    init<R: RegistryRecord>(_ record: R, places: [String: Place], encode: ([String: String]) throws -> String) throws {
        try self.init(SearchEntry.entry(for: record) { places[$0] }, aliasGroup: "\(R.kind.rawValue)/\(record.id)", encode: encode)
    }

    /// The spellings as the alias table keeps them: folded, and only those of three characters or more (shorter
    /// ones would expand too many queries).
    static func aliases(_ spellings: [String]) -> [String] {
        spellings.map(SearchFolding.fold).filter { $0.count >= 3 }
    }
}
