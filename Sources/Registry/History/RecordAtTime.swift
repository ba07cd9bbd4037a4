/// A record as it was at a moment, from the history.
public enum RecordAtTime: Sendable, Equatable {
    /// The record as served then.
    case existed(String)
    /// The history shows the record only from `firstChange` on.
    case notYetCreated(firstChange: String)
    /// The record had been deleted then, at `deletedAt`.
    case deleted(deletedAt: String)
    /// Neither the history nor the registry knows the record.
    case unknown
}
