import HTTPServer
import Testing

/// A method the server does not know is `501 Not Implemented` (RFC 9110, 9.1); a known method that the
/// resource does not allow stays `405` with `Allow`.
@Suite struct MethodNotImplementedTests {
    @Test func anUnknownMethodIsNotImplemented() throws {
        try withTestClient { _, client in
            for target in ["/", "/hello", "/items/7"] {
                let response = try client.exchange("FOO \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(response.status == 501, "\(target)")
                #expect(response.header("Content-Type") == "application/problem+json")
                #expect(response.header("Allow") == nil)
                let problem = try response.jsonObject()
                #expect(problem["status"] as? Int == 501)
                #expect((problem["type"] as? String)?.hasSuffix("not-implemented") == true)
                #expect(!response.closesConnection)
            }
            // The connection goes on.
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
        }
    }

    @Test func aKnownMethodTheResourceLacksIsNotAllowed() throws {
        try withTestClient { _, client in
            for method in ["PATCH", "DELETE", "TRACE", "QUERY"] {
                let response = try client.exchange("\(method) /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(response.status == 405, "\(method)")
                #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
            }
            // QUERY carries its query in the body; the 405 consumes it and the connection goes on.
            let query = try client.exchange("QUERY /hello HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            #expect(query.status == 405)
            #expect(query.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").status == 200)
            // A method only some route has is known everywhere: 405 on the others.
            let put = try client.exchange("PUT /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(put.status == 405)
        }
    }
}
