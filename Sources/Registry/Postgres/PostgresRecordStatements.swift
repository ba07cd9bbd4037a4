import Foundation
import JSONOutput
import Locking
import PostgresClient

/// The statements of a record write in a PostgreSQL database, on the write's connection inside its transaction.
struct PostgresRecordStatements: RecordWriteStatements {
    /// The write's connection, as the statements that ``batched`` holds back use it.
    let directConnection: PostgresConnection
    /// An import's inserts held back to be written many to a statement; nil outside imports.
    let batched: BatchedInserts?

    init(connection: PostgresConnection, batched: BatchedInserts? = nil) {
        directConnection = connection
        self.batched = batched
    }

    /// The connection for any statement that is not held back: the inserts held are written first, so that the
    /// statement sees what writing them one by one would have left.
    var connection: PostgresConnection {
        get throws {
            try batched?.write()
            return directConnection
        }
    }

    var lookup: any RegistryLookup { PostgresRecordLookup(connection: directConnection, batched: batched) }

    /// A record an import's batch holds is read from there, any other from its table without writing the batch:
    /// what the batch holds changes no other record's row (``BatchedInserts/heldRecord(_:id:)``).
    func stored(_ kind: RecordKind, id: String) throws -> StoredRow? {
        if let held = batched?.heldRecord(kind, id: id) { return held }
        return try directConnection.query("SELECT origin, data, served, source_file FROM \(kind.rawValue) WHERE id = $1", [.text(id)])
            .rows.first.map { row in
                StoredRow(origin: try row.get(0), data: try row.get(1), served: try row.get(2), sourceFile: try row.get(3))
            }
    }

    func upsert<R: RegistryRecord>(_ record: R, forms: (data: String, served: String), sourceFile: String?,
                                   existing: StoredRow?) throws -> RecordWriter.Outcome {
        if let existing, let left = RecordWriter.leaves(existing.comparable, origin: record.origin, data: forms.data, sourceFile: sourceFile) {
            return left
        }
        if existing != nil {
            try writeLinks(of: record, try replaceRow(record, forms: forms, sourceFile: sourceFile))
            return .updated
        }
        let row = try RecordColumns(record, data: forms.data, served: forms.served, sourceFile: sourceFile)
        if let batched {
            // A new record's rows are all held in an import's batch: nothing need be written before them.
            let stored = StoredRow(origin: record.origin.rawValue, data: forms.data, served: forms.served, sourceFile: sourceFile)
            try RecordWriter.hold(record, row, inserting: stored, into: batched, linkInsert: Self.linkInsert)
            return .inserted
        }
        try connection.query(PostgresBatchWriter.statement(Self.rowInsert(R.kind, columns: row.columns.map(\.0), replacing: false), rows: 1),
                             row.columns.map(\.1.postgresValue))
        try writeLinks(of: record, row)
        return .inserted
    }

    /// Writes the stored record's row anew and removes its links, which ``writeLinks(of:_:)`` writes again; returns
    /// the row's columns.
    func replaceRow<R: RegistryRecord>(_ record: R, forms: (data: String, served: String), sourceFile: String?) throws -> RecordColumns {
        let row = try RecordColumns(record, data: forms.data, served: forms.served, sourceFile: sourceFile)
        try connection.query(PostgresBatchWriter.statement(Self.rowInsert(R.kind, columns: row.columns.map(\.0), replacing: true), rows: 1),
                             row.columns.map(\.1.postgresValue))
        try deleteLinks(R.kind, id: record.id)
        return row
    }

    /// The insert of a record's row into `columns` (the first being `id`), or, `replacing`, of its new version
    /// over the stored one.
    static func rowInsert(_ kind: RecordKind, columns: [String], replacing: Bool) -> BatchedInserts.Insert {
        // A kind's columns are always the same: its inserts are made once each.
        let key = RowInsertKey(kind: kind, replacing: replacing)
        if let known = rowInserts.withLock({ $0[key] }), known.columns == columns.count { return known }
        let insert = makeRowInsert(kind, columns: columns, replacing: replacing)
        rowInserts.withLock { $0[key] = insert }
        return insert
    }

