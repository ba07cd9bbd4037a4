/// The records a text filter (`q=`) selects, best first, as the store's search found them: what a list filtered
/// by text pages through.
///
/// On SQLite they are the search index's entries (one per record), which the list's statement joins to the
/// records itself: a page then looks up only its own records, where reading every match's record id first
/// cost most of the list's time for a common word on a large registry (`BENCHMARKS.md`, "Text-filtered lists
/// without every match's id"). Elsewhere, and whenever they must outlive one read (a download reads in
/// batches, while writes go on), they are the records' ids.
public struct RankedMatches: Sendable, Hashable {
    enum Order: Sendable, Hashable {
        case ids([String])
        case searchEntries([Int64])
    }

    let order: Order

    /// Matches given by the records' ids, best first.
    public init(ids: [String]) {
        order = .ids(ids)
    }

    /// Matches given by the rowids of their entries in SQLite's search index, best first.
    init(searchEntries: [Int64]) {
        order = .searchEntries(searchEntries)
    }

    /// The matches' ids, best first; for entries of SQLite's search index, which only the store that found them
    /// reads, ``UnreadableMatches``.
    func ids() throws -> [String] {
        guard case .ids(let ids) = order else { throw UnreadableMatches() }
        return ids
    }

    /// Matches given as entries of SQLite's search index to a store that has no such index.
    struct UnreadableMatches: Error, CustomStringConvertible {
        var description: String { "text matches as entries of SQLite's search index reached another store" }
    }

    /// How many records match.
    public var count: Int {
        switch order {
        case .ids(let ids): ids.count
        case .searchEntries(let entries): entries.count
        }
    }
}
