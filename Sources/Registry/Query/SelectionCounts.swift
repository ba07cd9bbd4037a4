import Crypto
import Foundation
import Locking

/// How many records the selections listed lately hold, kept until the data changes: a client walking a list
/// page after page has the selection counted once rather than on every page (a count reads the whole of an
/// index, which costs more than the page itself once the collection is large).
///
/// A count is stored only when no change came between reading ``generation`` and storing it, so that a count
/// made on a snapshot older than a change is never kept after it. The people's contact values, which every
/// anonymous search masks in its snippets, are kept the same way.
///
/// Each change begins a generation. The latest changes that named the records they wrote (``RegistryChange``) are
/// noted with theirs, so that what was made from older data can be told which records changed since
/// (``written(since:through:)``): a count whose selection none of them can be in (``count(_:generation:survives:)``),
/// and the sorts' rankings (``SortRankings``), outlive them. Any other change forgets every count.
final class SelectionCounts: Sendable {
    private struct Kept {
        var count: Int
        /// The generation of the data it was counted in.
        var generation: UInt64
    }

    /// A change that named the records it wrote, and the generation it began.
    private struct NotedChange {
        var generation: UInt64
        var records: [NetworkNode.Key]
    }

    private struct State {
        var generation: UInt64 = 0
        var counts: [String: Kept] = [:]
        var contactValues: [String]?
        /// The latest changes that named their records, oldest first.
        var changes: [NotedChange] = []
        /// How many counts outlived changes (``countsSurvived``).
        var survived = 0
    }

    private let state = Mutex(State())
    /// The most counts kept; when full, all are forgotten (counts are cheap to make again, and a bound in
    /// entries is a bound in bytes since a long key is kept as its digest).
    static let capacity = 1024
    /// The longest key kept as it is; a longer one (a selection filtered by text names every match) is kept
    /// as its SHA-256, so that a client paging through such a selection has it counted once too.
    static let maximumKeyLength = 256
    /// The most records the noted changes name together, and the most changes noted: what was made before the
    /// older ones is made again.
    static let notedRecordLimit = 1_000

    /// Changes on every change; read it before the read transaction whose count is to be stored.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The count of the selection `key` names, when one is kept for the current data.
    func count(_ key: String) -> Int? {
        let key = SelectionCounts.stored(key)
        return state.withLock { state in state.counts[key].flatMap { $0.generation == state.generation ? $0.count : nil } }
    }

    /// The count of the selection `key` names in the data of `generation` (the caller's snapshot's, read before it
    /// began): one counted in that data, or one counted before it when every change since named the records it
    /// wrote and `survives` finds that none of them can have changed the selection. A count that survives is kept
    /// for `generation` from then on.
    func count(_ key: String, generation: UInt64, survives: ([NetworkNode.Key]) throws -> Bool) throws -> Int? {
        let stored = SelectionCounts.stored(key)
        let found = state.withLock { state -> (kept: Kept, written: [NetworkNode.Key]?)? in
            guard let kept = state.counts[stored], kept.generation <= generation else { return nil }
            return (kept, SelectionCounts.written(since: kept.generation, through: generation, in: state))
        }
        guard let found else { return nil }
        if found.kept.generation == generation { return found.kept.count }
        guard let written = found.written, try survives(written) else { return nil }
        state.withLock { state in
            state.survived += 1
            if state.generation == generation { state.counts[stored] = Kept(count: found.kept.count, generation: generation) }
        }
        return found.kept.count
    }

    /// How many counts outlived changes.
    var countsSurvived: Int { state.withLock { $0.survived } }

    /// Keeps `count` for `key` if the data has not changed since `generation` was read.
    func store(_ count: Int, for key: String, generation: UInt64) {
        let key = SelectionCounts.stored(key)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.counts.count >= SelectionCounts.capacity { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = Kept(count: count, generation: generation)
        }
    }

    /// The records written by the changes after the data of generation `since`, up to and with that of `through`;
    /// nil when one of those changes named no records, or is no longer noted.
    func written(since: UInt64, through: UInt64) -> [NetworkNode.Key]? {
        state.withLock { SelectionCounts.written(since: since, through: through, in: $0) }
    }

    private static func written(since: UInt64, through: UInt64, in state: State) -> [NetworkNode.Key]? {
        guard since <= through else { return nil }
        // One noted change for each generation between: a change that named no records leaves a gap.
        let noted = state.changes.filter { $0.generation > since && $0.generation <= through }
        guard UInt64(noted.count) == through - since else { return nil }
        return noted.flatMap(\.records)
    }

    /// The contact values kept since the data last changed, or else those `read` gives, kept if the data has not
    /// changed since `generation` (when the caller's snapshot began) was read.
    func contactValues(generation: UInt64, _ read: () throws -> [String]) rethrows -> [String] {
        if let kept = state.withLock({ $0.generation == generation ? $0.contactValues : nil }) { return kept }
        let values = try read()
        state.withLock { state in
            if state.generation == generation { state.contactValues = values }
        }
        return values
    }

    /// The form `key` is kept in: itself when short, else its SHA-256 (which no short key can equal: it is
    /// marked as a digest, and selections' keys begin with their SQL).
    private static func stored(_ key: String) -> String {
        guard key.utf8.count > maximumKeyLength else { return key }
        return "sha256:" + Hexadecimal.encode(SHA256.hash(data: Data(key.utf8)))
    }

    /// Notes a change: a new generation begins, with the records it wrote when it names them; else every count
    /// is forgotten. The contact values are forgotten either way. Returns the generation that begins.
    @discardableResult
    func noteChange(_ change: RegistryChange) -> UInt64 {
        state.withLock { state in
            state.generation &+= 1
            state.contactValues = nil
            guard case .records(let records) = change else {
                state.counts.removeAll()
                state.changes.removeAll()
                return state.generation
            }
            state.changes.append(NotedChange(generation: state.generation, records: records))
            var recordCount = state.changes.reduce(0) { $0 + $1.records.count }
            while recordCount > SelectionCounts.notedRecordLimit || state.changes.count > SelectionCounts.notedRecordLimit {
                recordCount -= state.changes.removeFirst().records.count
            }
            return state.generation
        }
    }

    /// Forgets every count: the data changed in ways not told. Returns the generation that begins.
    @discardableResult
    func removeAll() -> UInt64 {
        noteChange(.unknown)
    }
}