    private struct RowInsertKey: Hashable {
        var kind: RecordKind
        var replacing: Bool
    }

    private static let rowInserts = Mutex<[RowInsertKey: BatchedInserts.Insert]>([:])

    private static func makeRowInsert(_ kind: RecordKind, columns: [String], replacing: Bool) -> BatchedInserts.Insert {
        BatchedInserts.Insert(
            head: "INSERT INTO \(kind.rawValue) (\(columns.joined(separator: ", ")))",
            tail: replacing ? " ON CONFLICT (id) DO UPDATE SET " + columns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ") : "",
            columns: columns.count)
    }

    /// Inserts the links of `record` (its `row`'s theme links, evidence, link rows and related references), or holds
    /// them in an import's batch.
    func writeLinks<R: RegistryRecord>(of record: R, _ row: RecordColumns) throws {
        if let batched {
            try RecordWriter.hold(record, row, inserting: nil, into: batched, linkInsert: Self.linkInsert)
            return
        }
        let kind = R.kind.rawValue
        for theme in Set(row.themes) {
            try connection.query("INSERT INTO record_theme (record_kind, record_id, theme_id) VALUES ($1, $2, $3)",
                                 [.text(kind), .text(record.id), .text(theme)])
        }
        for (position, evidence) in record.evidence.enumerated() {
            try connection.query(
                """
                INSERT INTO evidence (record_kind, record_id, position, field, document_id, quote, start_offset, end_offset)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [.text(kind), .text(record.id), .integer(Int64(position)), .optional(evidence.field), .text(evidence.document),
                 .text(evidence.quote), .integer(Int64(evidence.start)), .integer(Int64(evidence.end))])
        }
        for link in row.links {
            try connection.query(PostgresBatchWriter.statement(Self.linkInsert(link.table), rows: 1), link.values.map(\.postgresValue))
        }
        for (position, reference) in RelatedReference.of(record).enumerated() {
            try connection.query(
                """
                INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                [.text(kind), .text(record.id), .text(reference.relation), .integer(Int64(position)),
                 .text(reference.kind.rawValue), .text(reference.id), reference.role.map(PostgresValue.text) ?? .null,
                 reference.country.map(PostgresValue.text) ?? .null])
        }
    }

    /// Holds a row of `insert` in an import's batch, or inserts it at once outside imports.
    func insertOrHold(_ insert: BatchedInserts.Insert, _ values: [RecordColumns.Value]) throws {
        guard let batched else {
            try connection.query(PostgresBatchWriter.statement(insert, rows: 1), values.map(\.postgresValue))
            return
        }
        try batched.add(insert, values)
    }

    /// The insert of a row of a link table, before and after its values: made once per table, as an insert hashes
    /// its texts when it is made.
    static func linkInsert(_ table: RecordColumns.LinkTable) -> BatchedInserts.Insert {
        linkInserts[table] ?? makeLinkInsert(table)
    }

    private static let linkInserts = Dictionary(uniqueKeysWithValues: RecordColumns.LinkTable.allCases.map {
        ($0, makeLinkInsert($0))
    })

    private static func makeLinkInsert(_ table: RecordColumns.LinkTable) -> BatchedInserts.Insert {
        BatchedInserts.Insert(head: "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", ")))",
                              tail: table.ignoresDuplicates ? " ON CONFLICT DO NOTHING" : "", columns: table.columns.count)
    }

    func delete(_ kind: RecordKind, id: String) throws {
        try deleteLinks(kind, id: id)
        try connection.query("DELETE FROM \(kind.rawValue) WHERE id = $1", [.text(id)])
    }

    /// The tables of every kind's links, by `record_kind` and `record_id`; a kind's own link table is
    /// ``RecordColumns/LinkTable/of(_:)``.
    static let linkedTables = ["record_theme", "evidence", "record_related"]

