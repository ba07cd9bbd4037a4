import Foundation
import JSONOutput

/// The registry as an import sees it inside its one transaction, on either engine: look records up by their
/// natural key, create or replace them through the API's write path (validation, findings, search, history), put
/// places into the gazetteer, and write the provenance document the records' evidence points into.
///
/// One import may read several files (``beginFile(_:sha256:mapping:reason:)``), each with its own provenance
/// document and entry in the history, in the one transaction. A reference to a record that is not there yet is
/// not refused at once: a later row or file may make the record (records that name each other, kinds that name
/// each other). The importer takes such references after each row (``takeDeferredReferences()``) and checks them
/// once every file is read; whatever still dangles then fails the import (``finish()``).
///
/// Only a store's `importing` makes one (``ImportTarget``); it must not outlive that call.
public struct ImportSession {
    let statements: any ImportStatements
    let author: String
    /// The gazetteer, read once: search entries of records name the places they mention.
    private var places: [String: Place]
    /// The file being read: its provenance document and its entry in the history.
    private var file: (document: ProvenanceDocument, change: Int64)?
    /// Whether the file changed the gazetteer (places are no records: `change_record` does not list them).
    private var changedPlaces = false
    /// What the file's import did, as its history entry tells it (a JSON object); set by the importer before the
    /// file ends.
    public var summary = "{}"
    /// The decoder of served bodies, made once for the import.
    private let decoder = RecordWriter.decoder()
    /// Search entries staged and not yet written.
    private var stagedSearchEntries = 0
    /// Search entries the import wrote.
    private(set) var searchEntriesWritten = 0
    /// Validation's lookups, with references to records that are not there noted instead of refused.
    private let lookup: DeferringLookup
    /// The natural keys and the ids this file's rows remembered (``remember(ids:)``), for lookups in the scratch
    /// tables to be skipped when they would find nothing.
    private let rememberedKeys = MembershipFilter()
    private let rememberedIDs = MembershipFilter()
    /// The latest ids of the keys that the file's latest rows remembered: these keys are found without asking the
    /// import's tables.
    private let recentKeys = RecentKeys()
    /// The records the files read so far wrote, for the store to describe the import's commit with
    /// (``RegistryChange/records(_:)``): nil once they are more than the cooperation network's update reads,
    /// which then builds it again whatever it is told.
    private(set) var changedRecords: [NetworkNode.Key]? = []
    /// Records the file's rows changed that are not written yet (``PendingRecordWrites``).
    private var pending = PendingRecordWrites()
    /// Stored rows read for a write, and those of records the import created, that are unchanged since
    /// (``stored(_:id:)``), at most ``storedRowsKept``. Each row of a project's partners reads its programme and
    /// its partner, which on PostgreSQL was a round trip each. On SQLite, reading a row would first wait for the
    /// batch being written in the background. Only the session writes records during an import (no trigger
    /// writes a record's table). So a row is forgotten when the session writes its record, and all rows are
    /// forgotten when a row's savepoint takes back what the row wrote.
    private var storedRows: [NetworkNode.Key: StoredRow] = [:]
    private static let storedRowsKept = 4_096

    init(statements: any ImportStatements, author: String) throws {
        self.statements = statements
        self.author = author
        lookup = DeferringLookup(statements.lookup)
        places = try statements.places()
    }

    /// Begins reading the file `name` (its bytes' hash `sha256`) with the mapping named `mapping` (its definition's
    /// hash `mappingDigest`): its rows' evidence points into its provenance document, its changes go into its
    /// entry in the history. Ends the file before.
    public mutating func beginFile(_ name: String, sha256: String, mapping: String, mappingDigest: String, reason: String?) throws {
        try finishFile()
        let document = ProvenanceDocument.forImport(file: name, sha256: sha256, mapping: mapping, mappingDigest: mappingDigest)
        try statements.beginImport(document)
        rememberedKeys.removeAll()
        rememberedIDs.removeAll()
        recentKeys.removeAll()
        file = (document, try statements.beginImportChange(document: document.id, author: author, reason: reason))
    }

    /// The id of the provenance document of the file being read.
    public var provenanceDocument: String { file?.document.id ?? "" }

    /// Adds a row's line to the provenance document (`line 12: Land -country = Deutschland; …`) and returns the
    /// evidence that quotes it.
    public mutating func provenance(_ line: String) throws -> Evidence {
        guard var current = file else { preconditionFailure("an import reads a row after beginFile") }
        let evidence = try current.document.append(line, using: statements)
        file = current
        return evidence
    }

