import PostgresClient

extension PostgresRegistryStore {
    /// The record of `kind` with `id` as served, its label in `language`, with personal contact details when
    /// `personal`; nil when there is none.
    public func servedRecord(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ServedRecord? {
        let sql = "SELECT \(RegistryStore.servedColumn(kind, personal: personal)), \(RegistryStore.nameColumn(language)) FROM \(kind.rawValue) WHERE id = $1"
        return try read { connection in
            try connection.query(sql, [.text(id)]).rows.first.map { ServedRecord(id: id, json: try $0.get(0), label: try $0.get(1)) }
        }
    }

    /// Whether a record of `kind` with `id` exists.
    public func exists(_ kind: RecordKind, id: String) throws -> Bool {
        try read { try $0.query("SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = $1)", [.text(id)])[0].get(0, as: Bool.self) }
    }

    /// The e-mail addresses and phone numbers of people, which anonymous clients do not see in free text either.
    public func personalContactValues() throws -> [String] {
        // Kept until the data changes: every anonymous search asks for them.
        try selectionCounts.contactValues(generation: selectionCounts.generation) {
            try read { connection in
                try connection.query("""
                    SELECT value FROM (
                        SELECT served::json -> 'contact' ->> 'email' AS value FROM person
                        UNION ALL SELECT served::json -> 'contact' ->> 'phone' FROM person) AS contact
                    WHERE value IS NOT NULL GROUP BY value ORDER BY length(value) DESC, value
                    """).rows.map { try $0.get(0, as: String.self) }
            }
        }
    }

    /// The data-quality findings of one record as served, most severe first.
    public func servedFindings(recordKind: RecordKind, recordID: String) throws -> [String] {
        try servedFindings(recordKind: recordKind, recordID: recordID, check: nil, severity: nil)
    }

    /// The data-quality findings as served, most severe first, narrowed by any of record kind, record, check
    /// and severity.
    public func servedFindings(recordKind: RecordKind?, recordID: String?, check: QualityCheck?,
                               severity: QualityFinding.Severity?) throws -> [String] {
        var conditions: [String] = []
        var parameters: [PostgresValue] = []
        let filters: [(column: String, value: String?)] = [
            ("record_kind", recordKind?.rawValue), ("record_id", recordID), ("check_name", check?.rawValue),
            ("severity", severity?.rawValue),
        ]
        for filter in filters {
            guard let value = filter.value else { continue }
            parameters.append(.text(value))
            conditions.append("\(filter.column) = $\(parameters.count)")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { connection in
            try connection.query("""
                SELECT served FROM quality_finding \(filter)
                ORDER BY CASE severity WHEN 'warning' THEN 0 WHEN 'notice' THEN 1 ELSE 2 END, id
                """, parameters).rows.map { try $0.get(0, as: String.self) }
        }
    }

    /// The labels of the records of `kind` with these ids, read from their columns; names in `language`.
    /// Unknown ids are left out; the order is that of `ids`.
    public func labels(of kind: RecordKind, ids: [String], language: String) throws -> [RecordLabel] {
        guard !ids.isEmpty else { return [] }
        let country = kind == .organisation ? "t.country" : "NULL"
        let rows = try read { connection in
            // One JSON array parameter, however many ids.
            try connection.query("""
                SELECT t.id, t.\(RegistryStore.nameColumn(language)), \(country) FROM \(kind.rawValue) AS t
                WHERE t.id IN (SELECT json_array_elements_text($1::json))
                """, [.text(RegistryStore.jsonArray(ids))]).rows.map {
                RecordLabel(id: try $0.get(0), name: try $0.get(1), country: try $0.get(2))
            }
        }
        var byID: [String: RecordLabel] = [:]
        for label in rows { byID[label.id] = label }
        var seen = Set<String>()
        return ids.compactMap { id in seen.insert(id).inserted ? byID[id] : nil }
    }
}
