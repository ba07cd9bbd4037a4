import Foundation
import GRDB

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
        let places = try placesByID(db)
        for place in places.values.sorted(by: { $0.id < $1.id }) {
            try insertAliases(group: "place/\(place.id)", spellings: SearchEntry.spellings(of: place), db)
        }
        let documents = try Row.fetchAll(db, sql: "SELECT id, file_name, language, title, source, text, sha256 FROM document ORDER BY id")
        for row in documents {
            let document = Document(id: row["id"], fileName: row["file_name"], language: row["language"], title: row["title"],
                                    source: row["source"], text: row["text"], sha256: row["sha256"])
            for entry in SearchEntry.entries(for: document) { try insert(entry, db) }
        }
        try rebuild(Theme.self, db, places: places)
        try rebuild(Organisation.self, db, places: places)
        try rebuild(Region.self, db, places: places)
        try rebuild(Programme.self, db, places: places)
        try rebuild(Partnership.self, db, places: places)
        try rebuild(Project.self, db, places: places)
        try rebuild(Person.self, db, places: places)
        try db.execute(sql: "INSERT INTO search (search) VALUES ('optimize')")
    }

    /// Indexes `record` in place of what was indexed for its id before.
    static func update<R: RegistryRecord>(_ record: R, _ db: Database) throws {
        try update(record, db, places: try placesByID(db))
    }

    /// Indexes `record` with the gazetteer places already read (`placesByID`): for writing many records. A record
    /// that was not there (`replacing` false) has no entries to remove.
    static func update<R: RegistryRecord>(_ record: R, _ db: Database, places: [String: Place], replacing: Bool = true) throws {
        if replacing { try remove(R.kind, id: record.id, db) }
        try index(record, db, places: places)
    }

    /// Removes what was indexed for the record.
    static func remove(_ kind: RecordKind, id: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM search_entry WHERE type = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
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
        if replacing {
            try remove(R.kind, id: record.id, db)
            try db.cachedStatement(sql: "DELETE FROM import_scratch.import_search WHERE type = ? AND record_id = ?")
                .execute(arguments: [R.kind.rawValue, record.id])
        }
        let entry = SearchEntry.entry(for: record) { places[$0] }
        let nameText = entry.names.joined(separator: SearchEntry.fieldSeparator)
        let bodyText = entry.texts.joined(separator: SearchEntry.fieldSeparator)
        // Most imported records have no names by language: their labels are the empty object.
        let labelsJSON = entry.labels.isEmpty ? "{}" : try labels(entry.labels)
        try db.cachedStatement(sql: """
            INSERT INTO import_scratch.import_search (type, record_id, label, labels, name_text, body_text, name, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
            entry.type.rawValue, entry.id, entry.label, labelsJSON, nameText, bodyText,
            SearchFolding.fold(nameText), SearchFolding.fold(bodyText),
        ])
        try insertAliases(group: "\(R.kind.rawValue)/\(record.id)", spellings: entry.spellings, db)
    }

    /// Writes the staged entries into the index in one statement, in the order they were staged, and empties the stage.
    static func writeStaged(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO search_entry (type, record_id, label, labels, name_text, body_text, name, body)
            SELECT type, record_id, label, labels, name_text, body_text, name, body FROM import_scratch.import_search ORDER BY seq
            """)
        try db.execute(sql: "DELETE FROM import_scratch.import_search")
    }

    private static func rebuild<R: RegistryRecord>(_ type: R.Type, _ db: Database, places: [String: Place]) throws {
        let decoder = JSONDecoder()
        let rows = try String.fetchCursor(db, sql: "SELECT data FROM \(R.kind.rawValue) ORDER BY id")
        while let data = try rows.next() {
            try index(try decoder.decode(R.self, from: Data(data.utf8)), db, places: places)
        }
    }

    private static func index<R: RegistryRecord>(_ record: R, _ db: Database, places: [String: Place]) throws {
        let entry = SearchEntry.entry(for: record) { places[$0] }
        try insert(entry, db)
        try insertAliases(group: "\(R.kind.rawValue)/\(record.id)", spellings: entry.spellings, db)
    }

    private static func insert(_ entry: SearchEntry, _ db: Database) throws {
        let nameText = entry.names.joined(separator: SearchEntry.fieldSeparator)
        let bodyText = entry.texts.joined(separator: SearchEntry.fieldSeparator)
        let labels = String(decoding: try RecordWriter.encoder().encode(entry.labels), as: UTF8.self)
        let statement = try db.cachedStatement(sql: """
            INSERT INTO search_entry (type, record_id, label, labels, name_text, body_text, name, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            entry.type.rawValue, entry.id, entry.label, labels, nameText, bodyText,
            SearchFolding.fold(nameText), SearchFolding.fold(bodyText),
        ])
    }

    private static func insertAliases(group: String, spellings: [String], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_alias (group_key, spelling) VALUES (?, ?)")
        for spelling in spellings {
            let folded = SearchFolding.fold(spelling)
            guard folded.count >= 3 else { continue }
            try statement.execute(arguments: [group, folded])
        }
    }

    static func placesByID(_ db: Database) throws -> [String: Place] {
        let decoder = JSONDecoder()
        var places: [String: Place] = [:]
        for data in try String.fetchAll(db, sql: "SELECT data FROM place") {
            let place = try decoder.decode(Place.self, from: Data(data.utf8))
            places[place.id] = place
        }
        return places
    }
}
