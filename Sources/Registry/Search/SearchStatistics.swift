import GRDB
import Locking

/// How many passages of the search index hold each phrase that searches asked for: the document
/// frequencies that ``SearchRank`` weighs phrases by. Counting a common word reads its whole posting
/// list, so each phrase is counted once and remembered until the data changes (``RegistryChanges``).
/// So is each query of several words found to match more passages than a search ranks
/// (``RegistryStore/exactCountLimit``): only reading its matches up to there tells, and it is then
/// answered as a broad query without reading them again.
final class SearchStatistics: Sendable {
    /// The most phrases, and the most queries, remembered; beyond it the memory starts over.
    static let capacity = 20_000

    private struct State {
        var passagesHolding: [String: Int] = [:]
        var passages: Int?
        /// The passages counted before the changes since, and how many records those changes wrote: each record
        /// has one passage, so the index holds that count give or take the records written.
        var passagesNear: (counted: Int, drift: Int)?
        /// The records written by the change that began this generation, when this store's own write described
        /// it: a count read now may come from a snapshot begun before that commit, and be off by as many.
        var writtenLast: Int? = 0
        /// MATCH expressions known to match more passages than a search ranks.
        var broad: Set<String> = []
        /// Counts once the index changes: counts read before then are not kept.
        var generation = 0
    }

    private let state = Mutex(State())

    /// The number of passages holding each of `phrases` (FTS5 phrases, as in ``SearchQuery/phrases``):
    /// exact up to half the index (beyond which a phrase's weight is the least anyway) or up to
    /// ``RegistryStore/exactCountLimit`` + 1, whichever is more.
    func passagesHolding(_ phrases: [String], _ db: Database) throws -> [Int] {
        try passagesHolding(phrases, total: { try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entry") ?? 0 }) { index, cap in
            try Int.fetchOne(
                try db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)"),
                arguments: ["{name body} : " + phrases[index], cap]) ?? 0
        }
    }

    /// The number of passages holding each of `phrases`, counted by `count` (the phrase's index and the count
    /// to stop at) where not remembered, of `total` passages in the index: what each engine's store asks with
    /// its own statements. The phrases' FTS5 form is the key on both.
    ///
    /// After changes that named the records they wrote, the number of passages is known within those records
    /// (``noteChange(_:)``), and is counted again (every entry of the index read) only for a phrase whose count
    /// reaches the cap that the fewest passages it may be would give: the counts are the same as with the number
    /// counted, and a list filtered by text right after a write does not read the whole index for it.
    func passagesHolding(_ phrases: [String], total: () throws -> Int, count counting: (Int, Int) throws -> Int) throws -> [Int] {
        let (known, generation, exact, near) = state.withLock { state in
            (phrases.map { state.passagesHolding[$0] }, state.generation, state.passages, state.passagesNear)
        }
        guard known.contains(nil) else { return known.map { $0 ?? 0 } }
        func cap(_ passages: Int) -> Int { max(passages / 2 + 1, RegistryStore.exactCountLimit + 1) }
        var exactCap = exact.map(cap)
        let caps: (least: Int, most: Int)
        if let exactCap {
            caps = (exactCap, exactCap)
        } else if let near {
            caps = (cap(max(0, near.counted - near.drift)), cap(near.counted + near.drift))
            // An index whose half is below the exact count limit either way has that cap, whatever its size.
            if caps.least == caps.most { exactCap = caps.least }
        } else {
            let counted = cap(try passages(total))
            exactCap = counted
            caps = (counted, counted)
        }
        var counts: [Int] = []
        var counted: [String: Int] = [:]
        for (index, (phrase, count)) in zip(phrases, known).enumerated() {
            if let count {
                counts.append(count)
                continue
            }
            // Counted up to the most the cap may be: below the least it may be, the count is the same whatever
            // the exact cap; at or past it, the exact cap tells.
            var value = try counting(index, caps.most)
            if value >= caps.least {
                let capped = try exactCap ?? cap(passages(total))
                exactCap = capped
                value = capped <= caps.most ? min(value, capped) : try counting(index, capped)
            }
            counts.append(value)
            counted[phrase] = value
        }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.passagesHolding.count + counted.count > SearchStatistics.capacity { state.passagesHolding = [:] }
            state.passagesHolding.merge(counted) { _, new in new }
        }
        return counts
    }

    /// The number of passages holding each of `phrases` where it is remembered.
    func remembered(_ phrases: [String]) -> [Int?] {
        state.withLock { state in phrases.map { state.passagesHolding[$0] } }
    }

    /// The number of passages in the index.
    func passages(_ db: Database) throws -> Int {
        try passages { try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entry") ?? 0 }
    }

    /// The number of passages in the index, if it is remembered.
    var knownPassages: Int? { state.withLock { $0.passages } }

    /// The number of passages in the index, counted by `total` when not remembered.
    func passages(_ total: () throws -> Int) throws -> Int {
        let (known, generation) = state.withLock { ($0.passages, $0.generation) }
        if let known { return known }
        let count = try total()
        state.withLock { state in
            if state.generation == generation { state.passages = count }
        }
        return count
    }

    /// Counts since the data last changed: what a search reads before it notes a query broad
    /// (``noteBroad(_:readAt:)``).
    var generation: Int { state.withLock { $0.generation } }

    /// Whether the MATCH expression `match` was found to match more passages than a search ranks.
    func isBroad(_ match: String) -> Bool {
        state.withLock { $0.broad.contains(match) }
    }

    /// Notes that `match` matches more passages than a search ranks, as read since `generation`: not kept if
    /// the data changed since.
    func noteBroad(_ match: String, readAt generation: Int) {
        state.withLock { state in
            guard state.generation == generation, !state.broad.contains(match) else { return }
            if state.broad.count >= SearchStatistics.capacity { state.broad = [] }
            state.broad.insert(match)
        }
    }

    /// Forgets every count after `change`. A change that this store's own write described (`describedHere`),
    /// naming the records it wrote, leaves the number of passages known within those records (and those of the
    /// change before, which a count read from an older snapshot may have missed); any other leaves it unknown: a
    /// change told by another process's history names its records but not, say, the documents it indexed again.
    /// (On PostgreSQL the instance's own change feed tells each of its writes again as such a change, so there the
    /// number is counted again after every write.)
    func noteChange(_ change: RegistryChange, describedHere: Bool) {
        state.withLock { state in
            var next = State(generation: state.generation + 1)
            next.writtenLast = nil
            if describedHere, case .records(let written) = change {
                next.writtenLast = written.count
                if let passages = state.passages, let before = state.writtenLast {
                    next.passagesNear = (passages, before + written.count)
                } else if let near = state.passagesNear {
                    next.passagesNear = (near.counted, near.drift + written.count)
                }
            }
            state = next
        }
    }
}
