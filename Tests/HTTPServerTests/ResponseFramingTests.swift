import Foundation
import HTTPServer
import Testing
import TestSupport

/// What every response carries: `Date`, `Content-Length` (where a body is allowed), the request id, and for
/// `HEAD` the headers of `GET` without the body.
@Suite struct ResponseFramingTests {
    @Test func headHasTheHeadersOfGetAndNoBody() throws {
        try withTestClient { _, client in
            for (path, encoding) in [("/big", "identity"), ("/big", "gzip"), ("/hello", "gzip"), ("/items/x", "identity")] {
                let get = try client.exchange("GET \(path) HTTP/1.1\r\nHost: t\r\nAccept-Encoding: \(encoding)\r\n\r\n")
                let head = try client.exchange("HEAD \(path) HTTP/1.1\r\nHost: t\r\nAccept-Encoding: \(encoding)\r\n\r\n", method: "HEAD")
                #expect(head.status == get.status)
                #expect(head.body.isEmpty)
                #expect(head.header("Content-Length") == String(get.body.count), "\(path) \(encoding)")
                for name in ["Content-Type", "Content-Encoding", "Vary", "Content-Length"] {
                    #expect(head.header(name) == get.header(name), "\(name) of \(path) \(encoding)")
                }
            }
            // Had HEAD sent a body, this response would be read from its bytes.
            let after = try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(after.text == "hello")
        }
    }

    @Test func everyResponseHasDateAndContentLength() throws {
        try withTestClient { _, client in
            let requests: [(String, Int)] = [
                ("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", 200),
                ("GET /missing HTTP/1.1\r\nHost: t\r\n\r\n", 404),
                ("DELETE /items/1 HTTP/1.1\r\nHost: t\r\n\r\n", 405),
                ("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n", 422),
                ("GET /no-content HTTP/1.1\r\nHost: t\r\n\r\n", 204),
                ("OPTIONS /hello HTTP/1.1\r\nHost: t\r\n\r\n", 204),
                ("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", 200),
                ("GET /hello HTTP/1.1\r\n\r\n", 400),
            ]
            let now = Int(Date().timeIntervalSince1970)
            for (request, status) in requests {
                let response = try client.exchange(request)
                #expect(response.status == status, "\(request)")
                let date = try #require(response.header("Date"), "no Date on \(status)")
                let seconds = try #require(HTTPDate.parse(date), "Date \(date) is not an IMF-fixdate")
                #expect(abs(seconds - now) < 30)
                if status == 204 {
                    // RFC 9110, 8.6: no Content-Length on a 204.
                    #expect(response.header("Content-Length") == nil)
                } else {
                    #expect(response.headerValues("Content-Length") == [String(response.body.count)], "\(request)")
                }
                #expect(response.headerValues("Date").count == 1)
            }
            #expect(try client.isClosedByServer())
        }
    }

    @Test func requestIdIsEchoedOrGenerated() throws {
        try withTestClient { _, client in
            let echoed = try client.exchange("GET /request-id HTTP/1.1\r\nHost: t\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(echoed.header("X-Request-Id") == "abc-123")
            #expect(echoed.text == "abc-123")

            var generated: [String] = []
            let tooLong = String(repeating: "i", count: 129)
            for extra in ["", "X-Request-Id: \r\n", "X-Request-Id: \(tooLong)\r\n", "X-Request-Id: a b\r\n"] {
                let response = try client.exchange("GET /request-id HTTP/1.1\r\nHost: t\r\n\(extra)\r\n")
                let id = try #require(response.header("X-Request-Id"))
                #expect(!id.isEmpty && id.count <= 128 && !id.contains(" "))
                #expect(response.text == id)
                generated.append(id)
            }
            #expect(Set(generated).count == generated.count)
            let notFound = try client.exchange("GET /nowhere HTTP/1.1\r\nHost: t\r\nX-Request-Id: nf-1\r\n\r\n")
            #expect(notFound.header("X-Request-Id") == "nf-1")
        }
    }

    @Test func unsafeOrFramingHeadersFromHandlersAreNotSent() throws {
        try withTestClient { server, client in
            let response = try client.exchange("GET /unsafe-headers HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "safe")
            #expect(response.headerValues("Content-Length") == ["4"])
            #expect(response.header("X-Injected") == nil)
            #expect(response.header("X-Split") == nil)
            #expect(response.header("X-Nul") == nil)
            #expect(response.header("Connection") == nil)
            #expect(response.header("X-Fine") == "fine")
            // The framing the server set is the one the client sees: the connection goes on.
            #expect(try client.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n").text == "hello")
        }
    }

    @Test func handlerErrorsAreProblems() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try response.problemSummary() == ProblemSummary(status: 422, type: "/problems/test-failure"))
            #expect(!response.closesConnection)
        }
    }
}
