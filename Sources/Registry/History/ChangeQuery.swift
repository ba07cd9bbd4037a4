import Foundation

/// A selection of the history: by kind, record, time and change id, a page at a time, oldest first.
public struct ChangeQuery: Sendable {
    public var kind: RecordKind?
    public var recordID: String?
    /// Only changes with a greater id.
    public var since: Int64?
    /// Only changes at or after this time.
    public var from: Date?
    /// Only changes before this time.
    public var until: Date?
    public var limit = 20
    public var offset = 0

    public init(kind: RecordKind? = nil, recordID: String? = nil, since: Int64? = nil, from: Date? = nil, until: Date? = nil) {
        self.kind = kind
        self.recordID = recordID
        self.since = since
        self.from = from
        self.until = until
    }
}