    private func deleteLinks(_ kind: RecordKind, id: String) throws {
        for table in Self.linkedTables {
            try connection.query("DELETE FROM \(table) WHERE record_kind = $1 AND record_id = $2", [.text(kind.rawValue), .text(id)])
        }
        if let link = RecordColumns.LinkTable.of(kind) {
            try connection.query("DELETE FROM \(link.name) WHERE \(link.columns[0]) = $1", [.text(id)])
        }
    }

    /// The deferred foreign keys checked now: `SET CONSTRAINTS ALL IMMEDIATE` checks what is pending, and
    /// the write goes on with them deferred again.
    func danglingReference() throws -> String? {
        try batched?.write()
        do {
            try directConnection.execute("SET CONSTRAINTS ALL IMMEDIATE")
        } catch {
            guard error.sqlState == PostgresRecordStatements.foreignKeyViolation else { throw error }
            return [error.message, error.detail].compactMap { $0 }.joined(separator: ": ")
        }
        try connection.execute("SET CONSTRAINTS ALL DEFERRED")
        return nil
    }

    /// The SQLSTATE of a foreign key violation.
    static let foreignKeyViolation = "23503"

    func index<R: RegistryRecord>(_ record: R, replacing: Bool) throws {
        if replacing { try removeFromIndex(R.kind, id: record.id) }
        let entry = try IndexedEntry(record, places: try places(namedBy: record), encode: RecordWriter.encode)
        try insertEntry(entry)
        if let group = entry.aliasGroup {
            for spelling in entry.aliases { try insertAlias(group: group, spelling: spelling) }
        }
    }

    static let entryInsert = BatchedInserts.Insert(
        head: "INSERT INTO search_entry (type, record_id, label, labels, name_text, body_text, name, body)", columns: 8)
    static let aliasInsert = BatchedInserts.Insert(
        head: "INSERT INTO search_alias (group_key, spelling)", tail: " ON CONFLICT DO NOTHING", columns: 2)

    /// Writes an entry's row, not its aliases.
    func insertEntry(_ entry: IndexedEntry) throws {
        try connection.query(PostgresBatchWriter.statement(Self.entryInsert, rows: 1), Self.entryValues(entry).map(\.postgresValue))
    }

    /// Writes an entry's row and its aliases, or holds them in an import's batch.
    func insertOrHold(_ entry: IndexedEntry) throws {
        try insertOrHold(Self.entryInsert, Self.entryValues(entry))
        guard let group = entry.aliasGroup else { return }
        for spelling in entry.aliases { try insertOrHold(Self.aliasInsert, [.text(group), .text(spelling)]) }
    }

    /// The values of ``entryInsert`` for `entry`.
    static func entryValues(_ entry: IndexedEntry) -> [RecordColumns.Value] {
        [.text(entry.type), .text(entry.recordID), .text(entry.label), .text(entry.labels), .text(entry.nameText),
         .text(entry.bodyText), .text(entry.name), .text(entry.body)]
    }

    /// The gazetteer places `record`'s search entry names, by id: a write of one record reads those rows only.
    func places<R: RegistryRecord>(namedBy record: R) throws -> [String: Place] {
        let decoder = JSONTextDecoder()
        var places: [String: Place] = [:]
        for id in SearchEntry.placeIDs(of: record) where places[id] == nil {
            if let row = try connection.query("SELECT data FROM place WHERE id = $1", [.text(id)]).rows.first {
                places[id] = try decoder.decode(Place.self, from: try row.get(0, as: String.self))
            }
        }
        return places
    }

    /// The gazetteer places by id, whose names a record's search entry carries.
    func places() throws -> [String: Place] {
        let decoder = JSONTextDecoder()
        var places: [String: Place] = [:]
        for row in try connection.query("SELECT data FROM place").rows {
            let place = try decoder.decode(Place.self, from: try row.get(0, as: String.self))
            places[place.id] = place
        }
        return places
    }

    func removeFromIndex(_ kind: RecordKind, id: String) throws {
        try connection.query("DELETE FROM search_entry WHERE type = $1 AND record_id = $2", [.text(kind.rawValue), .text(id)])
        try connection.query("DELETE FROM search_alias WHERE group_key = $1", [.text("\(kind.rawValue)/\(id)")])
    }

