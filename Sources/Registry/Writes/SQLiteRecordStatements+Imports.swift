import GRDB

extension SQLiteRecordStatements: ImportStatements {
    /// The import's own tables, in its scratch database (``RegistryStore/scratchSchema``): in memory they grew with
    /// the file (hundreds of bytes a record, most of an import's memory past a million rows).
    private static let bookkeeping: [(name: String, definition: String)] = [
        ("import_key", "(key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID"),
        ("import_made", "(id TEXT PRIMARY KEY) WITHOUT ROWID"),
        ("import_touched", "(label TEXT PRIMARY KEY, before_hash INTEGER) WITHOUT ROWID"),
        ("import_provenance", "(seq INTEGER PRIMARY KEY, line TEXT NOT NULL)"),
    ]

    func places() throws -> [String: Place] {
        try SearchIndex.placesByID(db)
    }

    func beginImport(_ document: ProvenanceDocument) throws {
        batched?.lookUpRows(of: Self.keyInsert)
        batched?.lookUpRows(of: Self.madeInsert)
        for table in Self.bookkeeping {
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS import_scratch.\(table.name) \(table.definition)")
            try db.execute(sql: "DELETE FROM import_scratch.\(table.name)")
        }
        try SearchIndex.beginStaging(db)
        // The document's row is there from the start: while a deferred reference dangles, SQLite looks for the rows
        // that refer to every row inserted into a table others refer to, scanning where no index serves, so each
        // organisation inserted would read them all.
        try db.execute(
            sql: """
                INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
                VALUES (?, ?, 'en', ?, ?, '', ?, 0) ON CONFLICT(id) DO NOTHING
                """,
            arguments: [document.id, document.fileName, document.title, document.source, document.sha256])
    }

    func appendProvenanceLine(_ number: Int, _ text: String) throws {
        guard let batched else {
            return try db.cachedStatement(sql: "INSERT INTO import_scratch.import_provenance (seq, line) VALUES (?, ?)")
                .execute(arguments: [number, text])
        }
        try batched.add(Self.provenanceInsert, [.integer(Int64(number)), .text(text)])
    }

    private static let provenanceInsert = BatchedInserts.Insert(head: "INSERT INTO import_scratch.import_provenance (seq, line)", columns: 2)

