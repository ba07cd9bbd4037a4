import Locking

/// Counts the requests the server handed to its handlers, by path, so a test can prove a request was never processed.
final class HitCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func record(_ path: String) {
        counts.withLock { $0[path, default: 0] += 1 }
    }

    func count(_ path: String) -> Int {
        counts.withLock { $0[path, default: 0] }
    }

    var total: Int {
        counts.withLock { $0.values.reduce(0, +) }
    }
}
