/// What the cooperation network is read from: the statements that list its nodes and edges, each row a few
/// text columns (ids first, then a name, a country or a role). Most are the same SQL on both engines; the
/// three that read JSON lists (a region's countries and memberships, a partnership's programmes) are written
/// per engine.
struct NetworkQueries {
    /// `id, name, country` of the regions, the country when a region has exactly one.
    var regions: String
    /// `region id, partnership id` of the memberships a region lists, …
    var regionMemberships: String
    /// … that the partnership does not list among its parties.
    var regionMembershipCondition: String
    /// The expression of the partnership id in `regionMemberships`.
    var regionMembershipColumn: String
    /// `partnership id, programme id` of the programmes a partnership lists.
    var partnershipProgrammes: String
    /// The expression of the programme id in `partnershipProgrammes`.
    var partnershipProgrammeColumn: String

    static let sqlite = NetworkQueries(
        regions: """
            SELECT id, name,
                   CASE WHEN json_array_length(data, '$.countries') = 1 THEN json_extract(data, '$.countries[0]') END AS country
            FROM region
            """,
        regionMemberships: """
            SELECT region.id, membership.value FROM region, json_each(region.data, '$.memberships') AS membership
            """,
        regionMembershipCondition: """
            NOT EXISTS (SELECT 1 FROM partnership_party WHERE partnership_id = membership.value AND region_id = region.id)
            """,
        regionMembershipColumn: "membership.value",
        partnershipProgrammes: "SELECT partnership.id, programme.value FROM partnership, json_each(partnership.data, '$.programmes') AS programme",
        partnershipProgrammeColumn: "programme.value")

    static let postgres = NetworkQueries(
        regions: """
            SELECT id, name,
                   CASE WHEN json_array_length(data::json -> 'countries') = 1 THEN data::json -> 'countries' ->> 0 END AS country
            FROM region
            """,
        regionMemberships: """
            SELECT region.id, membership FROM region,
                   json_array_elements_text(coalesce(region.data::json -> 'memberships', '[]')) AS membership
            """,
        regionMembershipCondition: """
            NOT EXISTS (SELECT 1 FROM partnership_party WHERE partnership_id = membership AND region_id = region.id)
            """,
        regionMembershipColumn: "membership",
        partnershipProgrammes: """
            SELECT partnership.id, programme FROM partnership,
                   json_array_elements_text(coalesce(partnership.data::json -> 'programmes', '[]')) AS programme
            """,
        partnershipProgrammeColumn: "programme")

    /// A statement that lists nodes of one kind: `id, name` and for some kinds a country.
    struct NodeStatement {
        var kind: RecordKind
        /// `SELECT … FROM …`, with no condition.
        var sql: String
    }

    /// A statement that lists edges of one relation: `source id, target id` and perhaps a role.
    struct EdgeStatement {
        var sourceKind: RecordKind
        var targetKind: RecordKind
        var relation: NetworkRelation
        /// `SELECT source, target[, role] FROM …`.
        var select: String
        /// What the rows must meet, if anything.
        var condition: String?
        /// The expressions of the source and target ids, by which a filter picks edges.
        var sourceColumn: String
        var targetColumn: String
        /// The order that the roles of repeated edges are listed in, if it matters.
        var order: String?

        init(_ sourceKind: RecordKind, _ targetKind: RecordKind, _ relation: NetworkRelation, _ select: String,
             where condition: String? = nil, source: String, target: String, order: String? = nil) {
            self.sourceKind = sourceKind
            self.targetKind = targetKind
            self.relation = relation
            self.select = select
            self.condition = condition
            sourceColumn = source
            targetColumn = target
            self.order = order
        }

        /// The statement, for the rows that also meet `filter` when it is given.
        func sql(filter: String? = nil) -> String {
            let conditions = [condition, filter.map { "(\($0))" }].compactMap { $0 }
            return select + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + (order.map { " ORDER BY \($0)" } ?? "")
        }
    }

    var nodeStatements: [NodeStatement] {
        [NodeStatement(kind: .organisation, sql: "SELECT id, name, country FROM organisation"),
         NodeStatement(kind: .region, sql: regions)]
            + [RecordKind.partnership, .project, .programme, .person].map {
                NodeStatement(kind: $0, sql: "SELECT id, name FROM \($0.rawValue)")
            }
    }

