import Foundation
import GRDB
import JSONOutput

/// The registry as an import sees it inside its one transaction: look records up by their natural key, create
/// or replace them through the API's write path (validation, findings, search, history), put places into the
/// gazetteer, and write the provenance document the records' evidence points into.
///
/// Only ``RegistryStore/importing(dryRun:author:reason:_:)`` makes one; it must not outlive that call.
public struct ImportSession {
    let db: Database
    let author: String
    let reason: String?
    /// The gazetteer, read once: search entries of records name the places they mention.
    private var places: [String: Place]
    /// The document the records' provenance evidence points into, written when the import ends.
    private var document: ProvenanceDocument
    /// The import's one entry in the history.
    private let change: Int64
    /// Whether the import changed the gazetteer (places are no records: `change_record` does not list them).
    private var changedPlaces = false
    /// What the import did, as its history entry tells it (a JSON object); set by the importer before the end.
    public var summary = "{}"
    /// Foundation's coders, made once for the import rather than once per record.
    private let coders = ImportCoders()
    /// Search entries staged and not yet written.
    private var stagedSearchEntries = 0

    init(db: Database, author: String, reason: String?, document: ProvenanceDocument) throws {
        self.db = db
        self.author = author
        self.reason = reason
        self.document = document
        places = try SearchIndex.placesByID(db)
        try document.begin(in: db)
        try SearchIndex.beginStaging(db)
        for table in Self.bookkeeping {
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS import_scratch.\(table.name) (\(table.columns)) WITHOUT ROWID")
            try db.execute(sql: "DELETE FROM import_scratch.\(table.name)")
        }
        change = try ChangeLog.beginImport(document: document.id, author: author, reason: reason, in: db)
    }

    /// The id of the import's provenance document.
    public var provenanceDocument: String { document.id }

    /// Adds a row's line to the provenance document (`line 12: Land -country = Deutschland; …`) and returns the
    /// evidence that quotes it.
    public mutating func provenance(_ line: String) throws -> Evidence {
        try document.append(line, in: db)
    }

    /// Writes the provenance document and checks every reference: the last step of an import.
    mutating func finish() throws {
        try flushSearch()
        try document.finish(in: db)
        try ChangeLog.finishImport(change, summary: summary, wroteAnything: changedPlaces, in: db)
        try checkReferences()
    }

    /// What a save did to a record.
    public enum Outcome: String, Sendable {
        case created
        case updated
        case unchanged
    }

    /// The record as served (snake_case JSON), or nil when there is none.
    public func served(_ kind: RecordKind, id: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT served FROM \(kind.rawValue) WHERE id = ?"), arguments: [id])
    }

