import Dispatch
import Locking

/// Turns at the store's one writer for imports and for writes through the API, in this process.
///
/// An import holds the writer for as long as it reads its file (minutes for a large one). Without turns, a write
/// through the API queued behind it for all that time, holding a worker and its client. With them, a write
/// waits for an import no longer than it waits for another process's write lock (``RegistryStore/busyTimeout``),
/// and then fails as ``StorageFault/busy(path:)``, which the API answers with a `503` and `Retry-After`.
final class WriterTurns: Sendable {
    private let turn = DispatchSemaphore(value: 1)
    private let limit: Mutex<Duration>

    init(waitingAtMost limit: Duration) {
        self.limit = Mutex(limit)
    }

    /// How long a write waits for its turn.
    var waitLimit: Duration {
        get { limit.withLock { $0 } }
        set { limit.withLock { $0 = newValue } }
    }

    /// Runs `body` in the writer's turn, waiting for the import or write before it as long as it takes.
    func importing<T>(_ body: () throws -> T) rethrows -> T {
        turn.wait()
        defer { turn.signal() }
        return try body()
    }

    /// Runs `body` in the writer's turn; nil, without running it, when the turn did not come within ``waitLimit``.
    func writing<T>(_ body: () throws -> T) rethrows -> T? {
        guard turn.wait(timeout: .now() + waitLimit.dispatchInterval) == .success else { return nil }
        defer { turn.signal() }
        return try body()
    }
}
