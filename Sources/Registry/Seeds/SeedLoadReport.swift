/// What a seed load did.
public struct SeedLoadReport: Sendable, Codable, Hashable {
    /// Records per kind in the seeds.
    public var counts: [String: Int]
    public var documents: Int
    public var places: Int
    public var evidence: Int
    public var inserted: Int
    public var updated: Int
    public var unchanged: Int
    /// Seed records removed because the seeds no longer state them.
    public var deleted: Int
    /// Ids (`kind/id`) that the seeds state but that belong to API records, which were left alone.
    public var keptAPIRecords: [String]
    /// Ids (`kind/id`) of records edited through the API whose version in the seeds changed since: the edit
    /// stays, and `reset` would now put back the new seed version.
    public var seedChangedUnderEdit: [String] = []
    public var findings: [QualityFinding]
    /// False when the database already held exactly these seeds.
    public var changed: Bool
    public var fingerprint: String

    public init(
        counts: [String: Int], documents: Int, places: Int, evidence: Int, inserted: Int, updated: Int,
        unchanged: Int, deleted: Int, keptAPIRecords: [String], findings: [QualityFinding], changed: Bool,
        fingerprint: String
    ) {
        self.counts = counts
        self.documents = documents
        self.places = places
        self.evidence = evidence
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
        self.keptAPIRecords = keptAPIRecords
        self.findings = findings
        self.changed = changed
        self.fingerprint = fingerprint
    }
}
