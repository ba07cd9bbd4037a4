import Foundation
import PostgresClient

extension PostgresRecordStatements: ImportStatements {
    /// The import's own tables, temporary: dropped when its transaction ends, whether it commits or not.
    private static let bookkeeping: [(name: String, definition: String)] = [
        ("import_key", "(key text COLLATE \"C\" PRIMARY KEY, id text COLLATE \"C\" NOT NULL)"),
        ("import_made", "(id text COLLATE \"C\" PRIMARY KEY)"),
        ("import_touched", "(label text COLLATE \"C\" PRIMARY KEY, before_hash bigint)"),
        ("import_provenance", "(seq bigint PRIMARY KEY, line text NOT NULL)"),
    ]

    func beginImport(_ document: ProvenanceDocument) throws {
        batched?.lookUpRows(of: Self.keyInsert)
        batched?.lookUpRows(of: Self.madeInsert)
        for table in Self.bookkeeping {
            try connection.execute("CREATE TEMPORARY TABLE IF NOT EXISTS \(table.name) \(table.definition) ON COMMIT DROP")
            try connection.execute("DELETE FROM \(table.name)")
        }
        try connection.query(
            """
            INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
            VALUES ($1, $2, 'en', $3, $4, '', $5, 0) ON CONFLICT (id) DO NOTHING
            """,
            [.text(document.id), .text(document.fileName), .text(document.title), .text(document.source), .text(document.sha256)])
    }

    func appendProvenanceLine(_ number: Int, _ text: String) throws {
        try insertOrHold(Self.provenanceInsert, [.integer(Int64(number)), .text(text)])
    }

    private static let provenanceInsert = BatchedInserts.Insert(head: "INSERT INTO import_provenance (seq, line)", columns: 2)

    func finishProvenance(_ document: ProvenanceDocument) throws {
        try connection.query(
            """
            INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
            VALUES ($1, $2, 'en', $3, $4, (SELECT coalesce(string_agg(line, '' ORDER BY seq), '') FROM import_provenance), $5, $6)
            ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, scalar_count = EXCLUDED.scalar_count, title = EXCLUDED.title,
                source = EXCLUDED.source WHERE document.text IS DISTINCT FROM EXCLUDED.text
            """,
            [.text(document.id), .text(document.fileName), .text(document.title), .text(document.source), .text(document.sha256),
             .integer(Int64(document.scalarCount))])
        try connection.execute("DELETE FROM import_provenance")
    }

    func beginImportChange(document: String, author: String, reason: String?) throws -> Int64 {
        try connection.query(
            """
            INSERT INTO change (changed_at, author, operation, record_kind, record_id, after, reason)
            VALUES ($1, $2, $3, $3, $4, '{}', $5) RETURNING id
            """,
            [.text(ChangeLog.timestamp()), .text(author), .text(ChangeOperation.import.rawValue), .text(document), .optional(reason)])
            .rows[0].get(0, as: Int64.self)
    }

    func importWrote(_ change: Int64, kind: RecordKind, id: String, before: String?) throws {
        // Rows of one table go in in the order they came: a record listed twice keeps its first listing.
        try insertOrHold(Self.listingInsert, [.text(kind.rawValue), .text(id), .integer(change), RecordColumns.Value(before),
                                              RecordColumns.Value(try PersonalData.publicForm(kind, served: before))])
    }

    private static let listingInsert = BatchedInserts.Insert(
        head: "INSERT INTO change_record (record_kind, record_id, change_id, before, before_public)", tail: " ON CONFLICT DO NOTHING",
        columns: 5)

    func finishImportChange(_ change: Int64, summary: String, wroteAnything: Bool) throws {
        let listed = try connection.query("SELECT EXISTS (SELECT 1 FROM change_record WHERE change_id = $1)", [.integer(change)])
            .rows[0].get(0, as: Bool.self)
        if listed || wroteAnything {
            try connection.query("UPDATE change SET after = $1 WHERE id = $2", [.text(summary), .integer(change)])
        } else {
            try connection.query("DELETE FROM change WHERE id = $1", [.integer(change)])
        }
    }

    func ids(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?) throws -> [[String?]: String] {
        let lookup = Self.keyLookup(kind, byKey: fields, probe: probe)
        var index: [[String?]: String] = [:]
        for row in try connection.query(lookup.sql, lookup.parameters).rows {
            let key = try (1...fields.count).map { try row.get($0, as: String?.self) }
            if index[key] == nil { index[key] = try row.get(0, as: String.self) }
        }
        return index
    }

