import Foundation
import JSONOutput
import Logging

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"ts":"…","level":"info","label":"…","msg":"…", …metadata}`.
///
/// It encodes by hand and writes through `StandardOutput`'s buffer: an access log line per request must cost
/// microseconds, not a JSONSerialization round and a system call.
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
        var json = JSONWriter()
        json.beginObject()
        json.key("ts"); json.string(LogTimestamp.now())
        json.key("level"); json.string(event.level.rawValue)
        json.key("label"); json.string(label)
        json.key("msg"); json.string(event.message.description)
        let eventMetadata = event.metadata ?? [:]
        for (key, value) in metadata where eventMetadata[key] == nil {
            json.key(key); JSONLogHandler.write(value, to: &json)
        }
        for (key, value) in eventMetadata {
            json.key(key); JSONLogHandler.write(value, to: &json)
        }
        json.endObject()
        var line = json.bytes
        line.append(0x0A)
        StandardOutput.shared.write(line)
    }

    static func write(_ value: Logger.MetadataValue, to json: inout JSONWriter) {
        switch value {
        case .string(let string):
            json.string(string)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int {
                json.number(number)
            } else if let number = convertible as? Double, number.isFinite {
                json.number(number)
            } else {
                json.string(convertible.description)
            }
        case .array(let array):
            json.beginArray()
            for element in array { write(element, to: &json) }
            json.endArray()
        case .dictionary(let dictionary):
            json.beginObject()
            for (key, element) in dictionary.sorted(by: { $0.key < $1.key }) {
                json.key(key); write(element, to: &json)
            }
            json.endObject()
        }
    }
}

/// A human-readable swift-log handler for terminals: `2026-11-21T10:00:00.000Z info     message key=value`.
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
        StandardOutput.shared.write(Array(line.utf8))
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
        var text = [UInt8]()
        text.reserveCapacity(24)
        func append(_ value: Int, width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            text.append(contentsOf: digits)
        }
        append(Int(parts.tm_year) + 1900, width: 4); text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mon) + 1, width: 2); text.append(UInt8(ascii: "-"))
        append(Int(parts.tm_mday), width: 2); text.append(UInt8(ascii: "T"))
        append(Int(parts.tm_hour), width: 2); text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_min), width: 2); text.append(UInt8(ascii: ":"))
        append(Int(parts.tm_sec), width: 2); text.append(UInt8(ascii: "."))
        append(Int(spec.tv_nsec / 1_000_000), width: 3); text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
