/// What one engine does for a record write, inside the write's transaction: the statements under
/// ``RecordWriteTransaction``, whose logic (what a create, replace, merge patch, delete and reset change, in what
/// order, and what they refuse) is the same for SQLite and PostgreSQL.
protocol RecordWriteStatements {
    /// Validation's lookups, in the write's transaction.
    var lookup: any RegistryLookup { get }

    /// The stored row of the record, or nil when there is none.
    func stored(_ kind: RecordKind, id: String) throws -> StoredRow?

    /// Writes `record` (its stored and served `forms`) with its typed columns and link rows, in place of
    /// `existing` (the row ``stored(_:id:)`` read, nil when there is none).
    func upsert<R: RegistryRecord>(_ record: R, forms: (data: String, served: String), sourceFile: String?,
                                   existing: StoredRow?) throws -> RecordWriter.Outcome

    /// Deletes the record and its link rows.
    func delete(_ kind: RecordKind, id: String) throws

    /// Checks every reference the schema guards now, not at commit: nil when none dangles, else what dangles.
    func danglingReference() throws -> String?

    /// Indexes `record` for search in place of what was indexed for it (`replacing`: whether anything was).
    func index<R: RegistryRecord>(_ record: R, replacing: Bool) throws

    /// Removes what was indexed for the record.
    func removeFromIndex(_ kind: RecordKind, id: String) throws

    /// Writes one finding (`data`, its stored form).
    func insertFinding(_ finding: QualityFinding, data: String) throws

    /// Removes the findings of the record.
    func removeFindings(_ kind: RecordKind, id: String) throws

    /// Records one change in the history, made at `time` (``ChangeLog/timestamp(_:)``); returns its id.
    @discardableResult
    func recordChange(_ operation: ChangeOperation, kind: RecordKind, id: String, before: String?, after: String?,
                      author: String, reason: String?, at time: String) throws -> Int64

    /// Keeps `data` (and `sourceFile`) as the seeds' version of the record, with the record's findings as they
    /// are now, unless a seed version is kept already.
    func keepSeedVersion(_ kind: RecordKind, id: String, data: String, sourceFile: String?) throws

    /// The seeds' version of the record kept by ``keepSeedVersion(_:id:data:sourceFile:)``, or nil.
    func seedVersion(_ kind: RecordKind, id: String) throws -> SeedVersion?

    /// Forgets the seeds' version of the record.
    func removeSeedVersion(_ kind: RecordKind, id: String) throws

    /// The records that refer to the record, as `kind/id (relation)`, sorted: links the schema holds in
    /// `record_related`, and partnerships whose governance bodies name an organisation as a member or venue.
    func references(to kind: RecordKind, id: String) throws -> [String]
}

extension RecordWriteStatements {
    /// Keeps the seeds' version of the record `kind/id` as stored (`stored`) when it is a seed record, with its
    /// findings, unless a version is kept already: what any first change of it, through the API or an import,
    /// leaves for `reset` and for the seed loader, which leaves the record as the API left it from then on.
    func keepSeedVersion(_ kind: RecordKind, _ id: String, of stored: StoredRow) throws {
        guard stored.origin == Origin.seed.rawValue else { return }
        try keepSeedVersion(kind, id: id, data: stored.data, sourceFile: stored.sourceFile)
    }

    /// Replaces the findings of one record by those computed from it now (projects have findings; other kinds
    /// none); a record that was not there (`replacing` false) has none to remove.
    func refreshFindings(of record: some RegistryRecord, replacing: Bool) throws {
        if replacing { try removeFindings(type(of: record).kind, id: record.id) }
        guard let project = record as? Project else { return }
        for finding in QualityChecker().findings(for: project) {
            try insertFinding(finding, data: try RecordWriter.encode(finding))
        }
    }
}

/// A record's stored row, as a write reads it before changing it.
struct StoredRow {
    var origin: String
    var data: String
    var served: String
    var sourceFile: String?

    /// What an upsert compares of the row.
    var comparable: RecordWriter.Existing {
        RecordWriter.Existing(origin: origin, data: data, sourceFile: sourceFile)
    }
}

/// The seeds' version of a record that the API changed: what `reset` puts back.
struct SeedVersion {
    var data: String
    var sourceFile: String?
    /// The seeds' findings of the record, a JSON array of stored findings (nil when none were kept).
    var findings: String?
}
