import PostgresClient

extension PostgresRegistryStore {
    /// What the record's item shows, in one statement: its JSON as served and label, its findings and its related
    /// records, one part after the other. One statement sees one snapshot by itself, so it needs no transaction
    /// around it: the three reads and the transaction's own statements were six round trips to the server.
    public func itemParts(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ItemParts? {
        let sql = PostgresRegistryStore.itemStatements[ItemStatementKey(kind: kind, nameColumn: RegistryStore.nameColumn(language),
                                                                        personal: personal)]
            ?? PostgresRegistryStore.itemSQL(kind, language: language, personal: personal)
        let result = try read { connection in try connection.query(sql, [.text(id), .text(kind.rawValue)]) }
        // The columns are read as the bytes libpq holds, not through `get`: a `String` per column (and its
        // UTF-8 check) and the generic decoding were most of the server's own work per item. The bytes are the
        // result's, so it is kept until they are copied.
        return withExtendedLifetime(result) { PostgresRegistryStore.parts(of: result) }
    }

    /// The item's parts from the rows of its statement (part, three order keys, then its columns); nil when the
    /// record is not among them.
    private static func parts(of result: PostgresResult) -> ItemParts? {
        guard result.count > 0, let first = result[0].unsafeText(0), first.elementsEqual("0".utf8) else { return nil }
        let record = result[0]
        var findings: [[UInt8]] = []
        var related = RelatedRows()
        related.reserveCapacity(entries: 16, bytes: 1024)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        for index in 1..<result.count {
            let row = result[index]
            let a = row.unsafeText(4) ?? empty
            if row.unsafeText(0)?.elementsEqual("1".utf8) == true {
                findings.append(Array(a))
                continue
            }
            guard let kindName = row.unsafeText(5), let relatedKind = RecordKind(rawValue: String(decoding: kindName, as: UTF8.self)) else {
                continue
            }
            related.append(relation: a, kind: relatedKind, id: row.unsafeText(6) ?? empty, name: row.unsafeText(7) ?? empty,
                           role: row.unsafeText(8), country: row.unsafeText(9))
        }
        return ItemParts(json: Array(record.unsafeText(4) ?? empty), label: Array(record.unsafeText(5) ?? empty),
                         related: related, findings: findings)
    }

    /// Which statement of ``itemParts(_:id:language:personal:)`` a read needs.
    private struct ItemStatementKey: Hashable {
        var kind: RecordKind
        var nameColumn: String
        var personal: Bool
    }

    /// Every statement of ``itemParts(_:id:language:personal:)``, made once rather than for every read.
    private static let itemStatements: [ItemStatementKey: String] = Dictionary(uniqueKeysWithValues:
        RecordKind.allCases.flatMap { kind in
            RegistryStore.nameLanguages.flatMap { language in
                [false, true].map { personal in
                    (ItemStatementKey(kind: kind, nameColumn: RegistryStore.nameColumn(language), personal: personal),
                     itemSQL(kind, language: language, personal: personal))
                }
            }
        })

    /// The statement of ``itemParts(_:id:language:personal:)`` (`$1` the id, `$2` the kind): rows of part 0 (the
    /// record: served JSON, label), 1 (findings, most severe first) and 2 (related records: relation, kind, id,
    /// name, role, country), each part in its order: one sort over three keys of the parts' own (a text, a number
    /// and a text; the texts' collation is set in the first part), rather than a sort and a numbering window for
    /// each part and a sort of the whole.
    private static func itemSQL(_ kind: RecordKind, language: String, personal: Bool) -> String {
        let related = relatedStatement(of: kind, nameColumn: RegistryStore.nameColumn(language))
        return """
            SELECT 0 AS part, NULL::text COLLATE "C" AS k1, 0::bigint AS k2, NULL::text COLLATE "C" AS k3,
                   \(RegistryStore.servedColumn(kind, personal: personal))::text AS a, \(RegistryStore.nameColumn(language))::text AS b,
                   NULL::text AS c, NULL::text AS d, NULL::text AS e, NULL::text AS f
            FROM \(kind.rawValue) WHERE id = $1
            UNION ALL
            SELECT 1, NULL, CASE severity WHEN 'warning' THEN 0 WHEN 'notice' THEN 1 ELSE 2 END, id, served::text, NULL, NULL, NULL, NULL, NULL
            FROM quality_finding WHERE record_kind = $2 AND record_id = $1
            UNION ALL
            SELECT 2, \(related.orderKeys.text), \(related.orderKeys.number), \(related.orderKeys.tieBreak), \(related.columns)
            FROM \(related.from)
            ORDER BY part, k1, k2, k3
            """
    }
}
