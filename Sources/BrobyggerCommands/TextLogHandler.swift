import Logging

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
