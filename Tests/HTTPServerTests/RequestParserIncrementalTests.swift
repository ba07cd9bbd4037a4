import HTTPServer
import Testing

/// The consumed-count contract of the incremental parser: what it consumes, what it leaves with the caller,
/// and what it exposes while a body is awaited.
@Suite struct RequestParserIncrementalTests {
    private func parse(_ parser: inout RequestParser, _ bytes: [UInt8]) -> (consumed: Int, outcome: RequestParser.Outcome) {
        bytes.withUnsafeBufferPointer { parser.parse($0) }
    }

    @Test func anIncompleteHeadIsLeftWithTheCaller() throws {
        var parser = RequestParser()
        let partial = Array("GET /a HTTP/1.1\r\nHo".utf8)
        let first = parse(&parser, partial)
        #expect(first.consumed == 0)
        guard case .needMoreData = first.outcome else { Issue.record("\(first.outcome)"); return }
        #expect(!parser.isIdle)
        #expect(!parser.isReadingBody)

        let complete = partial + Array("st: example.com\r\n\r\n".utf8)
        let second = parse(&parser, complete)
        #expect(second.consumed == complete.count)
        guard case .request(let request) = second.outcome else { Issue.record("\(second.outcome)"); return }
        #expect(request.path == "/a")
        #expect(parser.isIdle)
    }

    @Test func pipelinedRequestsConsumeExactlyTheirOwnBytes() {
        var parser = RequestParser()
        let first = Array("POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc".utf8)
        let second = Array("GET /2 HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        let third = Array("GET /3 HT".utf8)
        var buffer = first + second + third

        let one = parse(&parser, buffer)
        #expect(one.consumed == first.count)
        guard case .request(let request1) = one.outcome else { Issue.record("\(one.outcome)"); return }
        #expect(request1.path == "/1" && request1.body == Array("abc".utf8))
        buffer.removeFirst(one.consumed)

        let two = parse(&parser, buffer)
        #expect(two.consumed == second.count)
        guard case .request(let request2) = two.outcome else { Issue.record("\(two.outcome)"); return }
        #expect(request2.path == "/2")
        buffer.removeFirst(two.consumed)

        let three = parse(&parser, buffer)
        #expect(three.consumed == 0)
        guard case .needMoreData = three.outcome else { Issue.record("\(three.outcome)"); return }
        #expect(buffer == third)
    }

    @Test func bodyBytesAreConsumedAsTheyArrive() {
        var parser = RequestParser()
        let head = Array("POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n".utf8)
        let start = parse(&parser, head + Array("0123".utf8))
        #expect(start.consumed == head.count + 4)
        guard case .needMoreData = start.outcome else { Issue.record("\(start.outcome)"); return }
        #expect(parser.isReadingBody)
        #expect(parser.pendingHead?.request.path == "/b")

        let rest = parse(&parser, Array("456789GET".utf8))
        #expect(rest.consumed == 6)
        guard case .request(let request) = rest.outcome else { Issue.record("\(rest.outcome)"); return }
        #expect(request.body == Array("0123456789".utf8))
        #expect(!parser.isReadingBody)
        #expect(parser.pendingHead == nil)
    }

    @Test func aByteAtATimeDriverKeepsOnlyTheUnconsumedBytes() {
        var driver = ParserDriver()
        let first = Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let second = Array("GET /b".utf8)
        for (index, byte) in first.enumerated() {
            driver.feed([byte])
            if index < first.count - 1 {
                #expect(driver.requests.isEmpty)
                #expect(driver.buffer == Array(first[...index]), "after byte \(index)")
            }
        }
        #expect(driver.requests.map(\.path) == ["/a"])
        #expect(driver.buffer.isEmpty)
        for byte in second { driver.feed([byte]) }
        #expect(driver.buffer == second)
        #expect(driver.requests.count == 1)
        #expect(driver.failure == nil)
    }

    @Test func emptyLinesBeforeARequestAreConsumed() {
        var parser = RequestParser()
        let result = parse(&parser, Array("\r\n\r\n".utf8))
        #expect(result.consumed == 4)
        guard case .needMoreData = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(parser.isIdle)
    }

    @Test func expectsContinueIsExposedWhileTheBodyIsAwaited() {
        var parser = RequestParser()
        let head = Array("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n".utf8)
        let waiting = parse(&parser, head)
        #expect(waiting.consumed == head.count)
        guard case .needMoreData = waiting.outcome else { Issue.record("\(waiting.outcome)"); return }
        #expect(parser.pendingHead?.expectsContinue == true)
        #expect(parser.isReadingBody)

        let done = parse(&parser, Array("hello".utf8))
        guard case .request(let request) = done.outcome else { Issue.record("\(done.outcome)"); return }
        #expect(request.body == Array("hello".utf8))
        #expect(parser.pendingHead == nil)
    }

    @Test func expectsContinueIsFalseWithoutTheExpectation() {
        var parser = RequestParser()
        let head = Array("POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        _ = parse(&parser, head)
        #expect(parser.pendingHead?.expectsContinue == false)
    }

    @Test func expectsContinueIsIgnoredOnHTTP10() {
        var parser = RequestParser()
        let head = Array("POST /e HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n".utf8)
        _ = parse(&parser, head)
        #expect(parser.isReadingBody)
        #expect(parser.pendingHead?.expectsContinue == false)
    }
}