    /// Every record of `kind` by the text of its served `fields` (nil where a field is absent or not text), the first
    /// id where several share them: read once per import, so that finding a row's record by its key is no scan.
    public func ids(_ kind: RecordKind, byKey fields: [String]) throws -> [[String?]: String] {
        let columns = fields.map { "json_extract(served, '$.\($0)')" }.joined(separator: ", ")
        var index: [[String?]: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, \(columns) FROM \(kind.rawValue) ORDER BY id")
        while let row = try rows.next() {
            let key = (1...fields.count).map { row[$0] as String? }
            if index[key] == nil { index[key] = row[0] }
        }
        return index
    }

    /// Whether a record of `kind` has the id.
    public func exists(_ kind: RecordKind, id: String) throws -> Bool {
        try RecordLookup(db: db).exists(kind, id)
    }

    /// A record's stored row as an import reads it, once per write: what it is served as, and what the write
    /// compares and keeps.
    public struct StoredRecord: Sendable {
        /// The record as served (snake_case JSON).
        public let served: String
        let origin: String
        let data: String
        let sourceFile: String?
    }

    /// The stored row of the record, or nil when there is none: read once for a write, which the importer merges
    /// into and ``save(_:id:body:provenance:previous:)`` compares with, instead of reading it again at each step.
    public func stored(_ kind: RecordKind, id: String) throws -> StoredRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT origin, data, served, source_file FROM \(kind.rawValue) WHERE id = ?"),
                         arguments: [id]).map {
            StoredRecord(served: $0["served"], origin: $0["origin"], data: $0["data"], sourceFile: $0["source_file"])
        }
    }

    /// Creates the record `id` or replaces it (`previous`, as ``stored(_:id:)`` read it) by `body` (served form),
    /// as the API's write path does (``RecordWriteTransaction``): validated as an API write is, with `provenance`
    /// (evidence into ``provenanceDocument``) added after validation, its links, findings and history listing
    /// written with it. Search entries are staged and written in batches (see ``SearchIndex/stage(_:_:places:replacing:)``).
    /// - Throws: ``WriteError`` when the record is invalid; the caller's savepoint undoes what the row wrote.
    public mutating func save(_ kind: RecordKind, id: String, body: [String: JSONValue], provenance: [Evidence],
                              previous: StoredRecord?) throws -> Outcome {
        let outcome = try save(kind.recordType, kind: kind, id: id, body: body, provenance: provenance, previous: previous)
        if stagedSearchEntries >= Self.searchBatch { try flushSearch() }
        return outcome
    }

    /// Search entries staged before they are written in one statement: each statement that writes the full-text
    /// index makes SQLite's FTS5 flush what it holds into a new segment, so entries written one by one cost a
    /// segment (and its merging) each.
    static let searchBatch = 5_000

    private mutating func save<R: RegistryRecord>(_ type: R.Type, kind: RecordKind, id: String, body: [String: JSONValue],
                                                  provenance: [Evidence], previous: StoredRecord?) throws -> Outcome {
        // The same checks as an API write (ValidatedRecord): an import's records are what an API write of the same
        // body makes (ImportEngineTests.importedRecordsAreWhatTheAPIsWritePathMakes).
        var record = try ValidatedRecord.decode(R.self, kind: kind, id: id, body: body, lookup: RecordLookup(db: db),
                                                decoder: coders.decoder)
        record.evidence += provenance
        if let previous {
            // The record as it is stored already is no change, and leaves a seed record a seed record.
            record.origin = Origin(rawValue: previous.origin) ?? .api
            if try coders.encode(record) == previous.data { return .unchanged }
            try RecordWriteTransaction.keepSeedVersion(
                kind, id, of: StoredRow(origin: previous.origin, data: previous.data, served: previous.served, sourceFile: previous.sourceFile),
                using: SQLiteRecordStatements(db: db))
        }
        record.origin = .api
        let data = try coders.encode(record)
        let served = try StoredJSON.served(fromStored: data)
        let written = try RecordWriter.upsert(
            record, forms: (data, served), sourceFile: nil,
            existing: previous.map { RecordWriter.Existing(origin: $0.origin, data: $0.data, sourceFile: $0.sourceFile) }, in: db)
        if written == .unchanged || previous?.served == served {
            guard previous == nil else { return .unchanged }
            try ChangeLog.importWrote(change, kind: kind, id: id, before: nil, in: db)
            return .created
        }
        // A record that was not there has no search entries or findings to replace.
        try SearchIndex.stage(record, db, places: places, replacing: previous != nil, labels: { try coders.encode($0) })
        stagedSearchEntries += 1
        try RecordWriteTransaction.refreshFindings(record, replacing: previous != nil, using: SQLiteRecordStatements(db: db))
        try ChangeLog.importWrote(change, kind: kind, id: id, before: previous?.served, in: db)
        return previous == nil ? .created : .updated
    }

    /// Writes the staged search entries into the index.
    mutating func flushSearch() throws {
        try SearchIndex.writeStaged(db)
        stagedSearchEntries = 0
    }

    // The importer's bookkeeping of keys, ids and records touched, one row each, in the import's scratch database:
    // in memory it grew with the file (hundreds of bytes a record, most of an import's memory past a million rows).

    private static let bookkeeping: [(name: String, columns: String)] = [
        ("import_key", "key TEXT PRIMARY KEY, id TEXT NOT NULL"),
        ("import_made", "id TEXT PRIMARY KEY"),
        ("import_touched", "label TEXT PRIMARY KEY, before_hash INTEGER"),
    ]

    /// The id this import gave or found for the natural key (`organisation|["Foo AB","SE"]`), if it met the key.
    public func knownID(forKey key: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM import_scratch.import_key WHERE key = ?"), arguments: [key])
    }

    /// Remembers the ids a row gave or found for its keys (a key met again keeps the latest id), and that they are
    /// this import's (``madeID(_:)``).
    public func remember(ids: [String: String]) throws {
        for (key, id) in ids {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO import_scratch.import_key (key, id) VALUES (?, ?)").execute(arguments: [key, id])
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO import_scratch.import_made (id) VALUES (?)").execute(arguments: [id])
        }
    }

    /// Whether an earlier row of this import gave or found the id.
    public func madeID(_ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM import_scratch.import_made WHERE id = ?)"),
                          arguments: [id]) ?? false
    }

    /// Notes that the import wrote the record `label` (`organisation/foo`), which was served as `before` (a hash;
    /// nil when the record was not there) when the import first wrote it: a label noted before keeps its hash.
    public func noteTouched(_ label: String, beforeHash: Int?) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO import_scratch.import_touched (label, before_hash) VALUES (?, ?)")
            .execute(arguments: [label, beforeHash])
    }

    /// Calls `body` with every record noted by ``noteTouched(_:beforeHash:)`` and its hash.
    public func forEachTouched(_ body: (String, Int?) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT label, before_hash FROM import_scratch.import_touched ORDER BY label")
        while let row = try rows.next() { try body(row[0], row[1]) }
    }

    /// Runs `body` in a savepoint: what it wrote is undone when it throws (a rejected row).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        var result: T?
        try db.inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { preconditionFailure("a committed savepoint ran its body") }
        return result
    }

    /// The NUTS code of the gazetteer place with the name (any language, case as given), if exactly one code has it.
    public func nutsCode(named name: String) throws -> String? {
        let codes = try String.fetchAll(db.cachedStatement(sql: """
            SELECT DISTINCT p.nuts FROM place_name AS n JOIN place AS p ON p.id = n.place_id
            WHERE n.name = ? AND p.nuts IS NOT NULL
            """), arguments: [name])
        return codes.count == 1 ? codes[0] : nil
    }

    /// Adds a NUTS region to the gazetteer or brings its names, level and parent up to date; returns what changed.
    /// A place of the seeds with the code keeps its id and gains the names; any other place is `nuts-<code>`.
    public mutating func savePlace(nuts code: String, level: Int, name: String, country: String) throws -> Outcome {
        let (outcome, place) = try ImportedPlace(code: code, level: level, name: name, country: country).save(in: db)
        places[place.id] = place
        if outcome != .unchanged { changedPlaces = true }
        return outcome
    }

    /// Checks every reference once, after the import's writes and its document.
    func checkReferences() throws {
        if let dangling = try db.danglingReference() {
            throw WriteError.brokenReference("The import would leave a reference dangling: \(dangling)")
        }
    }
}
