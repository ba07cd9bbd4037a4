/// What one engine does for an import, inside the import's one transaction, beyond the statements of record
/// writes and seed loads: the statements under ``ImportSession``, whose logic (how a row's records are saved,
/// what the history and the provenance document say) is the same for SQLite and PostgreSQL.
protocol ImportStatements: SeedWriteStatements {
    /// The gazetteer places by id, read once: search entries of records name the places they mention.
    func places() throws -> [String: Place]

    /// Prepares the import's own tables (keys met, ids made, records touched, provenance lines, staged search
    /// entries), empty, and writes the provenance document's row, with the text of an earlier import of the file
    /// or none yet, so that the records' evidence refers to a document that exists.
    func beginImport(_ document: ProvenanceDocument) throws
    /// Keeps line `number` of the provenance document (`text` with its line break).
    func appendProvenanceLine(_ number: Int, _ text: String) throws
    /// Writes the provenance document's text, the lines kept in order (or updates it when an earlier import of
    /// the same file wrote another text).
    func finishProvenance(_ document: ProvenanceDocument) throws

    /// Begins the import's one entry in the history; returns its id.
    func beginImportChange(document: String, author: String, reason: String?) throws -> Int64
    /// Lists a record the import `change` created (`before` nil) or changed; the first write of it is kept.
    func importWrote(_ change: Int64, kind: RecordKind, id: String, before: String?) throws
    /// Gives the import's entry what it did, or removes the entry when the import wrote nothing.
    func finishImportChange(_ change: Int64, summary: String, wroteAnything: Bool) throws

    /// The records of `kind` by the text of their served `fields` (a string's text, an integer's digits; nil where
    /// a field is absent or another value), the first id in id order where several share them: every record, or
    /// only those that `probe` finds through its index.
    func ids(_ kind: RecordKind, byKey fields: [String], probe: NaturalKeyProbe?) throws -> [[String?]: String]
    /// How many records of `kind` there are.
    func recordCount(_ kind: RecordKind) throws -> Int
    /// How many of the records of `kind` with the ids `ids` (no id twice) there are.
    func countExisting(_ kind: RecordKind, ids: [String]) throws -> Int
    func knownID(forKey key: String) throws -> String?
    /// Remembers the ids a row gave or found for its keys (a key met again keeps the latest id), as made by it.
    func remember(ids: [String: String]) throws
    func madeID(_ id: String) throws -> Bool
    func noteTouched(_ label: String, beforeHash: Int?) throws
    /// Calls `body` with every record noted by ``noteTouched(_:beforeHash:)``, in label order, and its hash.
    func forEachTouched(_ body: (String, Int?) throws -> Void) throws
    /// The labels noted by ``noteTouched(_:beforeHash:)`` in label order, or nil when there are more than `limit`.
    func touchedLabels(limit: Int) throws -> [String]?

    /// Runs `body` in a savepoint: what it wrote is undone when it throws.
    func savepoint<T>(_ body: () throws -> T) throws -> T

    /// The NUTS codes of gazetteer places with the name (any language, case as given).
    func nutsCodes(named name: String) throws -> [String]
    /// The first place of the seeds (not `nuts-…`) with the NUTS code, by id.
    func seedPlace(nuts code: String) throws -> Place?
    /// The place a NUTS code's parent region is: a seed place before an imported one.
    func placeID(nuts code: String) throws -> String?
    /// Adds a spelling of no language to a place; whether it was not there.
    func addPlaceAlias(_ placeID: String, _ name: String) throws -> Bool

    /// Indexes `record`, which has no search entry (a new record, or one whose entry ``removeSearchEntry(_:id:)``
    /// removed), as ``RecordWriteStatements/index(_:replacing:)`` does, with the gazetteer read already (`places`);
    /// an engine may hold the entry back until ``writeStagedSearchEntries()``. `labels` encodes the entry's labels.
    func stageSearchEntry<R: RegistryRecord>(_ record: R, places: [String: Place],
                                             labels: ([String: String]) throws -> String) throws
    /// Removes a record's search entry and aliases, whether written or held back.
    func removeSearchEntry(_ kind: RecordKind, id: String) throws

    /// Writes the new versions of stored records' rows (no record twice) and removes what writing them replaces,
    /// holding nothing back: the links of each, and the search entry and findings of each whose served form
    /// changed. Returns each row's columns, in order, for ``writeLinks(of:_:)``. A record written in one step is
    /// ``RecordWriteStatements/upsert(_:forms:sourceFile:existing:)``; the import writes the records it held back
    /// (``ImportSession``) in two, the rows of all of them first, so that its batch of inserts is written once
    /// before them rather than once before each, and an engine may remove their links in one statement a table.
    func replaceRows(_ rows: [ReplacedRow]) throws -> [RecordColumns]
    /// Writes, or holds in the import's batch, the links of a record whose row ``replaceRows(_:)`` wrote.
    func writeLinks<R: RegistryRecord>(of record: R, _ row: RecordColumns) throws
    /// Writes the entries held back.
    func writeStagedSearchEntries() throws
}
