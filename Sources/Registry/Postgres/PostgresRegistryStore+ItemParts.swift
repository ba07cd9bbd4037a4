import PostgresClient

extension PostgresRegistryStore {
    /// What the record's item shows, in one statement: its JSON as served and label, its findings and its related
    /// records, one part after the other. One statement sees one snapshot by itself, so it needs no transaction
    /// around it: the three reads and the transaction's own statements were six round trips to the server.
    public func itemParts(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ItemParts? {
        let sql = PostgresRegistryStore.itemSQL(kind, language: language, personal: personal)
        let rows = try read { connection in try connection.query(sql, [.text(id), .text(kind.rawValue)]).rows }
        guard let record = rows.first, try record.get(0, as: Int.self) == 0 else { return nil }
        var findings: [[UInt8]] = []
        var related = RelatedRows()
        for row in rows.dropFirst() {
            let a: String = try row.get(2)
            if try row.get(0, as: Int.self) == 1 {
                findings.append(Array(a.utf8))
                continue
            }
            let kindName: String = try row.get(3)
            guard let relatedKind = RecordKind(rawValue: kindName) else { continue }
            let relatedID: String = try row.get(4)
            let name: String = try row.get(5)
            let role: String? = try row.get(6)
            let country: String? = try row.get(7)
            related.append(relation: Array(a.utf8), kind: relatedKind, id: Array(relatedID.utf8), name: Array(name.utf8),
                           role: role.map { Array($0.utf8) }, country: country.map { Array($0.utf8) })
        }
        return ItemParts(json: Array(try record.get(2, as: String.self).utf8),
                         label: Array(try record.get(3, as: String.self).utf8), related: related, findings: findings)
    }

    /// The statement of ``itemParts(_:id:language:personal:)`` (`$1` the id, `$2` the kind): rows of part 0 (the
    /// record: served JSON, label), 1 (findings, most severe first) and 2 (related records: relation, kind, id,
    /// name, role, country), each part in its order.
    private static func itemSQL(_ kind: RecordKind, language: String, personal: Bool) -> String {
        let related = relatedStatement(of: kind, nameColumn: RegistryStore.nameColumn(language))
        return """
            SELECT 0 AS part, 0::bigint AS n, \(RegistryStore.servedColumn(kind, personal: personal))::text AS a,
                   \(RegistryStore.nameColumn(language))::text AS b, NULL::text AS c, NULL::text AS d, NULL::text AS e,
                   NULL::text AS f
            FROM \(kind.rawValue) WHERE id = $1
            UNION ALL
            SELECT 1, row_number() OVER (ORDER BY CASE severity WHEN 'warning' THEN 0 WHEN 'notice' THEN 1 ELSE 2 END, id),
                   served::text, NULL, NULL, NULL, NULL, NULL
            FROM quality_finding WHERE record_kind = $2 AND record_id = $1
            UNION ALL
            SELECT * FROM (
                SELECT 2, row_number() OVER (ORDER BY \(related.order)), \(related.columns) FROM \(related.from)
            ) AS related_row
            ORDER BY part, n
            """
    }
}
