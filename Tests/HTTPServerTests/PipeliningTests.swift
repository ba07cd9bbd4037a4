import HTTPServer
import Testing

/// Pipelined requests: several in one write, answered in the order they came whichever handler finishes first.
@Suite struct PipeliningTests {
    @Test func aSlowWorkerHandlerBeforeFastOnesKeepsTheOrder() throws {
        try withTestClient { _, client in
            try client.send("GET /slow?ms=300 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\necho"
                + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            let bodies = try (0..<4).map { _ in try client.readResponse().text }
            #expect(bodies == ["slow", "fast", "echo", "hello"])
            let next = try client.exchange("GET /fast HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(next.text == "fast")
        }
    }

    @Test func manyPipelinedRequestsAreAnsweredInOrder() throws {
        try withTestClient { _, client in
            var batch = ""
            for index in 0..<40 {
                switch index % 4 {
                case 0: batch += "GET /items/\(index) HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\(index)\r\n\r\n"
                case 1: batch += "GET /slow?ms=5 HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\(index)\r\n\r\n"
                case 2: batch += "POST /echo HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\(index)\r\nContent-Length: \(String(index).count)\r\n\r\n\(index)"
                default: batch += "HEAD /hello HTTP/1.1\r\nHost: t\r\nX-Request-Id: r\(index)\r\n\r\n"
                }
            }
            try client.send(batch)
            for index in 0..<40 {
                let response = try client.readResponse(method: index % 4 == 3 ? "HEAD" : "GET")
                #expect(response.status == 200)
                #expect(response.header("X-Request-Id") == "r\(index)")
                switch index % 4 {
                case 0, 2: #expect(response.text == "\(index)")
                case 1: #expect(response.text == "slow")
                default: #expect(response.body.isEmpty)
                }
            }
        }
    }

    @Test func aPipelinedConnectionCloseEndsTheBatch() throws {
        try withTestClient { server, client in
            try client.send("GET /slow?ms=50 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /fast HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                + "GET /count HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try client.readResponse()
            let second = try client.readResponse()
            let third = try client.readResponse()
            #expect([first.text, second.text, third.text] == ["slow", "fast", "hello"])
            #expect(!first.closesConnection && !second.closesConnection)
            #expect(third.closesConnection)
            #expect(try client.isClosedByServer())
            #expect(server.hits.count("/count") == 0)
        }
    }

    @Test func aRequestArrivingOneByteAtATimeIsServed() throws {
        try withTestClient { _, client in
            let request = "\r\nPOST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nbytes\r\n0\r\nT: t\r\n\r\n"
            for byte in request.utf8 {
                try client.send([byte])
            }
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "bytes")
        }
    }
}