    /// Every edge statement, in the order a build adds them (which orders the roles of repeated edges). Each edge
    /// is stated by one record, and reaches it: so an edge of a changed record is found from either end.
    var edgeStatements: [EdgeStatement] {
        [EdgeStatement(.organisation, .partnership, .partyOf,
                       "SELECT organisation_id, partnership_id, role FROM partnership_party", where: "organisation_id IS NOT NULL",
                       source: "organisation_id", target: "partnership_id", order: "partnership_id, position"),
         EdgeStatement(.region, .partnership, .partyOf,
                       "SELECT region_id, partnership_id, role FROM partnership_party", where: "region_id IS NOT NULL",
                       source: "region_id", target: "partnership_id", order: "partnership_id, position"),
         EdgeStatement(.region, .partnership, .partyOf, regionMemberships, where: regionMembershipCondition,
                       source: "region.id", target: regionMembershipColumn),
         EdgeStatement(.organisation, .project, .partnerIn, "SELECT organisation_id, project_id, role FROM project_partner",
                       source: "organisation_id", target: "project_id", order: "project_id, position"),
         EdgeStatement(.organisation, .region, .memberOf, "SELECT organisation_id, region_id FROM region_member",
                       source: "organisation_id", target: "region_id"),
         EdgeStatement(.organisation, .organisation, .partOf, "SELECT id, parent_id FROM organisation", where: "parent_id IS NOT NULL",
                       source: "id", target: "parent_id"),
         EdgeStatement(.organisation, .region, .officeOf, "SELECT office_id, id FROM region", where: "office_id IS NOT NULL",
                       source: "office_id", target: "id"),
         // A project names its predecessor or its successor (or both, the same link twice, which the build merges).
         EdgeStatement(.project, .project, .predecessorOf, "SELECT predecessor_id, id FROM project", where: "predecessor_id IS NOT NULL",
                       source: "predecessor_id", target: "id"),
         EdgeStatement(.project, .project, .predecessorOf, "SELECT id, successor_id FROM project", where: "successor_id IS NOT NULL",
                       source: "id", target: "successor_id"),
         EdgeStatement(.project, .programme, .programme, "SELECT id, programme_id FROM project", where: "programme_id IS NOT NULL",
                       source: "id", target: "programme_id"),
         EdgeStatement(.partnership, .programme, .programme, partnershipProgrammes,
                       source: "partnership.id", target: partnershipProgrammeColumn),
         // A role held in an organisation or partnership "for" a region makes the person act for the region.
         EdgeStatement(.person, .organisation, .roleIn,
                       "SELECT person_id, organisation_id, role FROM person_role", where: "organisation_id IS NOT NULL",
                       source: "person_id", target: "organisation_id", order: "person_id, position"),
         EdgeStatement(.person, .partnership, .roleIn,
                       "SELECT person_id, partnership_id, role FROM person_role", where: "partnership_id IS NOT NULL",
                       source: "person_id", target: "partnership_id", order: "person_id, position"),
         EdgeStatement(.person, .region, .roleIn, "SELECT person_id, region_id, role FROM person_role",
                       where: "region_id IS NOT NULL AND organisation_id IS NULL AND partnership_id IS NULL",
                       source: "person_id", target: "region_id", order: "person_id, position"),
         EdgeStatement(.person, .region, .actsFor, "SELECT person_id, region_id, role FROM person_role",
                       where: "region_id IS NOT NULL AND (organisation_id IS NOT NULL OR partnership_id IS NOT NULL)",
                       source: "person_id", target: "region_id", order: "person_id, position")]
    }

    /// Builds the network from the rows `rows` gives for each statement, handed over one at a time: a million
    /// rows are never held at once.
    func build(rows: (String, (any NetworkRow) -> Void) throws -> Void) throws -> CooperationNetwork {
        var builder = CooperationNetworkBuilder()
        for statement in nodeStatements {
            try rows(statement.sql) { row in
                guard let id = row.text(0), let name = row.text(1) else { return }
                builder.addNode(kind: statement.kind, id: id, name: name, country: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        for statement in edgeStatements {
            try rows(statement.sql()) { row in
                guard let source = row.text(0), let target = row.text(1) else { return }
                builder.addEdge(sourceKind: statement.sourceKind, source: source, targetKind: statement.targetKind,
                                target: target, relation: statement.relation, role: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        return builder.build()
    }

    /// `network` brought up to date after changes of the records `changed` names: their nodes and every edge
    /// that reaches them read again (the rows `rows` gives for statements limited to them), the rest kept.
    /// The network is the one ``build(rows:)`` would make from the same data.
    func update(_ network: CooperationNetwork, changed: Set<NetworkNode.Key>,
                rows: (String, (any NetworkRow) -> Void) throws -> Void) throws -> CooperationNetwork {
        var update = CooperationNetworkUpdate(changed: changed)
        let idsByKind = Dictionary(grouping: changed, by: \.kind).mapValues { $0.map(\.id).sorted() }
        for statement in nodeStatements {
            guard let ids = idsByKind[statement.kind] else { continue }
            try rows("\(statement.sql) WHERE id IN (\(Self.literals(ids)))") { row in
                guard let id = row.text(0), let name = row.text(1) else { return }
                update.addNode(kind: statement.kind, id: id, name: name, country: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        for statement in edgeStatements {
            var filters: [String] = []
            if let ids = idsByKind[statement.sourceKind] { filters.append("\(statement.sourceColumn) IN (\(Self.literals(ids)))") }
            if let ids = idsByKind[statement.targetKind] { filters.append("\(statement.targetColumn) IN (\(Self.literals(ids)))") }
            guard !filters.isEmpty else { continue }
            try rows(statement.sql(filter: filters.joined(separator: " OR "))) { row in
                guard let source = row.text(0), let target = row.text(1) else { return }
                update.addEdge(sourceKind: statement.sourceKind, source: source, targetKind: statement.targetKind,
                               target: target, relation: statement.relation, role: row.columnCount > 2 ? row.text(2) : nil)
            }
        }
        return update.apply(to: network)
    }

    /// `ids` as SQL string literals, separated by commas: record ids are written into the statement rather than
    /// bound, so that one text serves both engines' ways of reading rows.
    static func literals(_ ids: [String]) -> String {
        ids.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
    }
}

/// A row of a statement that lists nodes or edges: its columns as UTF-8 text, as the database holds them.
protocol NetworkRow {
    var columnCount: Int { get }
    /// The bytes of `column`, nil for NULL: valid until the next row.
    func text(_ column: Int) -> UnsafeRawBufferPointer?
}
