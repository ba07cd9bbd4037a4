import PostgresClient

extension PostgresRegistryStore {
    /// The records related to the record of `kind` with `id`, named in `language`, in one statement: the records
    /// it refers to in its order, then the records that refer to it by id (as ``RegistryStore`` gives them).
    public func relatedSummaries(of kind: RecordKind, id: String, language: String) throws -> [RelatedSummary] {
        let related = PostgresRegistryStore.relatedStatement(of: kind, nameColumn: RegistryStore.nameColumn(language))
        let sql = "SELECT \(related.columns) FROM \(related.from) ORDER BY \(related.order)"
        return try read { connection in
            try connection.query(sql, [.text(id), .text(kind.rawValue)]).rows.compactMap { row in
                guard let kind = RecordKind(rawValue: try row.get(1)) else { return nil }
                return RelatedSummary(relation: try row.get(0), kind: kind, id: try row.get(2), name: try row.get(3),
                                      role: try row.get(4), country: try row.get(5))
            }
        }
    }

    /// The parts of the statement of ``relatedSummaries(of:id:language:)``: `$1` is the record's id, `$2` its kind.
    /// `columns` are relation, kind, id, name, role and country, read `FROM from`, in the order of `orderKeys`.
    struct RelatedStatement {
        var columns: String
        var from: String
        /// What orders the rows: a text, a number and a text, the texts compared byte by byte (as SQLite does).
        var orderKeys: (text: String, number: String, tieBreak: String)

        var order: String {
            #"\#(orderKeys.text) COLLATE "C", \#(orderKeys.number), \#(orderKeys.tieBreak) COLLATE "C""#
        }
    }

    /// The statement of ``relatedSummaries(of:id:language:)`` for a record of `kind`, names from the column `name`.
    static func relatedStatement(of kind: RecordKind, nameColumn name: String) -> RelatedStatement {
        let references = """
            SELECT relation, target_kind, target_id, target_\(name) AS name, role,
                   coalesce(country, target_country) AS country, position AS rank
            FROM record_related WHERE record_kind = $2 AND record_id = $1
            """
        var parts = [references]
        let limit = RegistryStore.relatedGroupLimit
        /// Records of `target` with the ids `ids` selects (with a `role` column, or NULL), ordered by id.
        func referring(_ relation: String, _ target: RecordKind, _ ids: String, role: String = "NULL::text",
                       country: String = "NULL::text", limited: Bool = false) -> String {
            """
            SELECT * FROM (SELECT '\(relation)'::text, '\(target.rawValue)'::text, x.id, t.\(name), \(role), \(country), 0::bigint
                FROM (\(ids)) AS x JOIN \(target.rawValue) AS t ON t.id = x.id
                ORDER BY x.id\(limited ? " LIMIT \(limit)" : "")) AS \(relation)_\(target.rawValue)
            """
        }
        let partnerships = referring("partnerships", .partnership, """
            SELECT DISTINCT partnership_id AS id FROM partnership_party WHERE organisation_id = $1 OR region_id = $1
            """)
        // The role of the first of the record's entries that names the other.
        let people = referring("people", .person, """
            SELECT DISTINCT ON (person_id) person_id AS id, role FROM person_role
            WHERE organisation_id = $1 OR partnership_id = $1 OR region_id = $1 ORDER BY person_id, position
            """, role: "x.role")
        switch kind {
        case .organisation:
            parts += [partnerships, referring("projects", .project, """
                SELECT DISTINCT ON (project_id) project_id AS id, role FROM project_partner WHERE organisation_id = $1
                ORDER BY project_id, position
                """, role: "x.role"), people]
        case .region:
            parts += [partnerships, people]
        case .partnership:
            parts.append(people)
        case .programme:
            parts.append(referring("projects", .project, "SELECT id FROM project WHERE programme_id = $1", limited: true))
            parts.append(referring("partnerships", .partnership, """
                SELECT record_id AS id FROM record_related
                WHERE target_kind = 'programme' AND target_id = $1 AND relation = 'programmes' AND record_kind = 'partnership'
                """, limited: true))
        case .theme:
            for target in [RecordKind.project, .partnership, .organisation] {
                parts.append(referring(target.plural, target, """
                    SELECT record_id AS id FROM record_theme WHERE theme_id = $1 AND record_kind = '\(target.rawValue)'
                    """, country: target == .organisation ? "t.country" : "NULL::text", limited: true))
            }
        case .project, .person:
            // Nothing refers to them in a way their items show: one range of `record_related`, in its key's order.
            return RelatedStatement(
                columns: "relation, target_kind, target_id, target_\(name), role, coalesce(country, target_country)",
                from: "record_related WHERE record_kind = $2 AND record_id = $1 AND target_\(name) IS NOT NULL",
                orderKeys: ("relation", "position", "NULL::text"))
        }
        return RelatedStatement(
            columns: "relation, target_kind, target_id, name, role, country",
            from: "(\(parts.joined(separator: "\nUNION ALL\n"))) AS related WHERE name IS NOT NULL",
            orderKeys: ("relation", "rank", "target_id"))
    }

    /// The partnerships an organisation or a region is a party to, as served, labelled in `language`, by id.
    public func servedPartnerships(withParty partyID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.partnership, language: language, idsSQL: """
            SELECT partnership_id FROM partnership_party WHERE organisation_id = $1 OR region_id = $1
            """, argument: partyID)
    }

    /// The projects an organisation is a partner of, as served, labelled in `language`, by id.
    public func servedProjects(withPartner organisationID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.project, language: language,
                          idsSQL: "SELECT project_id FROM project_partner WHERE organisation_id = $1", argument: organisationID)
    }

    /// The member organisations of a region, as served, labelled in `language`, by id.
    public func servedMembers(ofRegion regionID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.organisation, language: language,
                          idsSQL: "SELECT organisation_id FROM region_member WHERE region_id = $1", argument: regionID)
    }

    /// The partners of a project in its order.
    public func listedPartners(ofProject projectID: String) throws -> [ListedPartner] {
        try read { connection in
            try connection.query("""
                SELECT organisation_id, listed_name, role, country FROM project_partner WHERE project_id = $1 ORDER BY position
                """, [.text(projectID)]).rows.map {
                ListedPartner(organisation: try $0.get(0), listedName: try $0.get(1), role: try $0.get(2), country: try $0.get(3))
            }
        }
    }

    /// The records of `kind` whose ids `idsSQL` selects (given `argument` as `$1`), as served, by id.
    private func servedRecords(_ kind: RecordKind, language: String, idsSQL: String, argument: String) throws -> [ServedRecord] {
        try read { connection in
            try connection.query("""
                SELECT t.id, t.served, t.\(RegistryStore.nameColumn(language)) FROM \(kind.rawValue) AS t
                WHERE t.id IN (\(idsSQL)) ORDER BY t.id
                """, [.text(argument)]).rows.map { ServedRecord(id: try $0.get(0), json: try $0.get(1), label: try $0.get(2)) }
        }
    }
}
