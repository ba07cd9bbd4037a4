import GRDB

extension RegistryStore {
    /// The cooperation network as the database holds it now, read in one transaction from the typed
    /// columns and link tables (and the JSON lists of region memberships and partnership programmes).
    /// It is built once and kept until the data changes.
    public func cooperationNetwork() throws -> CooperationNetwork {
        try networkCache.network {
            let network = try read { db in
                var builder = CooperationNetworkBuilder()
                try RegistryStore.addNetworkNodes(db, to: &builder)
                try RegistryStore.addNetworkEdges(db, to: &builder)
                return builder.build()
            }
            // The build's row values, keys and sort buffers are freed by now, but scattered among pages that
            // malloc would otherwise keep.
            FreeMemory.returnToKernel()
            return network
        }
    }

    /// Rows are read through cursors, each added as it comes: a million rows fetched at once would be a
    /// million row values, freed only after the network is built.
    private static func addNetworkNodes(_ db: Database, to builder: inout CooperationNetworkBuilder) throws {
        let organisations = try Row.fetchCursor(db, sql: "SELECT id, name, country FROM organisation")
        while let row = try organisations.next() {
            builder.addNode(kind: .organisation, id: row["id"], name: row["name"], country: row["country"])
        }
        let regions = """
            SELECT id, name,
                   CASE WHEN json_array_length(data, '$.countries') = 1 THEN json_extract(data, '$.countries[0]') END AS country
            FROM region
            """
        let regionRows = try Row.fetchCursor(db, sql: regions)
        while let row = try regionRows.next() {
            builder.addNode(kind: .region, id: row["id"], name: row["name"], country: row["country"])
        }
        for kind in [RecordKind.partnership, .project, .programme, .person] {
            let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM \(kind.rawValue)")
            while let row = try rows.next() {
                builder.addNode(kind: kind, id: row["id"], name: row["name"], country: nil)
            }
        }
    }

    private static func addNetworkEdges(_ db: Database, to builder: inout CooperationNetworkBuilder) throws {
        func add(_ sql: String, _ sourceKind: RecordKind, _ targetKind: RecordKind, _ relation: NetworkRelation) throws {
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                guard let source: String = row[0], let target: String = row[1] else { continue }
                let role: String? = row.count > 2 ? row[2] : nil
                builder.addEdge(source: NetworkNode.Key(kind: sourceKind, id: source),
                                target: NetworkNode.Key(kind: targetKind, id: target), relation: relation, role: role)
            }
        }
        try add("SELECT organisation_id, partnership_id, role FROM partnership_party WHERE organisation_id IS NOT NULL ORDER BY partnership_id, position",
                .organisation, .partnership, .partyOf)
        try add("SELECT region_id, partnership_id, role FROM partnership_party WHERE region_id IS NOT NULL ORDER BY partnership_id, position",
                .region, .partnership, .partyOf)
        // A region's memberships that the partnership does not list among its parties.
        try add("""
                SELECT region.id, membership.value FROM region, json_each(region.data, '$.memberships') AS membership
                WHERE NOT EXISTS (SELECT 1 FROM partnership_party
                                  WHERE partnership_id = membership.value AND region_id = region.id)
                """, .region, .partnership, .partyOf)
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
        try add("SELECT partnership.id, programme.value FROM partnership, json_each(partnership.data, '$.programmes') AS programme",
                .partnership, .programme, .programme)
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
    }
}
