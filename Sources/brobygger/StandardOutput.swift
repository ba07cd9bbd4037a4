import Dispatch
import Foundation
import Synchronization

/// Buffered, line-atomic writes to standard output shared by every log handler.
///
/// Lines are appended to a buffer under a lock and written when it passes 64 KiB or at the latest every
/// 100 ms, so a busy server makes one `write` per many log lines instead of one per request. Lines from
/// different threads never interleave. Call `flush()` before the process exits.
final class StandardOutput: Sendable {
    static let shared = StandardOutput()

    private let buffer = Mutex<[UInt8]>([])
    private let flushThreshold = 64 * 1024
    /// Only touched in `init`; kept so the periodic flush lives as long as the writer.
    private nonisolated(unsafe) let timer: DispatchSourceTimer

    private init() {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "brobygger.stdout"))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100), leeway: .milliseconds(20))
        timer.setEventHandler { StandardOutput.shared.flush() }
        timer.resume()
    }

    func write(_ line: [UInt8]) {
        buffer.withLock { pending in
            pending.append(contentsOf: line)
            // Written under the lock, so that batches reach the output in the order their lines were logged.
            if pending.count >= flushThreshold {
                StandardOutput.writeAll(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Writes out whatever is buffered.
    func flush() {
        buffer.withLock { pending in
            guard !pending.isEmpty else { return }
            StandardOutput.writeAll(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    private static func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
