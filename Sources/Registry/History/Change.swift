/// One entry of the history: a change of one record, who made it, when and why, and the record as served
/// before and after it (nil before a creation and after a deletion). An import is one entry for all the records
/// it wrote: its `kind` is nil, `recordID` its provenance document, and `after` what it did (file, mapping,
/// counts), except in one record's history, where `before` and `after` are that record's.
public struct Change: Sendable, Equatable {
    public var id: Int64
    /// RFC 3339, UTC, milliseconds: `2026-11-30T19:30:04.123Z`.
    public var time: String
    /// The token's name, or the seed file for changes made by a seed load.
    public var author: String
    public var operation: ChangeOperation
    /// The kind of the record changed; nil for an import.
    public var kind: RecordKind?
    public var recordID: String
    public var before: String?
    public var after: String?
    /// The client's `X-Change-Reason`, as given.
    public var reason: String?
}