    /// The statement of ``ids(_:byKey:probe:)``: each record's id and key fields, in id order, of the records the
    /// probe's index finds (the column as the schema indexes it, the expression as migration 0017 does). A field's
    /// text is what the SQLite engine gives: a string's text, an integer's digits, nil otherwise.
    static func keyLookup(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?)
        -> (sql: String, parameters: [PostgresValue]) {
        var parameters = PostgresParameters()
        let columns = fields.map { field -> String in
            let path = parameters.bind(.text("{" + field.split(separator: ".").joined(separator: ",") + "}"))
            let value = "(served::jsonb #> \(path)::text[])"
            return """
                CASE jsonb_typeof(\(value)) WHEN 'string' THEN \(value) #>> '{}'
                WHEN 'number' THEN CASE WHEN \(value)::text ~ '^-?[0-9]+$' THEN \(value)::text END END
                """
        }.joined(separator: ", ")
        var sql = "SELECT id, \(columns) FROM \(kind.rawValue)"
        if let probe {
            let value = parameters.bind(.text(probe.value))
            switch probe.source {
            case .column(let column): sql += " WHERE \(column) = \(value)"
            case .servedField(let field): sql += " WHERE (served::jsonb ->> '\(field)') = \(value)"
            }
        }
        return (sql + " ORDER BY id", parameters.values)
    }

    func recordCount(_ kind: RecordKind) throws -> Int {
        Int(try connection.query("SELECT count(*) FROM \(kind.rawValue)").rows[0].get(0, as: Int64.self))
    }

    func countExisting(_ kind: RecordKind, ids: [String]) throws -> Int {
        Int(try connection.query("SELECT count(*) FROM \(kind.rawValue) WHERE id IN (SELECT json_array_elements_text($1::json))",
                                 [.text(RegistryStore.jsonArray(ids))]).rows[0].get(0, as: Int64.self))
    }

    func knownID(forKey key: String) throws -> String? {
        // A key held in the batch is its latest; one that is not is as the table has it, which needs nothing held.
        if let row = batched?.heldRow(Self.keyInsert, key: key), case .text(let id) = row.last { return id }
        return try directConnection.query("SELECT id FROM import_key WHERE key = $1", [.text(key)]).rows.first?.get(0, as: String.self)
    }

    func remember(ids: [String: String]) throws {
        for (key, id) in ids {
            guard let batched else {
                try insertOrHold(Self.keyInsert, [.text(key), .text(id)])
                try insertOrHold(Self.madeInsert, [.text(id)])
                continue
            }
            // A key held already with the same id needs nothing more (each row of a file names its programme
            // again, say); with another id it goes in before it is held again, as a statement may not update a key
            // twice.
            if let held = batched.heldRow(Self.keyInsert, key: key) {
                if case .text(let heldID)? = held.last, heldID == id { continue }
                try batched.write()
            }
            try batched.add(Self.keyInsert, [.text(key), .text(id)])
            try batched.add(Self.madeInsert, [.text(id)])
        }
    }

    private static let keyInsert = BatchedInserts.Insert(
        head: "INSERT INTO import_key (key, id)", tail: " ON CONFLICT (key) DO UPDATE SET id = EXCLUDED.id", columns: 2)
    private static let madeInsert = BatchedInserts.Insert(head: "INSERT INTO import_made (id)", tail: " ON CONFLICT DO NOTHING", columns: 1)

    func madeID(_ id: String) throws -> Bool {
        if batched?.heldRow(Self.madeInsert, key: id) != nil { return true }
        // Rows held are not in the table yet, and the table is asked only about what the batch does not hold.
        return try directConnection.query("SELECT EXISTS (SELECT 1 FROM import_made WHERE id = $1)", [.text(id)]).rows[0].get(0, as: Bool.self)
    }

    func noteTouched(_ label: String, beforeHash: Int?) throws {
        try insertOrHold(Self.touchedInsert, [.text(label), RecordColumns.Value(beforeHash)])
    }

    private static let touchedInsert = BatchedInserts.Insert(
        head: "INSERT INTO import_touched (label, before_hash)", tail: " ON CONFLICT DO NOTHING", columns: 2)

    func forEachTouched(_ body: (String, Int?) throws -> Void) throws {
        // A page at a time, after the last label read: libpq holds a statement's whole result in memory, and an
        // import touches as many records as its file has rows.
        var last = ""
        while true {
            let rows = try connection.query(
                "SELECT label, before_hash FROM import_touched WHERE label > $1 ORDER BY label LIMIT $2",
                [.text(last), .integer(Int64(Self.touchedPage))]).rows
            for row in rows {
                last = try row.get(0, as: String.self)
                try body(last, try row.get(1, as: Int?.self))
            }
            if rows.count < Self.touchedPage { return }
        }
    }

    /// Records touched that ``forEachTouched(_:)`` reads at once.
    static let touchedPage = 5_000

