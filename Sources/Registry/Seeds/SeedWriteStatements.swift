/// What one engine does for a seed load, inside the load's transaction, beyond a record write's statements: the
/// statements under ``SeedWriter``, whose logic (what a load changes, keeps or removes) is the same for SQLite
/// and PostgreSQL.
protocol SeedWriteStatements: RecordWriteStatements {
    /// What identifies the stored version of a document (its hash, language, title, file name and source), or nil
    /// when there is none.
    func documentSignature(_ id: String) throws -> String?
    func upsertDocument(_ document: Document) throws
    /// The documents that are not an import's provenance document (`import-…`), which only imports own.
    func seedDocumentIDs() throws -> [String]
    func deleteDocument(_ id: String) throws

    /// The stored JSON of a gazetteer place, or nil.
    func placeData(_ id: String) throws -> String?
    /// Inserts or replaces the place (`data` its stored JSON) and replaces its names and aliases.
    func upsertPlace(_ place: Place, data: String) throws
    /// The places that are not NUTS regions an import added (`nuts-…`).
    func seedPlaceIDs() throws -> [String]
    func deletePlace(_ id: String) throws

    /// Keeps `data` as the seeds' version of a record the API owns, in place of any kept before.
    func replaceSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?, findings: String) throws
    /// Sets the findings kept with a record's seed version (when they differ).
    func updateSeedVersionFindings(_ kind: RecordKind, id: String, findings: String) throws
    /// The records of `kind` that have a seed version kept.
    func seedVersionIDs(_ kind: RecordKind) throws -> [String]

    /// The seed records of `kind` as stored: id, served form and seed file.
    func seedRecords(_ kind: RecordKind) throws -> [(id: String, served: String, sourceFile: String?)]

    /// Whether the API wrote the record, or edited or deleted a seed record (its seed version kept aside).
    func isOwnedByAPI(_ kind: RecordKind, id: String) throws -> Bool
    /// Every stored finding: its id, record and stored form.
    func findings() throws -> [(id: String, recordKind: String, recordID: String, data: String)]
    func deleteFinding(_ id: String) throws

    /// Whether the search index lacks entries while the registry holds documents or records.
    func searchIndexNeedsRebuild() throws -> Bool
    /// Replaces the whole search index with the entries of every document, record and gazetteer place.
    func rebuildSearchIndex() throws

    /// Records that a load with `fingerprint` changed the registry (`summary`, its report as JSON).
    func recordSeedLoad(fingerprint: String, summary: String) throws
}
