import Dispatch
import Locking

/// A value made on a queue while its caller does other work, then waited for: a download reads its next batch of
/// records while it writes the last one, so that reading the store and writing the rows take a core each
/// instead of adding up on one.
///
/// What the work throws is thrown by ``value()``. A read-ahead that is never waited for finishes its work and is
/// dropped with what it made.
final class ReadAhead<Value: Sendable>: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Mutex<Result<Value, any Error>?>(nil)

    /// Starts `work` on `queue`.
    init(on queue: DispatchQueue, _ work: @escaping @Sendable () throws -> Value) {
        queue.async { [self] in
            let result = Result { try work() }
            outcome.withLock { $0 = result }
            done.signal()
        }
    }

    /// Waits for the work and returns what it made, or throws what it threw.
    func value() throws -> Value {
        done.wait()
        // Signalled once, after the outcome is set: a second wait would wait for ever, so the semaphore is
        // signalled again for one.
        defer { done.signal() }
        guard let result = outcome.withLock({ $0 }) else { preconditionFailure("a read-ahead's outcome is set before it is signalled") }
        return try result.get()
    }
}
