import HTTPServer
import Testing

/// Every parse rejection over a real socket: the right status as problem+json, then the connection closes,
/// and nothing sent after the bad request is ever processed.
@Suite struct RejectionTests {
    private static let follower = "GET /count HTTP/1.1\r\nHost: t\r\n\r\n"

    /// Sends `bytes` followed by a valid request in one write and checks that exactly one rejection comes back.
    private func expectRejection(_ bytes: [UInt8], status: Int, server: TestServer, _ name: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try server.client()
        defer { client.close() }
        try client.send(bytes + Array(Self.follower.utf8))
        let response = try client.readResponse()
        #expect(response.status == status, "\(name)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", "\(name)", sourceLocation: sourceLocation)
        #expect(response.closesConnection, "\(name)", sourceLocation: sourceLocation)
        let problem = try response.jsonObject()
        #expect(problem["status"] as? Int == status, "\(name)", sourceLocation: sourceLocation)
        #expect((problem["type"] as? String)?.hasPrefix("/problems/") == true, "\(name)", sourceLocation: sourceLocation)
        #expect(problem["detail"] is String, "\(name)", sourceLocation: sourceLocation)
        let after = try client.readToEnd()
        #expect(after.isEmpty, "\(name): more after the rejection: \(String(decoding: after, as: UTF8.self))",
                sourceLocation: sourceLocation)
        #expect(server.hits.total == 0, "\(name): a request was processed", sourceLocation: sourceLocation)
    }

    @Test func everyParserRejectionIsAnsweredAndCloses() throws {
        let server = try TestServer()
        defer { server.stop() }
        let cases = ParserRejectionCases.all.filter { $0.limits == ParserLimits() }
        #expect(cases.count > 80)
        for testCase in cases {
            try expectRejection(testCase.bytes, status: testCase.status, server: server, testCase.name)
        }
    }

    @Test func rejectionsUnderConfiguredLimits() throws {
        let cases = ParserRejectionCases.all.filter { $0.limits != ParserLimits() }
        #expect(cases.count >= 5)
        for testCase in cases {
            let server = try TestServer { $0.limits = testCase.limits }
            defer { server.stop() }
            try expectRejection(testCase.bytes, status: testCase.status, server: server, testCase.name)
        }
    }

    @Test func contentLengthWithTransferEncodingHidesNoSecondRequest() throws {
        try withTestClient { server, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 35\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /count HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.closesConnection)
            #expect(try client.readToEnd().isEmpty)
            #expect(server.hits.total == 0)
        }
    }

    @Test func requestsBeforeABadOneAreAnsweredAndNoneAfter() throws {
        try withTestClient { server, client in
            try client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /bad HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                + "GET /count HTTP/1.1\r\nHost: t\r\n\r\n")
            let slow = try client.readResponse()
            let hello = try client.readResponse()
            let bad = try client.readResponse()
            #expect(slow.text == "slow" && !slow.closesConnection)
            #expect(hello.text == "hello" && !hello.closesConnection)
            #expect(bad.status == 400 && bad.closesConnection)
            #expect(try client.readToEnd().isEmpty)
            #expect(server.hits.count("/slow") == 1)
            #expect(server.hits.count("/count") == 0)
            #expect(server.hits.count("/bad") == 0)
        }
    }

    @Test func garbageIsABadRequest() throws {
        try withTestClient { _, client in
            try client.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0D, 0x0A, 0x0D, 0x0A])
            let response = try client.readResponse()
            #expect(response.status == 400)
            #expect(try client.readToEnd().isEmpty)
        }
    }
}
