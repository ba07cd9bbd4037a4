import GRDB

extension RegistryStore {
    /// The languages records have names in (`name_en`, … columns).
    public static let nameLanguages = ["en", "da", "de"]

    /// The column holding names in `language`; English for a language records have no names in.
    static func nameColumn(_ language: String) -> String {
        "name_" + (nameLanguages.contains(language) ? language : "en")
    }

    /// The column of `kind`'s table that holds its records as served, with personal contact details when `personal`
    /// (see ``PersonalData``).
    static func servedColumn(_ kind: RecordKind, personal: Bool) -> String {
        kind == .person && !personal ? "served_public" : "served"
    }

    /// The record of `kind` with `id` as served, its label in `language`, with personal contact details when
    /// `personal`; nil when there is none.
    public func servedRecord(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ServedRecord? {
        try read { db in
            let statement = try db.cachedStatement(sql: RegistryStore.servedRecordSQL(kind, language: language, personal: personal))
            return try Row.fetchOne(statement, arguments: [id]).map { ServedRecord(id: id, json: $0[0], label: $0[1]) }
        }
    }

    /// The e-mail addresses and phone numbers of people, which anonymous clients do not see in free text either.
    public func personalContactValues() throws -> [String] {
        // Kept until the data changes: every anonymous search asks for them.
        try selectionCounts.contactValues(generation: snapshotCountGeneration ?? selectionCounts.generation) {
            try read { db in
                try String.fetchAll(try db.cachedStatement(sql: """
                    SELECT DISTINCT value FROM (
                        SELECT json_extract(served, '$.contact.email') AS value FROM person
                        UNION ALL SELECT json_extract(served, '$.contact.phone') FROM person)
                    WHERE value IS NOT NULL ORDER BY length(value) DESC
                    """))
            }
        }
    }

    /// The data-quality findings of one record as served, most severe first.
    public func servedFindings(recordKind: RecordKind, recordID: String) throws -> [String] {
        try read { db in
            try String.fetchAll(try db.cachedStatement(sql: RegistryStore.recordFindingsSQL),
                                arguments: [recordKind.rawValue, recordID])
        }
    }

    /// The most records of one kind an item lists among the records that refer to it (a programme's projects,
    /// a theme's organisations): lists with filters give all of them.
    public static let relatedGroupLimit = 100

    /// The records related to the record of `kind` with `id`, named in `language`, in one statement: the
    /// records it refers to (``RelatedReference``) in its order, then the records that refer to it by id.
    /// References to records that do not exist are left out.
    public func relatedSummaries(of kind: RecordKind, id: String, language: String) throws -> [RelatedSummary] {
        try read { db in try relatedRows(db, of: kind, id: id, language: language) }.summaries
    }

    /// What the item of the record of `kind` with `id` shows, in one read transaction: its JSON as served (with
    /// personal contact details when `personal`), its label and related records in `language`, its findings;
    /// nil when there is no such record.
    public func itemParts(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ItemParts? {
        try snapshot {
            try read { db -> ItemParts? in
                let record = try ColumnReader(
                    try db.cachedStatement(sql: RegistryStore.servedRecordSQL(kind, language: language, personal: personal)),
                    binding: id)
                guard try record.next() else { return nil }
                let json = Array(record.bytes(0))
                let label = Array(record.bytes(1))
                let findings = try ColumnReader(try db.cachedStatement(sql: RegistryStore.recordFindingsSQL),
                                                binding: kind.rawValue, id)
                var findingJSON: [[UInt8]] = []
                while try findings.next() { findingJSON.append(Array(findings.bytes(0))) }
                return ItemParts(json: json, label: label, related: try relatedRows(db, of: kind, id: id, language: language),
                                 findings: findingJSON)
            }
        }
    }

    /// The rows of ``relatedSummaries(of:id:language:)``, read as bytes.
    private func relatedRows(_ db: Database, of kind: RecordKind, id: String, language: String) throws -> RelatedRows {
        let sql = RegistryStore.relatedStatements[kind]?[RegistryStore.nameColumn(language)]
            ?? RegistryStore.relatedSQL(of: kind, nameColumn: RegistryStore.nameColumn(language))
        let rows = try ColumnReader(try db.cachedStatement(sql: sql), binding: id, kind.rawValue)
        var related = RelatedRows()
        related.reserveCapacity(entries: 16, bytes: 1024)
        while try rows.next() {
            guard let kind = RecordKind(rawValue: String(decoding: rows.bytes(1), as: UTF8.self)) else { continue }
            related.append(relation: rows.bytes(0), kind: kind, id: rows.bytes(2), name: rows.bytes(3),
                           role: rows.isNull(4) ? nil : rows.bytes(4), country: rows.isNull(5) ? nil : rows.bytes(5))
        }
        return related
    }

    /// The statement reading a record's served JSON and name (`?1`: its id).
    private static func servedRecordSQL(_ kind: RecordKind, language: String, personal: Bool) -> String {
        "SELECT \(servedColumn(kind, personal: personal)), \(nameColumn(language)) FROM \(kind.rawValue) WHERE id = ?"
    }

    /// The statement reading one record's findings as served, most severe first (`?1`: its kind, `?2` its id).
    private static let recordFindingsSQL = """
        SELECT served FROM quality_finding WHERE record_kind = ? AND record_id = ?
        ORDER BY CASE severity WHEN 'warning' THEN 0 WHEN 'notice' THEN 1 ELSE 2 END, id
        """

    /// ``relatedSQL(of:nameColumn:)`` for every kind and name column, made once rather than per item.
    private static let relatedStatements: [RecordKind: [String: String]] = Dictionary(
        uniqueKeysWithValues: RecordKind.allCases.map { kind in
            (kind, Dictionary(uniqueKeysWithValues: nameLanguages.map { language in
                (nameColumn(language), relatedSQL(of: kind, nameColumn: nameColumn(language)))
            }))
        })

    /// The statement of ``relatedSummaries(of:id:language:)``: `?1` is the record's id, `?2` its kind.
    /// Each part yields relation, kind, id, name, role, country and an order within the relation. The record's
    /// own references carry their targets' names (migration 0014) and are stored in the item's order; the
    /// records that refer to it are read from their link tables.
    private static func relatedSQL(of kind: RecordKind, nameColumn name: String) -> String {
        let references = """
            SELECT relation, target_kind, target_id, target_\(name) AS name, role,
                   coalesce(country, target_country) AS country, position AS rank
            FROM record_related WHERE record_kind = ?2 AND record_id = ?1
            """
        var parts = [references]
        let limit = RegistryStore.relatedGroupLimit
        /// Records of `target` with the ids `ids` selects (with a `role` column, or NULL), ordered by id.
        func referring(_ relation: String, _ target: RecordKind, _ ids: String, role: String = "NULL",
                       country: String = "NULL", limited: Bool = false) -> String {
            let select = """
                SELECT '\(relation)', '\(target.rawValue)', x.id, t.\(name), \(role), \(country), 0
                FROM (\(ids)) AS x JOIN \(target.rawValue) AS t ON t.id = x.id
                ORDER BY x.id\(limited ? " LIMIT \(limit)" : "")
                """
            return "SELECT * FROM (\(select))"
        }
        let partnerships = referring("partnerships", .partnership, """
            SELECT DISTINCT partnership_id AS id FROM partnership_party WHERE organisation_id = ?1 OR region_id = ?1
            """)
        // The role of the first of the record's entries that names the other (`min` picks that row's role).
        let people = referring("people", .person, """
            SELECT person_id AS id, role AS role, min(position) FROM person_role
            WHERE organisation_id = ?1 OR partnership_id = ?1 OR region_id = ?1 GROUP BY person_id
            """, role: "x.role")
        switch kind {
        case .organisation:
            parts += [partnerships, referring("projects", .project, """
                SELECT project_id AS id, role AS role, min(position) FROM project_partner WHERE organisation_id = ?1
                GROUP BY project_id
                """, role: "x.role"), people]
        case .region:
            parts += [partnerships, people]
        case .partnership:
            parts.append(people)
        case .programme:
            parts.append(referring("projects", .project, "SELECT id FROM project WHERE programme_id = ?1", limited: true))
            parts.append(referring("partnerships", .partnership, """
                SELECT record_id AS id FROM record_related
                WHERE target_kind = 'programme' AND target_id = ?1 AND relation = 'programmes' AND record_kind = 'partnership'
                """, limited: true))
        case .theme:
            for target in [RecordKind.project, .partnership, .organisation] {
                parts.append(referring(target.plural, target, """
                    SELECT record_id AS id FROM record_theme WHERE theme_id = ?1 AND record_kind = '\(target.rawValue)'
                    """, country: target == .organisation ? "t.country" : "NULL", limited: true))
            }
        case .project, .person:
            // Nothing refers to them in a way their items show: one range of `record_related`, in its key's order.
            return references + " AND target_\(name) IS NOT NULL ORDER BY relation, position"
        }
        return """
            SELECT * FROM (\(parts.joined(separator: "\nUNION ALL\n"))) WHERE name IS NOT NULL
            ORDER BY 1, 7, 3
            """
    }
}
