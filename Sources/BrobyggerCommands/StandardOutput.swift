import Dispatch
import Foundation
import JSONOutput
import Locking

/// Buffered, line-atomic writes to standard output shared by every log handler.
///
/// Callers (the event loops among them) only append to a buffer under a lock; a single flusher writes it
/// out every 100 ms, so a busy server makes one `write` per many log lines, lines never interleave, and a
/// slow reader of standard output never blocks a request. If the reader falls far behind, lines beyond
/// 16 MiB of backlog are dropped and counted, and the count is reported in the output. Call `flush()`
/// before the process exits.
final class StandardOutput: Sendable {
    static let shared = StandardOutput()

    private struct State {
        var pending: [UInt8] = []
        var dropped = 0
    }

    private let state = Mutex(State())
    /// Serialises the writes, so batches reach the output in the order they were taken.
    private let writer = DispatchQueue(label: "brobygger.stdout")
    private let maximumBacklog = 16 * 1024 * 1024
    /// Only touched in `init`; kept so the periodic flush lives as long as the writer.
    private nonisolated(unsafe) let timer: DispatchSourceTimer

    private init() {
        timer = DispatchSource.makeTimerSource(queue: writer)
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100), leeway: .milliseconds(20))
        timer.setEventHandler { StandardOutput.shared.writeTaken() }
        timer.resume()
    }

    func write(_ line: [UInt8]) {
        state.withLock { state in
            if state.pending.count + line.count > maximumBacklog {
                state.dropped += 1
            } else {
                state.pending.append(contentsOf: line)
            }
        }
    }

    /// Writes out whatever is buffered, and waits until it is written.
    func flush() {
        writer.sync { writeTaken() }
    }

    /// The line that reports `count` dropped lines, in the JSON log's shape whatever the log format.
    static func droppedNotice(_ count: Int) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("level"); json.string("warning")
        json.key("msg"); json.string("\(count) log lines dropped: standard output was not read fast enough")
        json.endObject()
        return json.bytes + [0x0A]
    }

    /// Takes the buffer and writes it; runs on `writer` only.
    private func writeTaken() {
        let (taken, dropped) = state.withLock { state in
            defer {
                state.pending.removeAll(keepingCapacity: true)
                state.dropped = 0
            }
            return (state.pending, state.dropped)
        }
        var bytes = taken
        if dropped > 0 {
            bytes += StandardOutput.droppedNotice(dropped)
        }
        guard !bytes.isEmpty else { return }
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
