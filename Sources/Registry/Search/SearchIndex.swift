import Foundation
import GRDB
import JSONOutput

/// Writes the search index (`search_entry`, the FTS5 table `search` and `search_alias`, see
/// `migrations/0002_search.sql`) inside the caller's transaction: rebuilt whole with a seed load, kept
/// current record by record by API writes.
enum SearchIndex {
    /// Whether the index lacks entries while the registry holds documents or records.
    static func needsRebuild(_ db: Database) throws -> Bool {
        let indexed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM search_entry)") ?? false
        guard !indexed else { return false }
        let tables = ["document"] + RecordKind.allCases.map(\.rawValue)
        for table in tables where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") ?? false {
            return true
        }
        return false
    }

    /// Replaces the whole index with the entries of every document, record and gazetteer place.
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM search_entry")
        try db.execute(sql: "DELETE FROM search_alias")
        let documents = try Row.fetchAll(db, sql: "SELECT id, file_name, language, title, source, text, sha256 FROM document ORDER BY id").map {
            Document(id: $0["id"], fileName: $0["file_name"], language: $0["language"], title: $0["title"], source: $0["source"],
                     text: $0["text"], sha256: $0["sha256"])
        }
        try WholeSearchIndex.build(places: try placesByID(db), documents: documents, into: Writer(db: db))
        try optimize(db)
    }

    /// Merges the full-text index into one segment. Every statement that writes it adds a segment, which FTS5
    /// merges only now and then, and a query reads each term's postings from every segment that has some: a search
    /// is faster on one (BENCHMARKS.md). It rewrites the whole index, so it is for after writing much of it.
    static func optimize(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO search (search) VALUES ('optimize')")
    }

    /// Merges the index into one segment (``optimize(_:)``) after an import that wrote `written` entries, when
    /// they are at least ``optimizedImport`` and an eighth of the index: rewriting the index costs about what
    /// writing an eighth of its entries again does.
    static func optimize(afterImportOf written: Int, _ db: Database) throws {
        guard written >= optimizedImport else { return }
        let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entry") ?? 0
        if written * 8 >= entries { try optimize(db) }
    }

    /// The fewest entries an import writes before it merges the index (``optimize(afterImportOf:_:)``): FTS5's
    /// own merging keeps the segments of fewer in check.
    static let optimizedImport = 1_000

    /// Indexes `record` in place of what was indexed for its id before.
    static func update<R: RegistryRecord>(_ record: R, _ db: Database, replacing: Bool = true) throws {
        try update(record, db, places: try places(namedBy: record, db), replacing: replacing)
    }

    /// The gazetteer places `record`'s entry names, by id: a write of one record reads those rows only.
    static func places<R: RegistryRecord>(namedBy record: R, _ db: Database) throws -> [String: Place] {
        var places: [String: Place] = [:]
        let statement = try db.cachedStatement(sql: "SELECT data FROM place WHERE id = ?")
        for id in SearchEntry.placeIDs(of: record) where places[id] == nil {
            if let data = try String.fetchOne(statement, arguments: [id]) { places[id] = try RegistryStore.decode(Place.self, from: data) }
        }
        return places
    }

    /// Indexes `record` with the gazetteer places already read (`placesByID`): for writing many records. A record
    /// that was not there (`replacing` false) has no entries to remove.
    ///
    /// A record indexed before in one entry keeps that entry's rowid, its row rewritten in place: the texts' matches
    /// kept for lists (``TextMatches``) are brought up to date after a write by testing the written records' entries
    /// alone, which needs an entry that was a match to still be there under its rowid.
    static func update<R: RegistryRecord>(_ record: R, _ db: Database, places: [String: Place], replacing: Bool = true) throws {
        guard replacing else { return try index(record, db, places: places) }
        let existing = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM search_entry WHERE type = ? AND record_id = ? LIMIT 2"),
            arguments: [R.kind.rawValue, record.id])
        guard existing.count == 1 else {
            try remove(R.kind, id: record.id, db)
            return try index(record, db, places: places)
        }
        let entry = try IndexedEntry(record, places: places, encode: RecordWriter.encode)
        try db.cachedStatement(sql: """
            UPDATE search_entry SET label = ?, labels = ?, name_text = ?, body_text = ?, name = ?, body = ? WHERE id = ?
            """).execute(arguments: [entry.label, entry.labels, entry.nameText, entry.bodyText, entry.name, entry.body, existing[0]])
        try removeAliases(R.kind, id: record.id, db)
        try insertAliases(of: entry, db)
    }

    /// Removes what was indexed for the record.
    static func remove(_ kind: RecordKind, id: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM search_entry WHERE type = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
        try removeAliases(kind, id: id, db)
    }

    /// Removes the spellings that stood for the record in queries.
    private static func removeAliases(_ kind: RecordKind, id: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM search_alias WHERE group_key = ?").execute(arguments: ["\(kind.rawValue)/\(id)"])
    }

    /// Prepares the table of the import's scratch database where an import stages its records' entries (``stage(_:_:places:replacing:labels:)``),
    /// empty, inside the import's transaction.
    static func beginStaging(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS import_scratch.import_search (
                seq INTEGER PRIMARY KEY, type TEXT NOT NULL, record_id TEXT NOT NULL, label TEXT NOT NULL, labels TEXT NOT NULL,
                name_text TEXT NOT NULL, body_text TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL)
            """)
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS import_scratch.import_search_by_record ON import_search (type, record_id)")
        try db.execute(sql: "DELETE FROM import_scratch.import_search")
    }

    /// Indexes `record` as ``update(_:_:places:replacing:)`` does, but stages its entry to be written with many others by
    /// ``writeStaged(_:)``: every statement that writes the full-text table makes FTS5 flush what it holds into a new
    /// segment, so entries written one statement each cost a segment (and its merging) each. Aliases, which are no
    /// full-text rows, are written at once. `labels` encodes the entry's labels as ``RecordWriter/encode(_:)`` does.
    static func stage<R: RegistryRecord>(_ record: R, _ db: Database, places: [String: Place], replacing: Bool,
                                         labels: ([String: String]) throws -> String) throws {
        if replacing { try unstage(R.kind, id: record.id, db) }
        let entry = try IndexedEntry(record, places: places, encode: labels)
        try db.cachedStatement(sql: stagedEntryInsert.head + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [
            entry.type, entry.recordID, entry.label, entry.labels, entry.nameText, entry.bodyText, entry.name, entry.body,
        ])
        try insertAliases(of: entry, db)
    }

    /// Removes what was indexed for the record and what is staged for it.
    static func unstage(_ kind: RecordKind, id: String, _ db: Database) throws {
        try remove(kind, id: id, db)
        try db.cachedStatement(sql: "DELETE FROM import_scratch.import_search WHERE type = ? AND record_id = ?")
            .execute(arguments: [kind.rawValue, id])
    }

    /// Stages the entry of a record that had none, as ``stage(_:_:places:replacing:labels:)`` does, in an import's
    /// batch of inserts: its staged row and its aliases.
    static func stage(_ entry: IndexedEntry, into batched: BatchedInserts) throws {
        try batched.add(stagedEntryInsert, [
            .text(entry.type), .text(entry.recordID), .text(entry.label), .text(entry.labels), .text(entry.nameText),
            .text(entry.bodyText), .text(entry.name), .text(entry.body),
        ])
        guard let group = entry.aliasGroup else { return }
        for spelling in entry.aliases { try batched.add(aliasInsert, [.text(group), .text(spelling)]) }
    }

    private static let stagedEntryInsert = BatchedInserts.Insert(
        head: "INSERT INTO import_scratch.import_search (type, record_id, label, labels, name_text, body_text, name, body)", columns: 8)
    private static let aliasInsert = BatchedInserts.Insert(head: "INSERT OR IGNORE INTO search_alias (group_key, spelling)", columns: 2)

    /// Writes the staged entries into the index in one statement, in the order they were staged, and empties the stage.
    static func writeStaged(_ db: Database) throws {
        for statement in stagedEntriesWritten { try db.execute(sql: statement) }
    }

    /// The statements of ``writeStaged(_:)``.
    static let stagedEntriesWritten = [
        """
        INSERT INTO search_entry (type, record_id, label, labels, name_text, body_text, name, body)
        SELECT type, record_id, label, labels, name_text, body_text, name, body FROM import_scratch.import_search ORDER BY seq
        """,
        "DELETE FROM import_scratch.import_search",
    ]

    private static func index<R: RegistryRecord>(_ record: R, _ db: Database, places: [String: Place]) throws {
        try insert(IndexedEntry(record, places: places, encode: RecordWriter.encode), db)
    }

    private static func insert(_ entry: IndexedEntry, _ db: Database) throws {
        try insertRow(entry, db)
        try insertAliases(of: entry, db)
    }

    /// Writes the entry's row, not its aliases.
    private static func insertRow(_ entry: IndexedEntry, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO search_entry (type, record_id, label, labels, name_text, body_text, name, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            entry.type, entry.recordID, entry.label, entry.labels, entry.nameText, entry.bodyText, entry.name, entry.body,
        ])
    }

    /// The index of an SQLite database, written whole.
    private struct Writer: SearchIndexWriting {
        let db: Database

        func forEachRecordData(of kind: RecordKind, _ body: (String) throws -> Void) throws {
            let rows = try String.fetchCursor(db, sql: "SELECT data FROM \(kind.rawValue) ORDER BY id")
            while let data = try rows.next() { try body(data) }
        }

        func insertEntry(_ entry: IndexedEntry) throws {
            try insertRow(entry, db)
        }

        func insertAlias(group: String, spelling: String) throws {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_alias (group_key, spelling) VALUES (?, ?)")
                .execute(arguments: [group, spelling])
        }
    }

    private static func insertAliases(of entry: IndexedEntry, _ db: Database) throws {
        guard let group = entry.aliasGroup else { return }
        let statement = try db.cachedStatement(sql: aliasInsert.head + " VALUES (?, ?)")
        for spelling in entry.aliases { try statement.execute(arguments: [group, spelling]) }
    }

    static func placesByID(_ db: Database) throws -> [String: Place] {
        let decoder = JSONTextDecoder()
        var places: [String: Place] = [:]
        for data in try String.fetchAll(db, sql: "SELECT data FROM place") {
            let place = try decoder.decode(Place.self, from: data)
            places[place.id] = place
        }
        return places
    }
}
