import JSONOutput
import Logging

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"ts":"…","level":"info","label":"…","msg":"…", …metadata}`.
///
/// It encodes with `JSONWriter` and writes through `StandardOutput`'s buffer: an access log line per request
/// must cost microseconds, not a JSONSerialization round and a system call.
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String
    /// Where each finished line goes.
    private let write: @Sendable ([UInt8]) -> Void

    init(label: String, write: @escaping @Sendable ([UInt8]) -> Void = { StandardOutput.shared.write($0) }) {
        self.label = label
        self.write = write
    }

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
        write(line)
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
