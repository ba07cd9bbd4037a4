/// Matches of a search put in the order of `ORDER BY rank, entry`, as they come from FTS5 in the order of their
/// entries: the few scored ones (``SearchRank`` scores the first ``RegistryStore/rankingWindow``, negative) are
/// sorted, and the many unscored ones (rank 0) keep the order they came in. Sorting every match in SQLite took
/// a common word's thousands of matches through its sorter on every list page.
struct RankOrder {
    private var scored: [(rank: Double, entry: Int64)] = []
    private var unscored: [Int64] = []
    private var above: [(rank: Double, entry: Int64)] = []
    /// Whether every entry so far came after the one before, as FTS5 gives them.
    private var ascending = true
    private var lastEntry = Int64.min

    /// Adds the next match.
    mutating func add(entry: Int64, rank: Double) {
        if entry <= lastEntry { ascending = false }
        lastEntry = entry
        if rank < 0 {
            scored.append((rank, entry))
        } else if rank == 0 {
            unscored.append(entry)
        } else {
            above.append((rank, entry))
        }
    }

    /// The entries best first: by rank, then entry.
    var entries: [Int64] {
        let byRankThenEntry: ((rank: Double, entry: Int64), (rank: Double, entry: Int64)) -> Bool = {
            $0.rank != $1.rank ? $0.rank < $1.rank : $0.entry < $1.entry
        }
        var ordered = scored.sorted(by: byRankThenEntry).map(\.entry)
        ordered.reserveCapacity(scored.count + unscored.count + above.count)
        ordered += ascending ? unscored : unscored.sorted()
        ordered += above.sorted(by: byRankThenEntry).map(\.entry)
        return ordered
    }
}
