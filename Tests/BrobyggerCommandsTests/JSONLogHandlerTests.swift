@testable import BrobyggerCommands
import Foundation
import HTTPServer
import Logging
import Locking
import Testing

/// The JSON log lines, read back by a JSON parser that is not ours.
@Suite struct JSONLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        private let bytes = Mutex<[UInt8]>([])

        func append(_ line: [UInt8]) { bytes.withLock { $0 += line } }

        /// Every line, each parsed as one JSON object.
        func objects() throws -> [[String: Any]] {
            let text = bytes.withLock { String(decoding: $0, as: UTF8.self) }
            #expect(text.hasSuffix("\n"))
            return try text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        }
    }

    static func logger(writingTo lines: Lines) -> Logger {
        var logger = Logger(label: "brobygger.test") { label in JSONLogHandler(label: label, write: lines.append) }
        logger.logLevel = .debug
        return logger
    }

    @Test func aLineHasTheFixedFieldsAndTheMetadata() throws {
        let lines = Lines()
        var logger = JSONLogHandlerTests.logger(writingTo: lines)
        logger[metadataKey: "instance"] = "a"
        logger.warning("disk \"nearly\" full\n\tsee /var", metadata: [
            "count": .stringConvertible(3),
            "ratio": .stringConvertible(0.5),
            "note": "é ø 漢字 \u{1}",
            "list": ["x", .stringConvertible(2)],
            "nested": ["b": "2", "a": ["c": "3"]],
        ])
        let objects = try lines.objects()
        #expect(objects.count == 1)
        let object = try #require(objects.first)
        #expect(object["level"] as? String == "warning")
        #expect(object["label"] as? String == "brobygger.test")
        #expect(object["msg"] as? String == "disk \"nearly\" full\n\tsee /var")
        #expect(object["instance"] as? String == "a")
        #expect(object["count"] as? Int == 3)
        #expect(object["ratio"] as? Double == 0.5)
        #expect(object["note"] as? String == "é ø 漢字 \u{1}")
        #expect((object["list"] as? [Any])?.count == 2)
        #expect((object["list"] as? [Any])?.last as? Int == 2)
        let nested = try #require(object["nested"] as? [String: Any])
        #expect(nested["b"] as? String == "2")
        #expect((nested["a"] as? [String: Any])?["c"] as? String == "3")
        let timestamp = try #require(object["ts"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(timestamp)")
    }

    @Test func theEventsMetadataWinsOverTheLoggersOnce() throws {
        let lines = Lines()
        var logger = JSONLogHandlerTests.logger(writingTo: lines)
        logger[metadataKey: "request_id"] = "from-logger"
        logger.info("one", metadata: ["request_id": "from-event"])
        let bytes = try lines.objects()
        #expect(bytes.first?["request_id"] as? String == "from-event")
    }

    @Test func levelsBelowTheLoggersAreNotWritten() throws {
        let lines = Lines()
        var logger = JSONLogHandlerTests.logger(writingTo: lines)
        logger.logLevel = .notice
        logger.info("quiet")
        logger.error("loud")
        let objects = try lines.objects()
        #expect(objects.map { $0["msg"] as? String } == ["loud"])
    }

    @Test func anAccessLogLineCarriesTheRequestAsNumbersAndStrings() throws {
        let lines = Lines()
        let entry = AccessLogEntry(method: "GET", path: "/v1/projects", query: "country=DK", route: "/v1/projects",
                                   status: 200, bytes: 1234, duration: .microseconds(1500), requestID: "1f-0-7")
        AccessLog.write(entry, to: JSONLogHandlerTests.logger(writingTo: lines))
        let object = try #require(try lines.objects().first)
        #expect(object["msg"] as? String == "request")
        #expect(object["method"] as? String == "GET")
        #expect(object["path"] as? String == "/v1/projects")
        #expect(object["query"] as? String == "country=DK")
        #expect(object["route"] as? String == "/v1/projects")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == 1234)
        #expect(object["duration_ms"] as? Double == 1.5)
        #expect(object["request_id"] as? String == "1f-0-7")
    }

    @Test func theDroppedLinesNoticeIsJSON() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(StandardOutput.droppedNotice(12))) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect((object["msg"] as? String)?.hasPrefix("12 log lines dropped") == true)
    }
}