    func finishProvenance(_ document: ProvenanceDocument) throws {
        // The row is there since the import began (``beginImport(_:)``), its text empty or an earlier import's.
        guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM document WHERE id = ?", arguments: [document.id]) else {
            throw DatabaseError(resultCode: .SQLITE_NOTFOUND, message: "the import's provenance document \(document.id) is missing")
        }
        // The same file imported again has the same text: the document is left as it is, as a write of the same
        // record is.
        if try !storedText(rowid: rowid, is: document) {
            // A value of zeros of the text's length, then its bytes span by span: the text is never put together in
            // memory. A BLOB of zeros that is its row's last column (migration 0022) is written as zeroed pages, not
            // made in memory first.
            try db.execute(
                sql: "UPDATE document SET text = zeroblob(?), scalar_count = ?, title = ?, source = ? WHERE rowid = ?",
                arguments: [document.byteCount, document.scalarCount, document.title, document.source, rowid])
            let text = try DocumentTextBlob(db, rowid: rowid, writable: true)
            _ = try forEachProvenanceSpan { span, offset in
                try text.write(span, at: offset)
                return true
            }
        }
        try db.execute(sql: "DELETE FROM import_scratch.import_provenance")
    }

    /// Whether the document in row `rowid` has the text of `document`'s lines already.
    private func storedText(rowid: Int64, is document: ProvenanceDocument) throws -> Bool {
        let stored = try DocumentTextBlob(db, rowid: rowid, writable: false)
        guard stored.byteCount == document.byteCount else { return false }
        var storedSpan: [UInt8] = []
        return try forEachProvenanceSpan { span, offset in
            storedSpan = [UInt8](repeating: 0, count: span.count)
            try storedSpan.withUnsafeMutableBytes { try stored.read(into: $0, at: offset) }
            return storedSpan.withUnsafeBytes { $0.elementsEqual(span) }
        }
    }

    /// Calls `body` with the provenance document's text in order, in spans of about ``provenanceSpan`` bytes
    /// (lines whole), with each span's offset, until it returns false; whether it never did.
    private func forEachProvenanceSpan(_ body: (UnsafeRawBufferPointer, Int) throws -> Bool) throws -> Bool {
        var span: [UInt8] = []
        span.reserveCapacity(Self.provenanceSpan)
        var offset = 0
        let lines = try ColumnReader(db.cachedStatement(sql: "SELECT line FROM import_scratch.import_provenance ORDER BY seq"))
        while try lines.next() {
            span.append(contentsOf: lines.bytes(0))
            guard span.count >= Self.provenanceSpan else { continue }
            guard try span.withUnsafeBytes({ try body($0, offset) }) else { return false }
            offset += span.count
            span.removeAll(keepingCapacity: true)
        }
        return try span.isEmpty || span.withUnsafeBytes { try body($0, offset) }
    }

    /// Bytes of provenance text read or written at a time.
    private static let provenanceSpan = 256 * 1024

    func beginImportChange(document: String, author: String, reason: String?) throws -> Int64 {
        try ChangeLog.beginImport(document: document, author: author, reason: reason, in: db)
    }

    func importWrote(_ change: Int64, kind: RecordKind, id: String, before: String?) throws {
        guard let batched else { return try ChangeLog.importWrote(change, kind: kind, id: id, before: before, in: db) }
        // Rows of one table go in in the order they came: a record listed twice keeps its first listing.
        try batched.add(ChangeLog.importListing, [.text(kind.rawValue), .text(id), .integer(change), RecordColumns.Value(before),
                                                  RecordColumns.Value(try PersonalData.publicForm(kind, served: before))])
    }

    func finishImportChange(_ change: Int64, summary: String, wroteAnything: Bool) throws {
        try ChangeLog.finishImport(change, summary: summary, wroteAnything: wroteAnything, in: db)
    }

    func ids(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?) throws -> [[String?]: String] {
        let lookup = Self.keyLookup(kind, byKey: fields, probe: probe)
        var index: [[String?]: String] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: lookup.sql), arguments: lookup.arguments)
        while let row = try rows.next() {
            let key = (1...fields.count).map { Self.keyText(row[$0] as DatabaseValue) }
            if index[key] == nil { index[key] = row[0] }
        }
        return index
    }

    /// The statement of ``ids(_:byKey:probe:)``: each record's id and key fields, in id order, of the records the
    /// probe's index finds (the column as the schema indexes it, the expression as migration 0017 does).
    static func keyLookup(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?)
        -> (sql: String, arguments: StatementArguments) {
        let columns = fields.map { "json_extract(served, \(jsonPath($0)))" }.joined(separator: ", ")
        let select = "SELECT id, \(columns) FROM \(kind.rawValue)"
        guard let probe else { return (select + " ORDER BY id", []) }
        let indexed = switch probe.source {
        case .column(let column): column
        case .servedField(let field): "json_extract(served, \(jsonPath(field)))"
        }
        return (select + " WHERE \(indexed) = ? ORDER BY id", [probe.value])
    }

    /// A JSON path to a served field, as an SQL literal (`'$.name'`).
    private static func jsonPath(_ field: String) -> String {
        "'$.\(field.replacingOccurrences(of: "'", with: "''"))'"
    }

    /// A key field's text: a string's, an integer's digits, nil for anything else (as the importer reads a row's).
    private static func keyText(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let text): text
        case .int64(let number): String(number)
        default: nil
        }
    }

    func recordCount(_ kind: RecordKind) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.rawValue)") ?? 0
    }

    func countExisting(_ kind: RecordKind, ids: [String]) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(kind.rawValue) WHERE id IN (SELECT value FROM json_each(?))"),
                         arguments: [RegistryStore.jsonArray(ids)]) ?? 0
    }

    func knownID(forKey key: String) throws -> String? {
        // A key held in the batch is its latest; one that is not is as the table has it, which needs nothing held.
        if let batched {
            if let row = batched.heldRow(Self.keyInsert, key: key), case .text(let id) = row.last { return id }
            return try String.fetchOne(connection.cachedStatement(sql: Self.knownIDQuery), arguments: [key])
        }
        return try String.fetchOne(db.cachedStatement(sql: Self.knownIDQuery), arguments: [key])
    }

    private static let knownIDQuery = "SELECT id FROM import_scratch.import_key WHERE key = ?"

    func remember(ids: [String: String]) throws {
        for (key, id) in ids {
            if let batched {
                // A key held already with the same id needs nothing more (each row of a file names its programme
                // again, say).
                if case .text(let heldID)? = batched.heldRow(Self.keyInsert, key: key)?.last, heldID == id { continue }
                try batched.add(Self.keyInsert, [.text(key), .text(id)])
                try batched.add(Self.madeInsert, [.text(id)])
            } else {
                try db.cachedStatement(sql: Self.keyInsert.head + " VALUES (?, ?)").execute(arguments: [key, id])
                try db.cachedStatement(sql: Self.madeInsert.head + " VALUES (?)").execute(arguments: [id])
            }
        }
    }

    private static let keyInsert = BatchedInserts.Insert(head: "INSERT OR REPLACE INTO import_scratch.import_key (key, id)", columns: 2)
    private static let madeInsert = BatchedInserts.Insert(head: "INSERT OR IGNORE INTO import_scratch.import_made (id)", columns: 1)

    func madeID(_ id: String) throws -> Bool {
        if batched?.heldRow(Self.madeInsert, key: id) != nil { return true }
        // Rows held are not in the table yet, and the table is asked only about what the batch does not hold.
        return try Bool.fetchOne(connection.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM import_scratch.import_made WHERE id = ?)"),
                                 arguments: [id]) ?? false
    }

    func noteTouched(_ label: String, beforeHash: Int?) throws {
        guard let batched else {
            return try db.cachedStatement(sql: Self.touchedInsert.head + " VALUES (?, ?)").execute(arguments: [label, beforeHash])
        }
        try batched.add(Self.touchedInsert, [.text(label), RecordColumns.Value(beforeHash)])
    }

    private static let touchedInsert = BatchedInserts.Insert(
        head: "INSERT OR IGNORE INTO import_scratch.import_touched (label, before_hash)", columns: 2)

    func forEachTouched(_ body: (String, Int?) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT label, before_hash FROM import_scratch.import_touched ORDER BY label")
        while let row = try rows.next() { try body(row[0], row[1]) }
    }

    func touchedLabels(limit: Int) throws -> [String]? {
        let labels = try String.fetchAll(db, sql: "SELECT label FROM import_scratch.import_touched ORDER BY label LIMIT ?",
                                         arguments: [limit + 1])
        return labels.count > limit ? nil : labels
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        if let batched { return try batched.savepoint(body) }
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { preconditionFailure("a committed savepoint ran its body") }
        return result
    }

    func nutsCodes(named name: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT p.nuts FROM place_name AS n JOIN place AS p ON p.id = n.place_id
            WHERE n.name = ? AND p.nuts IS NOT NULL
            """), arguments: [name])
    }

    func seedPlace(nuts code: String) throws -> Place? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT data FROM place WHERE nuts = ? AND id NOT LIKE 'nuts-%' ORDER BY id LIMIT 1"),
                            arguments: [code])
            .map { try RegistryStore.decode(Place.self, from: $0) }
    }

    func placeID(nuts code: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM place WHERE nuts = ? ORDER BY id NOT LIKE 'nuts-%' DESC, id LIMIT 1"),
                            arguments: [code])
    }

    func addPlaceAlias(_ placeID: String, _ name: String) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO place_name (place_id, name, language) VALUES (?, ?, NULL)")
            .execute(arguments: [placeID, name])
        return try connection.changesCount > 0
    }

    func stageSearchEntry<R: RegistryRecord>(_ record: R, places: [String: Place],
                                             labels: ([String: String]) throws -> String) throws {
        guard let batched else {
            return try SearchIndex.stage(record, db, places: places, replacing: false, labels: labels)
        }
        try SearchIndex.stage(IndexedEntry(record, places: places, encode: labels), into: batched)
    }

    func removeSearchEntry(_ kind: RecordKind, id: String) throws {
        try SearchIndex.unstage(kind, id: id, db)
    }

    func replaceRows(_ rows: [ReplacedRow]) throws -> [RecordColumns] {
        // Statements of one row each cost SQLite no more than one of many rows.
        try rows.map { row in
            if row.servedChanged {
                try removeSearchEntry(row.kind, id: row.record.id)
                try removeFindings(row.kind, id: row.record.id)
            }
            return try RecordWriter.replaceRow(row.record, data: row.data, served: row.served, sourceFile: nil, in: db)
        }
    }

    func writeLinks<R: RegistryRecord>(of record: R, _ row: RecordColumns) throws {
        // Held in the batch, or, without one, inserted through the connection, which then has no batch to write.
        try RecordWriter.writeLinks(of: record, row, holdingIn: batched, in: batched == nil ? connection : handle)
    }

    func writeStagedSearchEntries() throws {
        // Behind the batch's rows, on its queue: the full-text index takes the entries while the import goes on.
        guard let batched else { return try SearchIndex.writeStaged(db) }
        try batched.writeInBackground(then: SearchIndex.stagedEntriesWritten)
    }
}
