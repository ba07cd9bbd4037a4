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
    func passagesHolding(_ phrases: [String], total: () throws -> Int, count counting: (Int, Int) throws -> Int) throws -> [Int] {
        let (known, generation) = state.withLock { state in (phrases.map { state.passagesHolding[$0] }, state.generation) }
        guard known.contains(nil) else { return known.map { $0 ?? 0 } }
        let cap = max(try passages(total) / 2 + 1, RegistryStore.exactCountLimit + 1)
        var counts: [Int] = []
        var counted: [String: Int] = [:]
        for (index, (phrase, count)) in zip(phrases, known).enumerated() {
            if let count {
                counts.append(count)
                continue
            }
            let value = try counting(index, cap)
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

    /// The number of passages in the index.
    func passages(_ db: Database) throws -> Int {
        try passages { try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entry") ?? 0 }
    }

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

    /// Forgets every count.
    func removeAll() {
        state.withLock { state in state = State(generation: state.generation + 1) }
    }
}