    /// The references to records that were not there that validation let through since the last call: the pointer
    /// in the record (`/programme`), the kind and the id.
    public func takeDeferredReferences() -> [DeferredReference] {
        lookup.take()
    }

    /// Writes the file's provenance document and its entry in the history.
    private mutating func finishFile() throws {
        guard let current = file else { return }
        try writePending(all: true)
        try flushSearch()
        try statements.finishProvenance(current.document)
        try statements.finishImportChange(current.change, summary: summary, wroteAnything: changedPlaces)
        if let known = changedRecords {
            // The file's own bookkeeping is emptied when the next file begins.
            changedRecords = try statements.touchedLabels(limit: NetworkCache.updateLimit - known.count).map { labels in
                // A record written by several files is one change.
                Set(known + labels.compactMap(NetworkNode.Key.init(label:))).sorted()
            }
        }
        file = nil
        changedPlaces = false
        summary = "{}"
    }

    /// Ends the last file and checks every reference: the last step of an import.
    mutating func finish() throws {
        try finishFile()
        if let dangling = try statements.danglingReference() {
            throw WriteError.brokenReference("The import would leave a reference dangling: \(dangling)")
        }
    }

    /// What a save did to a record.
    public enum Outcome: String, Sendable {
        case created
        case updated
        case unchanged
    }

    /// The record as served (snake_case JSON), or nil when there is none.
    public func served(_ kind: RecordKind, id: String) throws -> String? {
        if let held = pending[NetworkNode.Key(kind: kind, id: id)] { return held.served }
        return try statements.stored(kind, id: id)?.served
    }

    /// The records of `kind` by the text of their served `fields` (a string's text, an integer's digits; nil where
    /// a field is absent or another value), the first id in id order where several share them. With a `probe`,
    /// only the records its index finds: a row's record is found without reading the others. Without one, every
    /// record, for the importer to read once per import and key.
    public func ids(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?) throws -> [[String?]: String] {
        try statements.ids(kind, byKey: fields, probe: probe)
    }

    /// How many records of `kind` there are.
    public func recordCount(_ kind: RecordKind) throws -> Int {
        try statements.recordCount(kind)
    }

    /// How many of `records` (no record twice) there are: one statement per kind, where asking for each record was
    /// a round trip each on PostgreSQL.
    public func countExisting(_ records: [NetworkNode.Key]) throws -> Int {
        try Dictionary(grouping: records, by: \.kind).reduce(0) { count, kind in
            try count + statements.countExisting(kind.key, ids: kind.value.map(\.id))
        }
    }

    /// Whether a record of `kind` has the id.
    public func exists(_ kind: RecordKind, id: String) throws -> Bool {
        try statements.lookup.exists(kind, id)
    }

    /// A record's stored row as an import reads it, once per write: what it is served as, and what the write
    /// compares and keeps.
    public struct StoredRecord: Sendable {
        /// The record as served (snake_case JSON).
        public let served: String
        let row: StoredRow

        init(_ row: StoredRow) {
            served = row.served
            self.row = row
        }
    }

    /// The stored row of the record, or nil when there is none: read once for a write, which the importer merges
    /// into and ``save(_:id:body:provenance:previous:)`` compares with, instead of reading it again at each step.
    public mutating func stored(_ kind: RecordKind, id: String) throws -> StoredRecord? {
        let key = NetworkNode.Key(kind: kind, id: id)
        if let held = pending[key] { return StoredRecord(held.stored) }
        if let read = storedRows[key] { return StoredRecord(read) }
        guard let row = try statements.stored(kind, id: id) else { return nil }
        keepStored(row, of: key)
        return StoredRecord(row)
    }

    /// Keeps a record's stored row for ``stored(_:id:)``: at most ``storedRowsKept`` rows, all of them forgotten
    /// when one more would pass that.
    private mutating func keepStored(_ row: StoredRow, of key: NetworkNode.Key) {
        if storedRows.count == Self.storedRowsKept { storedRows.removeAll(keepingCapacity: true) }
        storedRows[key] = row
    }