    func touchedLabels(limit: Int) throws -> [String]? {
        let labels = try connection.query("SELECT label FROM import_touched ORDER BY label LIMIT $1", [.integer(Int64(limit + 1))])
            .rows.map { try $0.get(0, as: String.self) }
        return labels.count > limit ? nil : labels
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        if let batched { return try batched.savepoint(body) }
        try connection.execute("SAVEPOINT import_row")
        let result: T
        do {
            result = try body()
        } catch {
            if !directConnection.isBroken {
                _ = try? directConnection.execute("ROLLBACK TO SAVEPOINT import_row; RELEASE SAVEPOINT import_row")
            }
            throw error
        }
        try connection.execute("RELEASE SAVEPOINT import_row")
        return result
    }

    func nutsCodes(named name: String) throws -> [String] {
        try connection.query(
            """
            SELECT DISTINCT p.nuts FROM place_name AS n JOIN place AS p ON p.id = n.place_id
            WHERE n.name = $1 AND p.nuts IS NOT NULL
            """, [.text(name)]).rows.map { try $0.get(0, as: String.self) }
    }

    func seedPlace(nuts code: String) throws -> Place? {
        try connection.query("SELECT data FROM place WHERE nuts = $1 AND id NOT LIKE 'nuts-%' ORDER BY id LIMIT 1", [.text(code)])
            .rows.first.map { try RegistryStore.decode(Place.self, from: try $0.get(0, as: String.self)) }
    }

    func placeID(nuts code: String) throws -> String? {
        try connection.query("SELECT id FROM place WHERE nuts = $1 ORDER BY id NOT LIKE 'nuts-%' DESC, id LIMIT 1", [.text(code)])
            .rows.first?.get(0, as: String.self)
    }

    func addPlaceAlias(_ placeID: String, _ name: String) throws -> Bool {
        try connection.query("INSERT INTO place_name (place_id, name, language) VALUES ($1, $2, NULL) ON CONFLICT DO NOTHING",
                             [.text(placeID), .text(name)]).affectedRows > 0
    }

    /// Written at once: PostgreSQL's full-text index has no segment to flush at each statement, which is why
    /// SQLite's entries are staged.
    func stageSearchEntry<R: RegistryRecord>(_ record: R, places: [String: Place],
                                             labels: ([String: String]) throws -> String) throws {
        try insertOrHold(IndexedEntry(record, places: places, encode: labels))
    }

    func writeStagedSearchEntries() throws {}

    func removeSearchEntry(_ kind: RecordKind, id: String) throws {
        try removeFromIndex(kind, id: id)
    }

    /// Each table's rows of the records of a kind are removed in one statement, and their rows written in
    /// statements of up to a hundred: record by record, a changed record cost eight round trips.
    func replaceRows(_ rows: [ReplacedRow]) throws -> [RecordColumns] {
        let columns = try rows.map { try RecordColumns($0.record, data: $0.data, served: $0.served, sourceFile: nil) }
        for (kind, indices) in Dictionary(grouping: rows.indices, by: { rows[$0].kind }).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let ids = RegistryStore.jsonArray(indices.map { rows[$0].record.id })
            let unindexed = indices.filter { rows[$0].servedChanged }.map { rows[$0].record.id }
            let idsIn = "IN (SELECT json_array_elements_text($2::json))"
            if !unindexed.isEmpty {
                let unindexedIDs = PostgresValue.text(RegistryStore.jsonArray(unindexed))
                try connection.query("DELETE FROM search_entry WHERE type = $1 AND record_id \(idsIn)", [.text(kind.rawValue), unindexedIDs])
                try connection.query("DELETE FROM search_alias WHERE group_key IN (SELECT $1::text || '/' || json_array_elements_text($2::json))",
                                     [.text(kind.rawValue), unindexedIDs])
                try connection.query("DELETE FROM quality_finding WHERE record_kind = $1 AND record_id \(idsIn)", [.text(kind.rawValue), unindexedIDs])
            }
            var start = 0
            while start < indices.count {
                let count = BatchedInserts.statementSizes.first { $0 <= indices.count - start } ?? 1
                let chunk = indices[start..<start + count]
                guard let first = chunk.first else { break }
                let insert = Self.rowInsert(kind, columns: columns[first].columns.map(\.0), replacing: true)
                try connection.query(PostgresBatchWriter.statement(insert, rows: count),
                                     chunk.flatMap { columns[$0].columns.map(\.1.postgresValue) })
                start += count
            }
            for table in Self.linkedTables {
                try connection.query("DELETE FROM \(table) WHERE record_kind = $1 AND record_id \(idsIn)", [.text(kind.rawValue), .text(ids)])
            }
            if let link = RecordColumns.LinkTable.of(kind) {
                try connection.query("DELETE FROM \(link.name) WHERE \(link.columns[0]) IN (SELECT json_array_elements_text($1::json))", [.text(ids)])
            }
        }
        return columns
    }
}
