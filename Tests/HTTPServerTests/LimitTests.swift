import HTTPServer
import Testing
import TestSupport

/// Size limits over the wire: 413 for bodies, 414 for request lines, 431 for header sections, each answered
/// before the rest of the request is read, then the connection closes.
@Suite struct LimitTests {
    private func expectClosingProblem(_ response: RawResponse, _ status: Int, client: RawClient,
                                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == status, sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
        #expect(response.closesConnection, sourceLocation: sourceLocation)
        #expect(try client.readToEnd().isEmpty, sourceLocation: sourceLocation)
    }

    @Test func largeContentLengthIsRefusedWhileTheBodyIsStillComing() throws {
        try withTestClient({ $0.limits.maxBodySize = 1024 }) { server, client in
            // The client sends a good part of the body before reading: the 413 must still reach it intact.
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n")
            try client.send([UInt8](repeating: 0x62, count: 256 * 1024))
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.closesConnection)
            // The server reads and discards what the client still sends, then ends the stream in order: a reset
            // could destroy the response before the client reads it.
            try client.send([UInt8](repeating: 0x62, count: 64 * 1024))
            #expect(try client.readToEnd().isEmpty)
            #expect(server.hits.total == 0)
        }
    }

    @Test func chunkedBodyOverTheLimitIsRefused() throws {
        try withTestClient({ $0.limits.maxBodySize = 1024 }) { server, client in
            let chunk = "200\r\n" + String(repeating: "c", count: 512) + "\r\n"
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk + chunk + "0\r\n\r\n")
            let response = try client.readResponse()
            try expectClosingProblem(response, 413, client: client)
            #expect(server.hits.total == 0)
        }
    }

    @Test func aBodyAtTheLimitIsAccepted() throws {
        try withTestClient({ $0.limits.maxBodySize = 1024 }) { _, client in
            let body = String(repeating: "k", count: 1024)
            let response = try client.exchange("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n\(body)")
            #expect(response.status == 200)
            #expect(response.text == body)
            let chunked = try client.exchange("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n\(body)\r\n0\r\n\r\n")
            #expect(chunked.text == body)
        }
    }

    @Test func longRequestLineIsUriTooLong() throws {
        try withTestClient { _, client in
            try client.send("GET /" + String(repeating: "u", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
            try expectClosingProblem(try client.readResponse(), 414, client: client)
        }
    }

    @Test func longRequestLineIsRefusedBeforeItEnds() throws {
        try withTestClient({ $0.limits.maxRequestLineLength = 1024 }) { server, client in
            // No line end ever comes: the server answers once the limit is passed, not when the line is complete.
            try client.send("GET /" + String(repeating: "u", count: 2000))
            try expectClosingProblem(try client.readResponse(), 414, client: client)
        }
    }

    @Test func tooManyHeaderFieldsAreRefused() throws {
        try withTestClient { _, client in
            let fields = (1...150).map { "X-Field-\($0): v\r\n" }.joined()
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\(fields)\r\n")
            try expectClosingProblem(try client.readResponse(), 431, client: client)
        }
    }

    @Test func largeHeaderSectionIsRefused() throws {
        try withTestClient { server, client in
            let fields = (1...40).map { "X-Pad-\($0): " + String(repeating: "p", count: 1000) + "\r\n" }.joined()
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\(fields)\r\n")
            try expectClosingProblem(try client.readResponse(), 431, client: client)
            #expect(server.hits.total == 0)
        }
    }
}
