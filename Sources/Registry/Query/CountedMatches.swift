import Locking

/// Which of a text's matches the latest counts under other filters kept, so that after writes a count is made
/// again from those of the records written alone
/// (``RegistryStore/countMatches(_:matches:kind:source:conditions:generation:_:)``): the count of a text's matches
/// is kept under the matches, and a match written has a new entry, so a write of one match had every match of the
/// text filtered again.
///
/// Each selection (the count's statement and its other arguments) keeps the matches it was counted over and those
/// it counted, both ascending, with the generation of the data they were read in. At most ``capacity`` selections
/// are kept, each of at most ``RegistryStore/maximumFilterMatches`` matches; the least recently used goes first.
final class CountedMatches: Sendable {
    /// The matches of one selection, and those of them it counted, both ascending.
    struct Kept: Sendable {
        var generation: UInt64
        var matches: [Int64]
        var counted: [Int64]
        fileprivate var lastUse: UInt64 = 0
    }

    private struct State {
        var kept: [String: Kept] = [:]
        var uses: UInt64 = 0
        var adjusted = 0
        var filteredByRankings = 0
        var pagesMade = 0
    }

    private let state = Mutex(State())
    /// The most selections kept.
    static let capacity = 16

    /// The matches kept for `selection`.
    func kept(_ selection: String) -> Kept? {
        state.withLock { state in
            guard var kept = state.kept[selection] else { return nil }
            state.uses += 1
            kept.lastUse = state.uses
            state.kept[selection] = kept
            return kept
        }
    }

    /// Keeps the `matches` of `selection` and those it `counted`, read in the data of `generation`.
    func keep(_ selection: String, matches: [Int64], counted: [Int64], generation: UInt64) {
        guard matches.count <= RegistryStore.maximumFilterMatches else { return }
        let kept = Kept(generation: generation, matches: matches.sorted(), counted: counted.sorted())
        state.withLock { state in
            if state.kept[selection] == nil, state.kept.count >= CountedMatches.capacity,
               let oldest = state.kept.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.kept[oldest.key] = nil
            }
            state.uses += 1
            var stored = kept
            stored.lastUse = state.uses
            state.kept[selection] = stored
        }
    }

    /// Notes that a count was made from the matches kept and the records written since.
    func noteAdjusted() {
        state.withLock { $0.adjusted += 1 }
    }

    /// How many counts were made from the matches kept.
    var countsAdjusted: Int { state.withLock { $0.adjusted } }

    /// Notes that a count's matches were filtered by the kind's rankings.
    func noteFilteredByRankings() {
        state.withLock { $0.filteredByRankings += 1 }
    }

    /// How many counts' matches were filtered by the kind's rankings.
    var countsFilteredByRankings: Int { state.withLock { $0.filteredByRankings } }

    /// Notes that a page was made of the matches a count kept.
    func notePageMade() {
        state.withLock { $0.pagesMade += 1 }
    }

    /// How many pages were made of the matches a count kept.
    var pagesMade: Int { state.withLock { $0.pagesMade } }

    /// Forgets every selection.
    func removeAll() {
        state.withLock { $0.kept.removeAll() }
    }
}
