import HTTPServer
import Testing

/// Persistent connections: HTTP/1.1 keeps them open, HTTP/1.0 only on request, `Connection: close` ends them.
@Suite struct KeepAliveTests {
    @Test func http11ServesManyRequestsOnOneConnection() throws {
        try withTestClient { server, client in
            for _ in 0..<5 {
                let response = try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(response.status == 200)
                #expect(response.text == "hello")
                #expect(response.header("Connection") == nil)
            }
            let echo = try client.exchange("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
            #expect(echo.text == "abc")
            let chunked = try client.exchange("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n")
            #expect(chunked.text == "def")
            let last = try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(last.status == 200)
            #expect(server.server.openConnections == 1)
            #expect(server.hits.count("/hello") == 6)
        }
    }

    @Test func http10ClosesByDefault() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /hello HTTP/1.0\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.closesConnection)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func http10KeepsAliveWhenAsked() throws {
        try withTestClient { server, client in
            for _ in 0..<3 {
                let response = try client.exchange("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(response.status == 200)
                #expect(response.header("Connection")?.lowercased() == "keep-alive")
            }
            let last = try client.exchange("GET /hello HTTP/1.0\r\n\r\n")
            #expect(last.closesConnection)
            #expect(try client.isClosedByServer())
            #expect(server.hits.count("/hello") == 4)
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        try withTestClient { server, client in
            // The request after the one that asked to close is never read.
            try client.send("GET /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /count HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.closesConnection)
            #expect(try client.isClosedByServer())
            #expect(server.hits.count("/count") == 0)
        }
    }

    @Test func aClientLeavingBeforeItsResponseDisturbsNoOne() throws {
        let server = try TestServer()
        defer { server.stop() }
        for _ in 0..<5 {
            let leaving = try server.client()
            try leaving.send("GET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\nGET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\n")
            leaving.close()
        }
        let client = try server.client()
        defer { client.close() }
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
        #expect(eventually { server.hits.count("/slow") == 10 })
        #expect(eventually { server.server.openConnections == 1 }, "open: \(server.server.openConnections)")
        #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
    }

    @Test func aHalfClosedClientStillGetsItsResponse() throws {
        try withTestClient { _, client in
            try client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: t\r\n\r\n")
            client.shutdownWrite()
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "slow")
            #expect(try client.isClosedByServer())
        }
    }
}
