import HTTPServer
import Logging

/// Turns the server's access-log entries into one structured log line each.
enum AccessLog {
    static func write(_ entry: AccessLogEntry, to logger: Logger) {
        var metadata: Logger.Metadata = [
            "method": .string(entry.method),
            "path": .string(entry.path),
            "status": .stringConvertible(entry.status),
            "bytes": .stringConvertible(entry.bytes),
            "duration_ms": .stringConvertible(entry.duration.fractionalMilliseconds),
            "request_id": .string(entry.requestID),
        ]
        if let query = entry.query { metadata["query"] = .string(query) }
        if let route = entry.route, !route.isEmpty { metadata["route"] = .string(route) }
        logger.info("request", metadata: metadata)
    }
}
