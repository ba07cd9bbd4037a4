import HTTPServer
import Testing

/// The table-driven cases of the parser: every rejection with its status, every valid edge case with the
/// requests it yields, each fed whole, a byte at a time and in halves.
@Suite struct RequestParserTests {
    private static let follower = Array("GET /next HTTP/1.1\r\nHost: example.com\r\n\r\n".utf8)

    @Test(arguments: ParserRejectionCases.all, FeedMode.allCases)
    func rejects(_ testCase: RejectionCase, mode: FeedMode) throws {
        // A valid request after the bad one must never come out of the parser.
        let driver = ParserDriver.run(testCase.bytes + Self.follower, limits: testCase.limits, mode: mode)
        let failure = try #require(driver.failure, "accepted \(driver.requests.map(\.target))")
        #expect(failure.status.code == testCase.status, "\(failure)")
        #expect(driver.requests.isEmpty)
        #expect(!driver.parser.isReadingBody)
        #expect(failure.problem.status == failure.status)
        #expect(failure.problem.type == "/problems/\(failure.kind)")
    }

    @Test(arguments: ParserRejectionCases.all)
    func staysFailedAfterARejection(_ testCase: RejectionCase) throws {
        var driver = ParserDriver.run(testCase.bytes, limits: testCase.limits)
        let failure = try #require(driver.failure)
        var parser = driver.parser
        let (consumed, outcome) = Self.follower.withUnsafeBufferPointer { parser.parse($0) }
        #expect(consumed == 0)
        guard case .failure(let again) = outcome else {
            Issue.record("The parser recovered after \(failure): \(outcome)")
            return
        }
        #expect(again == failure)
        driver.feed(Self.follower)
        #expect(driver.requests.isEmpty)
        #expect(driver.failure == failure)
    }

    @Test(arguments: ParserAcceptanceCases.all, FeedMode.allCases)
    func accepts(_ testCase: AcceptanceCase, mode: FeedMode) {
        let driver = ParserDriver.run(testCase.bytes, mode: mode)
        #expect(driver.failure == nil)
        #expect(driver.requests.count == testCase.expected.count)
        for (request, expected) in zip(driver.requests, testCase.expected) {
            expected.check(request)
        }
        #expect(driver.buffer.isEmpty, "unconsumed: \(String(decoding: driver.buffer, as: UTF8.self))")
        #expect(driver.parser.isIdle)
        #expect(driver.parser.pendingHead == nil)
    }

    @Test(arguments: ParserAcceptanceCases.all)
    func acceptsWhereverTheStreamIsSplit(_ testCase: AcceptanceCase) {
        let whole = ParserDriver.run(testCase.bytes)
        for split in 1..<testCase.bytes.count {
            var driver = ParserDriver()
            driver.feed(Array(testCase.bytes[..<split]))
            driver.feed(Array(testCase.bytes[split...]))
            #expect(driver.failure == nil, "split at \(split)")
            #expect(driver.requests.map(\.target) == whole.requests.map(\.target), "split at \(split)")
            #expect(driver.requests.map(\.body) == whole.requests.map(\.body), "split at \(split)")
            #expect(driver.buffer.isEmpty, "split at \(split)")
        }
    }
}
