/// What the cooperation network is read from: the statements that list its nodes and edges, each row a few
/// text columns (ids first, then a name, a country or a role). Most are the same SQL on both engines; the
/// three that read JSON lists (a region's countries and memberships, a partnership's programmes) are written
/// per engine.
struct NetworkQueries {
    /// `id, name, country` of the regions, the country when a region has exactly one.
    var regions: String
    /// `region id, partnership id` of the memberships a region lists that the partnership does not list among
    /// its parties.
    var regionMemberships: String
    /// `partnership id, programme id` of the programmes a partnership lists.
    var partnershipProgrammes: String

    static let sqlite = NetworkQueries(
        regions: """
            SELECT id, name,
                   CASE WHEN json_array_length(data, '$.countries') = 1 THEN json_extract(data, '$.countries[0]') END AS country
            FROM region
            """,
        regionMemberships: """
            SELECT region.id, membership.value FROM region, json_each(region.data, '$.memberships') AS membership
            WHERE NOT EXISTS (SELECT 1 FROM partnership_party WHERE partnership_id = membership.value AND region_id = region.id)
            """,
        partnershipProgrammes: "SELECT partnership.id, programme.value FROM partnership, json_each(partnership.data, '$.programmes') AS programme")

    static let postgres = NetworkQueries(
        regions: """
            SELECT id, name,
                   CASE WHEN json_array_length(data::json -> 'countries') = 1 THEN data::json -> 'countries' ->> 0 END AS country
            FROM region
            """,
        regionMemberships: """
            SELECT region.id, membership FROM region,
                   json_array_elements_text(coalesce(region.data::json -> 'memberships', '[]')) AS membership
            WHERE NOT EXISTS (SELECT 1 FROM partnership_party WHERE partnership_id = membership AND region_id = region.id)
            """,
        partnershipProgrammes: """
            SELECT partnership.id, programme FROM partnership,
                   json_array_elements_text(coalesce(partnership.data::json -> 'programmes', '[]')) AS programme
            """)

    /// Builds the network from the rows `rows` gives for each statement, handed over one at a time: a million
    /// rows are never held at once.
    func build(rows: (String, (any NetworkRow) -> Void) throws -> Void) throws -> CooperationNetwork {
        var builder = CooperationNetworkBuilder()
        func addNodes(_ sql: String, _ kind: RecordKind) throws {
            try rows(sql) { row in
                guard let id = row.text(0), let name = row.text(1) else { return }
                builder.addNode(kind: kind, id: id, name: name, country: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        try addNodes("SELECT id, name, country FROM organisation", .organisation)
        try addNodes(regions, .region)
        for kind in [RecordKind.partnership, .project, .programme, .person] {
            try addNodes("SELECT id, name FROM \(kind.rawValue)", kind)
        }
        func add(_ sql: String, _ sourceKind: RecordKind, _ targetKind: RecordKind, _ relation: NetworkRelation) throws {
            try rows(sql) { row in
                guard let source = row.text(0), let target = row.text(1) else { return }
                builder.addEdge(sourceKind: sourceKind, source: source, targetKind: targetKind, target: target,
                                relation: relation, role: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        try add("SELECT organisation_id, partnership_id, role FROM partnership_party WHERE organisation_id IS NOT NULL ORDER BY partnership_id, position",
                .organisation, .partnership, .partyOf)
        try add("SELECT region_id, partnership_id, role FROM partnership_party WHERE region_id IS NOT NULL ORDER BY partnership_id, position",
                .region, .partnership, .partyOf)
        try add(regionMemberships, .region, .partnership, .partyOf)
        try add("SELECT organisation_id, project_id, role FROM project_partner ORDER BY project_id, position",
                .organisation, .project, .partnerIn)
        try add("SELECT organisation_id, region_id FROM region_member", .organisation, .region, .memberOf)
        try add("SELECT id, parent_id FROM organisation WHERE parent_id IS NOT NULL", .organisation, .organisation, .partOf)
        try add("SELECT office_id, id FROM region WHERE office_id IS NOT NULL", .organisation, .region, .officeOf)
        try add("""
                SELECT predecessor_id, id FROM project WHERE predecessor_id IS NOT NULL
                UNION SELECT id, successor_id FROM project WHERE successor_id IS NOT NULL
                """, .project, .project, .predecessorOf)
        try add("SELECT id, programme_id FROM project WHERE programme_id IS NOT NULL", .project, .programme, .programme)
        try add(partnershipProgrammes, .partnership, .programme, .programme)
        // A role held in an organisation or partnership "for" a region makes the person act for the region.
        try add("SELECT person_id, organisation_id, role FROM person_role WHERE organisation_id IS NOT NULL ORDER BY person_id, position",
                .person, .organisation, .roleIn)
        try add("SELECT person_id, partnership_id, role FROM person_role WHERE partnership_id IS NOT NULL ORDER BY person_id, position",
                .person, .partnership, .roleIn)
        try add("""
                SELECT person_id, region_id, role FROM person_role
                WHERE region_id IS NOT NULL AND organisation_id IS NULL AND partnership_id IS NULL ORDER BY person_id, position
                """, .person, .region, .roleIn)
        try add("""
                SELECT person_id, region_id, role FROM person_role
                WHERE region_id IS NOT NULL AND (organisation_id IS NOT NULL OR partnership_id IS NOT NULL) ORDER BY person_id, position
                """, .person, .region, .actsFor)
        return builder.build()
    }
}

/// A row of a statement that lists nodes or edges: its columns as UTF-8 text, as the database holds them.
protocol NetworkRow {
    var columnCount: Int { get }
    /// The bytes of `column`, nil for NULL: valid until the next row.
    func text(_ column: Int) -> UnsafeRawBufferPointer?
}