    /// Creates the record `id` or replaces it (`previous`, as ``stored(_:id:)`` read it) by `body` (served form),
    /// as the API's write path does (``RecordWriteTransaction``): validated as an API write is, with `provenance`
    /// (evidence into ``provenanceDocument``) added after validation, its links, findings and history listing
    /// written with it. A new record is written at once; a change of a record the registry holds is held until the
    /// file ends or other records' changes crowd it out (``PendingRecordWrites``), and the rows that change it
    /// again change what is held. Search entries may be staged and written in batches
    /// (``ImportStatements/stageSearchEntry(_:places:labels:)``). Without `mayHold` the change is written at once,
    /// with what was held of the record: the importer's natural-key lookups read the registry, so a change of a
    /// field a key finds records by must be there for the next row's lookup.
    /// - Throws: ``WriteError`` when the record is invalid; the caller's savepoint undoes what the row wrote.
    public mutating func save(_ kind: RecordKind, id: String, body: [String: JSONValue], provenance: [Evidence],
                              previous: StoredRecord?, mayHold: Bool = true) throws -> Outcome {
        let outcome = try save(kind.recordType, kind: kind, id: id, body: body, provenance: provenance, previous: previous?.row)
        if !mayHold, let held = pending.take(NetworkNode.Key(kind: kind, id: id)) { try write([held]) }
        if stagedSearchEntries >= Self.searchBatch { try flushSearch() }
        return outcome
    }

    /// Search entries staged before they are written in one statement: each statement that writes SQLite's
    /// full-text index makes FTS5 flush what it holds into a new segment, so entries written one by one cost a
    /// segment (and its merging) each.
    static let searchBatch = 5_000

    private mutating func save<R: RegistryRecord>(_ type: R.Type, kind: RecordKind, id: String, body: [String: JSONValue],
                                                  provenance: [Evidence], previous: StoredRow?) throws -> Outcome {
        // The same checks as an API write (ValidatedRecord): an import's records are what an API write of the same
        // body makes (ImportEngineTests.importedRecordsAreWhatTheAPIsWritePathMakes).
        var record = try ValidatedRecord.decode(R.self, kind: kind, id: id, body: body, lookup: lookup,
                                                decoder: decoder)
        record.evidence += provenance
        let key = NetworkNode.Key(kind: kind, id: id)
        storedRows[key] = nil
        guard let previous else {
            record.origin = .api
            let data = try RecordWriter.encode(record)
            let served = try StoredJSON.served(fromStored: data)
            _ = try statements.upsert(record, forms: (data, served), sourceFile: nil, existing: nil)
            try finishWrite(of: record, before: nil)
            // A later row that names the new record reads its row from here. Reading it from the database would
            // first wait for the batch being written in the background.
            keepStored(StoredRow(origin: record.origin.rawValue, data: data, served: served, sourceFile: nil), of: key)
            return .created
        }
        // The record as it is stored already is no change, and leaves a seed record a seed record.
        record.origin = Origin(rawValue: previous.origin) ?? .api
        if try RecordWriter.encode(record) == previous.data { return .unchanged }
        let original: StoredRow
        if let held = pending[key] {
            original = held.original
        } else {
            // `previous` is the registry's row: its seed version is kept before anything of it changes.
            try statements.keepSeedVersion(kind, id, of: previous)
            original = previous
        }
        record.origin = .api
        let data = try RecordWriter.encode(record)
        let served = try StoredJSON.served(fromStored: data)
        pending.hold(key, record: record, data: data, served: served, original: original)
        // A change of what is stored alone (a seed record becoming the API's) is no change of what is served.
        return previous.served == served ? .unchanged : .updated
    }

    /// Writes the records held (``PendingRecordWrites``), oldest change first: all of them, or those changed
    /// longest ago when too many are held, each over the row the registry held, in two passes: first every
    /// statement that cannot wait (the removal of a search entry and findings, the row, the removal of
    /// links), then the inserts, which the batch holds; run record by record, each record's statements made the
    /// batch write the inserts of the record before.
    private mutating func writePending(all: Bool) throws {
        try write(pending.take(all: all))
    }

    /// Writes records taken out of those held, in the order given, as ``writePending(all:)`` says.
    private mutating func write(_ taken: [PendingRecordWrites.Entry]) throws {
        // Rows that changed a record and then changed it back leave it as it is.
        let changed = taken.filter { held in
            RecordWriter.leaves(held.original.comparable, origin: held.record.origin, data: held.data, sourceFile: nil) == nil
        }
        let rows = try statements.replaceRows(changed.map { held in
            ReplacedRow(record: held.record, data: held.data, served: held.served, servedChanged: held.original.served != held.served)
        })
        for (held, row) in zip(changed, rows) {
            try statements.writeLinks(of: held.record, row)
            // A change of what is stored alone is no change of what is served: nothing to index, check or list.
            guard held.original.served != held.served else { continue }
            try finishWrite(of: held.record, before: held.original.served)
        }
        if stagedSearchEntries >= Self.searchBatch { try flushSearch() }
    }

