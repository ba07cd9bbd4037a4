import HTTPServer
import Testing

/// The parser's size limits at their boundaries: the largest accepted size, the smallest rejected one, and the
/// same outcome however the bytes are split.
@Suite struct RequestParserLimitTests {
    private static let host = "Host: example.com\r\n"

    private func limits(_ change: (inout ParserLimits) -> Void) -> ParserLimits {
        var limits = ParserLimits()
        change(&limits)
        return limits
    }

    /// "accepted" or the status of the rejection, after checking that every feed mode agrees.
    private func outcome(_ text: String, _ limits: ParserLimits, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let outcomes = FeedMode.allCases.map { mode -> String in
            let driver = ParserDriver.run(Array(text.utf8), limits: limits, mode: mode)
            if let failure = driver.failure { return String(failure.status.code) }
            return driver.requests.count == 1 && driver.buffer.isEmpty ? "accepted" : "incomplete"
        }
        #expect(Set(outcomes).count == 1, "outcome depends on how the bytes are split: \(outcomes)", sourceLocation: sourceLocation)
        return outcomes[0]
    }

    /// A request line of exactly `length` bytes, CRLF excluded.
    private func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".utf8.count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    @Test func requestLineLength() {
        let limits = limits { $0.maxRequestLineLength = 64 }
        #expect(outcome(requestLine(length: 63) + "\r\n\(Self.host)\r\n", limits) == "accepted")
        #expect(outcome(requestLine(length: 64) + "\r\n\(Self.host)\r\n", limits) == "accepted")
        #expect(outcome(requestLine(length: 65) + "\r\n\(Self.host)\r\n", limits) == "414")
        #expect(outcome(requestLine(length: 200) + "\r\n\(Self.host)\r\n", limits) == "414")
    }

    @Test func headerCount() {
        let limits = limits { $0.maxHeaderCount = 10 }
        let nine = (1...9).map { "X-\($0): v\r\n" }.joined()
        #expect(outcome("GET / HTTP/1.1\r\n\(Self.host)\(nine)\r\n", limits) == "accepted")
        #expect(outcome("GET / HTTP/1.1\r\n\(Self.host)\(nine)X-10: v\r\n\r\n", limits) == "431")
    }

    @Test func headerSectionSize() {
        let limits = limits { $0.maxHeaderSectionSize = 256 }
        var outcomes: [Int: String] = [:]
        for padding in 180...260 {
            let text = "GET / HTTP/1.1\r\n\(Self.host)X-Pad: " + String(repeating: "p", count: padding) + "\r\n\r\n"
            outcomes[padding] = outcome(text, limits)
        }
        #expect(outcomes[180] == "accepted")
        #expect(outcomes[260] == "431")
        // Accepted up to some size, rejected from there on: no size is accepted after a smaller one is refused.
        let firstRejected = (180...260).first { outcomes[$0] != "accepted" } ?? 261
        #expect((firstRejected...260).allSatisfy { outcomes[$0] == "431" })
    }

    @Test func chunkLineLength() {
        let limits = limits { $0.maxChunkLineLength = 32 }
        let head = "POST / HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n"
        func chunkLine(length: Int) -> String { "5;e=" + String(repeating: "x", count: length - 4) }
        #expect(outcome(head + chunkLine(length: 31) + "\r\nhello\r\n0\r\n\r\n", limits) == "accepted")
        #expect(outcome(head + chunkLine(length: 32) + "\r\nhello\r\n0\r\n\r\n", limits) == "accepted")
        #expect(outcome(head + chunkLine(length: 33) + "\r\nhello\r\n0\r\n\r\n", limits) == "400")
    }

    @Test func trailerSectionSize() {
        let limits = limits { $0.maxTrailerSectionSize = 64 }
        let head = "POST / HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n"
        var outcomes: [Int: String] = [:]
        for padding in 20...80 {
            outcomes[padding] = outcome(head + "X-T: " + String(repeating: "t", count: padding) + "\r\n\r\n", limits)
        }
        // The field lines with their CRLFs fill the section: "X-T: " + padding + CRLF fits up to 64 bytes.
        #expect((20...57).allSatisfy { outcomes[$0] == "accepted" })
        #expect((58...80).allSatisfy { outcomes[$0] == "431" })
    }

    @Test func contentLengthBody() {
        let limits = limits { $0.maxBodySize = 16 }
        let sixteen = String(repeating: "b", count: 16)
        #expect(outcome("POST / HTTP/1.1\r\n\(Self.host)Content-Length: 16\r\n\r\n\(sixteen)", limits) == "accepted")
        #expect(outcome("POST / HTTP/1.1\r\n\(Self.host)Content-Length: 17\r\n\r\n\(sixteen)b", limits) == "413")
    }

    @Test func chunkedBody() {
        let limits = limits { $0.maxBodySize = 16 }
        let head = "POST / HTTP/1.1\r\n\(Self.host)Transfer-Encoding: chunked\r\n\r\n"
        #expect(outcome(head + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n", limits) == "accepted")
        #expect(outcome(head + "8\r\n12345678\r\n9\r\n123456789\r\n0\r\n\r\n", limits) == "413")
        #expect(outcome(head + "10\r\n1234567812345678\r\n1\r\nx\r\n0\r\n\r\n", limits) == "413")
    }

    @Test func bodyLimitOfAPath() {
        let limits = limits {
            $0.maxBodySize = 16
            $0.maxBodySizeByPath["/files"] = 32
        }
        let body = String(repeating: "b", count: 32)
        #expect(outcome("POST /files?kind=csv HTTP/1.1\r\n\(Self.host)Content-Length: 32\r\n\r\n\(body)", limits) == "accepted")
        #expect(outcome("POST /files HTTP/1.1\r\n\(Self.host)Content-Length: 33\r\n\r\n\(body)b", limits) == "413")
        #expect(outcome("POST /files/more HTTP/1.1\r\n\(Self.host)Content-Length: 17\r\n\r\n\(body.prefix(17))", limits) == "413")
        let chunked = "Transfer-Encoding: chunked\r\n\r\n"
        #expect(outcome("POST /files HTTP/1.1\r\n\(Self.host)\(chunked)10\r\n\(body.prefix(16))\r\n10\r\n\(body.prefix(16))\r\n0\r\n\r\n", limits) == "accepted")
        #expect(outcome("POST /files HTTP/1.1\r\n\(Self.host)\(chunked)10\r\n\(body.prefix(16))\r\n11\r\n\(body.prefix(16))b\r\n0\r\n\r\n", limits) == "413")
        #expect(outcome("POST / HTTP/1.1\r\n\(Self.host)\(chunked)10\r\n\(body.prefix(16))\r\n1\r\nb\r\n0\r\n\r\n", limits) == "413")
    }
}
