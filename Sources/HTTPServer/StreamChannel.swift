import DequeModule
import Foundation

/// The bounded hand-over of a streamed body from its producer's thread to the event loop that owns the
/// socket: the producer waits while `limit` bytes are waiting, and learns when the connection is gone.
///
/// Threading: `send` and `end` are called on the producer's thread, `take` and `cancel` on the loop's; the
/// state is guarded by `condition`'s lock.
final class StreamChannel: @unchecked Sendable {
    /// How a stream ended.
    enum End {
        case complete
        /// The producer failed after the head was sent: the body is cut short.
        case failed
    }

    private let condition = NSCondition()
    private var parts: Deque<[UInt8]> = []
    private var waitingBytes = 0
    private var end: End?
    private var cancelled = false
    /// Whether the loop has been told about parts it has not taken yet: one wake-up for many parts.
    private var wakePending = false
    private let limit: Int
    /// Asks the loop to take what is waiting (runs `Connection.process()` there).
    private let wake: @Sendable () -> Void

    init(limit: Int, wake: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.wake = wake
    }

    /// Producer: queues `part`, first waiting while `limit` bytes are already waiting. Throws
    /// ``ResponseBodyWriter/Cancelled`` once the connection is gone.
    func send(_ part: [UInt8]) throws {
        guard !part.isEmpty else { return }
        condition.lock()
        while waitingBytes >= limit && !cancelled { condition.wait() }
        if cancelled {
            condition.unlock()
            throw ResponseBodyWriter.Cancelled()
        }
        parts.append(part)
        waitingBytes += part.count
        let wakes = !wakePending
        wakePending = true
        condition.unlock()
        if wakes { wake() }
    }

    /// Producer: the body is complete, or cut short.
    func finish(_ outcome: End) {
        condition.lock()
        end = outcome
        let wakes = !wakePending && !cancelled
        wakePending = true
        condition.unlock()
        if wakes { wake() }
    }

    /// Loop: takes waiting parts, up to about `byteLimit` bytes (at least one part), and the end of the
    /// stream once every part has been taken.
    func take(upTo byteLimit: Int) -> (parts: [[UInt8]], end: End?) {
        condition.lock()
        defer { condition.unlock() }
        var taken: [[UInt8]] = []
        var bytes = 0
        while let part = parts.first, taken.isEmpty || bytes + part.count <= byteLimit {
            taken.append(part)
            bytes += part.count
            parts.removeFirst()
        }
        waitingBytes -= bytes
        if parts.isEmpty { wakePending = false }
        if bytes > 0 { condition.broadcast() }
        return (taken, parts.isEmpty ? end : nil)
    }

    /// Loop: the connection is gone; the producer's next `send` throws and what was waiting is freed.
    func cancel() {
        condition.lock()
        cancelled = true
        parts.removeAll()
        waitingBytes = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Whether the connection is gone.
    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }
}
