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
final class SelectionCounts: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var counts: [String: Int] = [:]
        var contactValues: [String]?
    }

    private let state = Mutex(State())
    /// The most counts kept; when full, all are forgotten (counts are cheap to make again, and a bound in
    /// entries is a bound in bytes since a long key is kept as its digest).
    static let capacity = 1024
    /// The longest key kept as it is; a longer one (a selection filtered by text names every match) is kept
    /// as its SHA-256, so that a client paging through such a selection has it counted once too.
    static let maximumKeyLength = 256

    /// Changes on every ``removeAll()``; read it before the read transaction whose count is to be stored.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The count of the selection `key` names, when known.
    func count(_ key: String) -> Int? {
        let key = SelectionCounts.stored(key)
        return state.withLock { $0.counts[key] }
    }

    /// Keeps `count` for `key` if the data has not changed since `generation` was read.
    func store(_ count: Int, for key: String, generation: UInt64) {
        let key = SelectionCounts.stored(key)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.counts.count >= SelectionCounts.capacity { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = count
        }
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

    /// Forgets every count: the data changed. Returns the generation that begins.
    @discardableResult
    func removeAll() -> UInt64 {
        state.withLock { state in
            state.generation &+= 1
            state.counts.removeAll()
            state.contactValues = nil
            return state.generation
        }
    }
}
