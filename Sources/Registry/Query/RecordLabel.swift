import GRDB

/// The few fields a reference to a record shows: its id, its name in a language, and its country.
public struct RecordLabel: Sendable, Hashable {
    public var id: String
    public var name: String
    public var country: String?
}

extension RegistryStore {
    /// The labels of the records of `kind` with these ids, read from their columns without decoding the
    /// records; names in `language` (``RegistryRecord/localizedName(in:)``).
    /// Unknown ids are left out; the order is that of `ids`.
    public func labels(of kind: RecordKind, ids: [String], language: String) throws -> [RecordLabel] {
        guard !ids.isEmpty else { return [] }
        let country = kind == .organisation ? "t.country" : "NULL"
        let arguments: StatementArguments = [RegistryStore.jsonArray(ids)]
        let rows = try read { db in
            try Row.fetchAll(
                try db.cachedStatement(sql: """
                    SELECT t.id, t.\(RegistryStore.nameColumn(language)) AS label, \(country) AS country FROM \(kind.rawValue) AS t
                    WHERE t.id IN (SELECT value FROM json_each(?))
                    """),
                arguments: arguments)
        }
        var byID: [String: RecordLabel] = [:]
        for row in rows {
            let id: String = row["id"]
            byID[id] = RecordLabel(id: id, name: row["label"], country: row["country"])
        }
        var seen = Set<String>()
        return ids.compactMap { id in seen.insert(id).inserted ? byID[id] : nil }
    }
}
