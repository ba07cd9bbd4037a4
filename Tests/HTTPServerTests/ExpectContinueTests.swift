import HTTPServer
import Testing

/// `Expect: 100-continue`: the interim response comes before the body is sent, never for a request that is
/// refused from its head, and never ahead of an earlier pipelined response.
@Suite struct ExpectContinueTests {
    @Test func continueComesBeforeTheBodyIsSent() throws {
        try withTestClient { _, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            #expect(interim.version == "HTTP/1.1")
            try client.send("hello world")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "hello world")
            #expect(response.header("X-Received-Expect") == "100-continue")
            // The connection goes on.
            let next = try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(next.text == "hello")
        }
    }

    @Test func chunkedBodyAfterContinue() throws {
        try withTestClient { _, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
            #expect(try client.readResponse().status == 100)
            try client.send("3\r\nabc\r\n0\r\n\r\n")
            #expect(try client.readResponse().text == "abc")
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWithoutContinue() throws {
        try withTestClient({ $0.limits.maxBodySize = 16 }) { _, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.closesConnection)
            #expect(try client.readToEnd().isEmpty)
        }
    }

    @Test func otherExpectationsFail() throws {
        try withTestClient { server, client in
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\nhi")
            let response = try client.readResponse()
            #expect(response.status == 417)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.closesConnection)
            #expect(try client.readToEnd().isEmpty)
            #expect(server.hits.total == 0)
        }
    }

    @Test func continueWaitsForEarlierPipelinedResponses() throws {
        try withTestClient { _, client in
            try client.send("GET /slow?ms=200 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let first = try client.readResponse()
            #expect(first.status == 200)
            #expect(first.text == "slow")
            let interim = try client.readResponse()
            #expect(interim.status == 100)
            try client.send("body")
            #expect(try client.readResponse().text == "body")
        }
    }

    @Test func http10GetsNoContinue() throws {
        try withTestClient { _, client in
            try client.send("POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(!client.waitReadable(timeout: .milliseconds(300)))
            try client.send("body")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "body")
        }
    }
}
