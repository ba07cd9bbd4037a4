/// A record as it was at a moment, from the history.
public enum RecordAtTime: Sendable, Equatable {
    /// The record as served then.
    case existed(String)
    /// The moment lies before the record's history: the record came into the registry without a recorded
    /// creation (loaded before the history was kept, or written in bulk), so when it appeared and how it was
    /// before `historyBegins` (its first recorded change; nil when it has none) are not known. `served` is the
    /// earliest version known: the `before` of that first change, or the record now.
    case predatesHistory(served: String, historyBegins: String?)
    /// The history shows the record only from `firstChange` on.
    case notYetCreated(firstChange: String)
    /// The record had been deleted then, at `deletedAt`.
    case deleted(deletedAt: String)
    /// Neither the history nor the registry knows the record.
    case unknown
}
