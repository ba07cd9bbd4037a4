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

    init(db: Database, author: String, reason: String?, document: ProvenanceDocument) throws {
        self.db = db
        self.author = author
        self.reason = reason
        self.document = document
        places = try SearchIndex.placesByID(db)
        try document.begin(in: db)
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

    /// Creates the record `id` or replaces it by `body` (served form), through the API's write path: validated as an
    /// API write is, with `provenance` (evidence into ``provenanceDocument``) added after validation.
    /// - Throws: ``WriteError`` when the record is invalid; the caller's savepoint undoes what the row wrote.
    public func save(_ kind: RecordKind, id: String, body: [String: JSONValue], provenance: [Evidence]) throws -> Outcome {
        try save(kind.recordType, kind: kind, id: id, body: body, provenance: provenance)
    }

    private func save<R: RegistryRecord>(_ type: R.Type, kind: RecordKind, id: String, body: [String: JSONValue],
                                         provenance: [Evidence]) throws -> Outcome {
        var transaction = RecordWriteTransaction(kind: kind, db: db, author: author, reason: reason, expecting: nil)
        transaction.provenance = provenance
        transaction.places = places
        transaction.checksReferencesEachWrite = false
        transaction.recordsEachChange = false
        let previous = try transaction.stored(id)
        let result = try transaction.save(R.self, body, id: id, operation: previous == nil ? .create : .replace, previous: previous)
        if previous == nil || result.changed {
            try ChangeLog.importWrote(change, kind: kind, id: id, before: previous?.served, in: db)
        }
        if previous == nil { return .created }
        return result.changed ? .updated : .unchanged
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
        do {
            try db.checkForeignKeys()
        } catch let error as DatabaseError {
            throw WriteError.brokenReference("The import would leave a reference dangling: \(error.message ?? "\(error)")")
        }
    }
}