    func insertFinding(_ finding: QualityFinding, data: String) throws {
        try insertOrHold(FindingWriter.insert, try FindingWriter.values(finding, data: data))
    }

    func removeFindings(_ kind: RecordKind, id: String) throws {
        try connection.query("DELETE FROM quality_finding WHERE record_kind = $1 AND record_id = $2", [.text(kind.rawValue), .text(id)])
    }

    func recordChange(_ operation: ChangeOperation, kind: RecordKind, id: String, before: String?, after: String?,
                      author: String, reason: String?, at time: String) throws -> Int64 {
        let inserted = try connection.query(
            """
            INSERT INTO change (changed_at, author, operation, record_kind, record_id, before, after, reason, before_public, after_public)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
            """,
            [.text(time), .text(author), .text(operation.rawValue), .text(kind.rawValue), .text(id),
             .optional(before), .optional(after), .optional(reason),
             .optional(try PersonalData.publicForm(kind, served: before)), .optional(try PersonalData.publicForm(kind, served: after))])
        return try inserted[0].get(0, as: Int64.self)
    }

    func keepSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?) throws {
        // The findings as SQLite's json_group_array gives them: a compact array, empty when there are none.
        try connection.query(
            """
            INSERT INTO seed_override (record_kind, record_id, source_file, data, findings)
            VALUES ($1, $2, $3, $4, (SELECT COALESCE('[' || string_agg(data, ',' ORDER BY id) || ']', '[]') FROM quality_finding
                                     WHERE record_kind = $1 AND record_id = $2))
            ON CONFLICT DO NOTHING
            """,
            [.text(kind.rawValue), .text(id), .optional(sourceFile), .text(data)])
    }

    func seedVersion(_ kind: RecordKind, id: String) throws -> SeedVersion? {
        try connection.query("SELECT data, source_file, findings FROM seed_override WHERE record_kind = $1 AND record_id = $2",
                             [.text(kind.rawValue), .text(id)])
            .rows.first.map { row in SeedVersion(data: try row.get(0), sourceFile: try row.get(1), findings: try row.get(2)) }
    }

    func removeSeedVersion(_ kind: RecordKind, id: String) throws {
        try connection.query("DELETE FROM seed_override WHERE record_kind = $1 AND record_id = $2", [.text(kind.rawValue), .text(id)])
    }

    func references(to kind: RecordKind, id: String) throws -> [String] {
        let related = try connection.query(
            """
            SELECT DISTINCT record_kind || '/' || record_id || ' (' || relation || ')' FROM record_related
            WHERE target_kind = $1 AND target_id = $2 AND NOT (record_kind = $1 AND record_id = $2)
            ORDER BY 1
            """, [.text(kind.rawValue), .text(id)]).rows.map { try $0.get(0, as: String.self) }
        guard kind == .organisation else { return related }
        // Governance bodies name organisations in the partnership's JSON only: neither a foreign key nor
        // `record_related` holds these references.
        let governance = try connection.query(
            """
            SELECT DISTINCT 'partnership/' || p.id || ' (governance)' FROM partnership AS p
            CROSS JOIN LATERAL jsonb_array_elements(
                CASE jsonb_typeof(p.data::jsonb -> 'governance') WHEN 'array' THEN p.data::jsonb -> 'governance' ELSE '[]' END) AS body
            WHERE body -> 'members' @> to_jsonb($1::text) OR body -> 'venues' @> to_jsonb($1::text)
            ORDER BY 1
            """, [.text(id)]).rows.map { try $0.get(0, as: String.self) }
        return related + governance
    }
}

extension RecordColumns.Value {
    /// The value as a PostgreSQL parameter.
    var postgresValue: PostgresValue {
        switch self {
        case .text(let text): .text(text)
        case .integer(let integer): .integer(integer)
        case .null: .null
        }
    }
}

extension PostgresValue {
    /// Text, or NULL for nil.
    static func optional(_ text: String?) -> PostgresValue {
        text.map(PostgresValue.text) ?? .null
    }
}
