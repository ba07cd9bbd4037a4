import Synchronization

/// How many records the selections listed lately hold, kept until the data changes: a client walking a list
/// page after page has the selection counted once rather than on every page (a count reads the whole of an
/// index, which costs more than the page itself once the collection is large).
///
/// A count is stored only when no change came between reading ``generation`` and storing it, so that a count
/// made on a snapshot older than a change is never kept after it.
final class SelectionCounts: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var counts: [String: Int] = [:]
    }

    private let state = Mutex(State())
    /// The most counts kept; when full, all are forgotten (counts are cheap to make again, and a bound in
    /// entries is a bound in bytes since ``key(_:_:)`` refuses long keys).
    static let capacity = 1024
    /// The longest key kept: a text filter's ranked ids make selections that are rarely asked twice.
    static let maximumKeyLength = 2048

    /// Changes on every ``removeAll()``; read it before the read transaction whose count is to be stored.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// The count of the selection `key` names, when known.
    func count(_ key: String) -> Int? {
        state.withLock { $0.counts[key] }
    }

    /// Keeps `count` for `key` if the data has not changed since `generation` was read.
    func store(_ count: Int, for key: String, generation: UInt64) {
        guard key.utf8.count <= SelectionCounts.maximumKeyLength else { return }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.counts.count >= SelectionCounts.capacity { state.counts.removeAll(keepingCapacity: true) }
            state.counts[key] = count
        }
    }

    /// Forgets every count: the data changed.
    func removeAll() {
        state.withLock { state in
            state.generation &+= 1
            state.counts.removeAll()
        }
    }
}
