import GRDB

/// A partner of a project as the project lists it, from the typed columns of `project_partner`.
public struct ListedPartner: Sendable, Hashable {
    public var organisation: String
    public var listedName: String
    public var role: String
    /// The partner's country as the project lists it, when it does.
    public var country: String?
}

extension RegistryStore {
    /// Whether a record of `kind` with `id` exists.
    public func exists(_ kind: RecordKind, id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM \(kind.rawValue) WHERE id = ?)"),
                              arguments: [id]) ?? false
        }
    }

    /// The partnerships an organisation or a region is a party to, as served, labelled in `language`, by id.
    public func servedPartnerships(withParty partyID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.partnership, language: language, idsSQL: """
            SELECT partnership_id FROM partnership_party WHERE organisation_id = ?1 OR region_id = ?1
            """, argument: partyID)
    }

    /// The projects an organisation is a partner of, as served, labelled in `language`, by id.
    public func servedProjects(withPartner organisationID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.project, language: language,
                          idsSQL: "SELECT project_id FROM project_partner WHERE organisation_id = ?1", argument: organisationID)
    }

    /// The member organisations of a region, as served, labelled in `language`, by id.
    public func servedMembers(ofRegion regionID: String, language: String) throws -> [ServedRecord] {
        try servedRecords(.organisation, language: language,
                          idsSQL: "SELECT organisation_id FROM region_member WHERE region_id = ?1", argument: regionID)
    }

    /// The partners of a project in its order.
    public func listedPartners(ofProject projectID: String) throws -> [ListedPartner] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT organisation_id, listed_name, role, country FROM project_partner WHERE project_id = ? ORDER BY position
                """), arguments: [projectID]).map {
                ListedPartner(organisation: $0[0], listedName: $0[1], role: $0[2], country: $0[3])
            }
        }
    }

    /// The data-quality findings as served, most severe first, narrowed by any of record kind, record, check
    /// and severity.
    public func servedFindings(recordKind: RecordKind?, recordID: String?, check: QualityCheck?,
                               severity: QualityFinding.Severity?) throws -> [String] {
        try findingColumn("served", recordKind: recordKind, recordID: recordID, check: check, severity: severity)
    }

    /// The records of `kind` whose ids `idsSQL` selects (given `argument` as `?1`), as served, by id.
    private func servedRecords(_ kind: RecordKind, language: String, idsSQL: String, argument: String) throws -> [ServedRecord] {
        try read { db in
            try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT t.id, t.served, t.\(RegistryStore.nameColumn(language)) FROM \(kind.rawValue) AS t
                WHERE t.id IN (\(idsSQL)) ORDER BY t.id
                """), arguments: [argument]).map { ServedRecord(id: $0[0], json: $0[1], label: $0[2]) }
        }
    }
}