    /// The last steps of writing a record whose served form changed: its search entry (which it has none of now),
    /// its findings, and its listing in the file's history entry, with what it was served as `before` (nil when it
    /// was not there).
    private mutating func finishWrite<R: RegistryRecord>(of record: R, before: String?) throws {
        try statements.stageSearchEntry(record, places: places, labels: { try RecordWriter.encode($0) })
        stagedSearchEntries += 1
        try statements.refreshFindings(of: record, replacing: false)
        try statements.importWrote(currentChange(), kind: R.kind, id: record.id, before: before)
    }

    /// Called by the importer after each row it imported, outside the row's savepoint: writes the records held
    /// longest when too many are held, so that what a row is rejected for is never another record's write.
    public mutating func rowImported() throws {
        try writePending(all: false)
    }

    /// The history entry of the file being read.
    private func currentChange() -> Int64 {
        guard let file else { preconditionFailure("an import writes a record after beginFile") }
        return file.change
    }

    /// Writes the staged search entries into the index.
    mutating func flushSearch() throws {
        try statements.writeStagedSearchEntries()
        searchEntriesWritten += stagedSearchEntries
        stagedSearchEntries = 0
    }

    // The importer's bookkeeping of keys, ids and records touched, one row each, in tables of the import's own:
    // in memory it grew with the file (hundreds of bytes a record, most of an import's memory past a million rows).

    /// The id this import gave or found for the natural key (`organisation|["Foo AB","SE"]`), if it met the key.
    public func knownID(forKey key: String) throws -> String? {
        if let recent = recentKeys[key] { return recent }
        guard rememberedKeys.mayContain(key) else { return nil }
        return try statements.knownID(forKey: key)
    }

    /// Remembers the ids a row gave or found for its keys (a key met again keeps the latest id), and that they are
    /// this import's (``madeID(_:)``).
    public func remember(ids: [String: String]) throws {
        try statements.remember(ids: ids)
        for (key, id) in ids {
            rememberedKeys.add(key)
            rememberedIDs.add(id)
            recentKeys.remember(key, id: id)
        }
    }

    /// Whether an earlier row of this import gave or found the id.
    public func madeID(_ id: String) throws -> Bool {
        try rememberedIDs.mayContain(id) && statements.madeID(id)
    }

    /// Notes that the import wrote the record `label` (`organisation/foo`), which was served as `before` (a hash;
    /// nil when the record was not there) when the import first wrote it: a label noted before keeps its hash.
    public func noteTouched(_ label: String, beforeHash: Int?) throws {
        try statements.noteTouched(label, beforeHash: beforeHash)
    }

    /// Calls `body` with every record noted by ``noteTouched(_:beforeHash:)`` and its hash.
    public func forEachTouched(_ body: (String, Int?) throws -> Void) throws {
        try statements.forEachTouched(body)
    }

    /// Runs `body` with this session in a savepoint: what it wrote is undone when it throws (a rejected row). The
    /// session is handed to `body` rather than captured, so that its gazetteer and list of changed records are not
    /// shared with a copy and copied whole at their next change.
    public mutating func savepoint<T>(_ body: (inout ImportSession) throws -> T) throws -> T {
        let statements = self.statements
        pending.beginRow()
        do {
            let result = try statements.savepoint { try body(&self) }
            pending.endRow()
            return result
        } catch {
            pending.undoRow()
            storedRows.removeAll(keepingCapacity: true)
            lookup.forgetFound()
            throw error
        }
    }

    /// Finds the NUTS code of the gazetteer place with a name (any language, case as given), if exactly one code has
    /// it. The function holds the session's statements, not the session: a copy of the session kept by it would
    /// share the gazetteer and the list of changed records, which would then be copied whole at each change.
    public var nutsCodeByName: (String) throws -> String? {
        let statements = self.statements
        return { name in
            let codes = try statements.nutsCodes(named: name)
            return codes.count == 1 ? codes[0] : nil
        }
    }

    /// Adds a NUTS region to the gazetteer or brings its names, level and parent up to date; returns what changed.
    /// A place of the seeds with the code keeps its id and gains the names; any other place is `nuts-<code>`.
    public mutating func savePlace(nuts code: String, level: Int, name: String, country: String) throws -> Outcome {
        let (outcome, place) = try ImportedPlace(code: code, level: level, name: name, country: country).save(using: statements)
        places[place.id] = place
        if outcome != .unchanged { changedPlaces = true }
        return outcome
    }
}
