import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"ts":"…","level":"info","label":"…","msg":"…", …metadata}`.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": LogTimestamp.now(),
            "level": event.level.rawValue,
            "label": label,
            "msg": event.message.description,
        ]
        for (key, value) in self.metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = JSONLogHandler.plain(value)
        }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return
        }
        line.append(0x0A)
        StandardOutput.write(line)
    }

    static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return number }
            if let number = convertible as? Double { return number }
            return convertible.description
        case .array(let array): return array.map(plain)
        case .dictionary(let dictionary): return dictionary.mapValues(plain)
        }
    }
}

/// A human-readable swift-log handler for terminals: `2026-11-21T10:00:00.000Z info  message key=value`.
struct TextLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = self.metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let level = event.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let line = "\(LogTimestamp.now()) \(level) \(event.message)\(pairs.isEmpty ? "" : " " + pairs)\n"
        StandardOutput.write(Data(line.utf8))
    }
}

/// Serialised writes to standard output, so that concurrent log lines never interleave.
enum StandardOutput {
    private static let lock = Mutex<Void>(())

    static func write(_ data: Data) {
        lock.withLock { _ in
            data.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }
}

/// ISO 8601 timestamps with milliseconds in UTC.
enum LogTimestamp {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var time = spec.tv_sec
        var parts = tm()
        gmtime_r(&time, &parts)
        let milliseconds = Int(spec.tv_nsec / 1_000_000)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))"
            + ".\(pad(milliseconds, 3))Z"
    }
}
