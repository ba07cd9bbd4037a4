import HTTPServer
import Testing
import TestSupport

/// Routing over the wire: 404 and 405 as problems, automatic `OPTIONS`, percent-decoded path parameters, queries.
@Suite struct RoutingTests {
    @Test func unknownPathIsANotFoundProblem() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try response.problemSummary() == ProblemSummary(status: 404, type: "/problems/not-found"))
            let problem = try response.jsonObject()
            #expect(problem["title"] as? String == "Not Found")
            #expect(!response.closesConnection)
        }
    }

    @Test func wrongMethodIsAMethodNotAllowedProblemWithAllow() throws {
        try withTestClient { _, client in
            let response = try client.exchange("DELETE /items/7 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS, PUT")
            #expect(response.header("Content-Type") == "application/problem+json")
            let problem = try response.jsonObject()
            #expect(problem["type"] as? String == "/problems/method-not-allowed")
            #expect(problem["status"] as? Int == 405)

            let post = try client.exchange("POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(post.status == 405)
            #expect(post.header("Allow") == "GET, HEAD, OPTIONS")
        }
    }

    @Test func optionsListsTheAllowedMethods() throws {
        try withTestClient { _, client in
            let items = try client.exchange("OPTIONS /items/7 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(items.status == 204)
            #expect(items.header("Allow") == "GET, HEAD, OPTIONS, PUT")
            #expect(items.body.isEmpty)
            let echo = try client.exchange("OPTIONS /echo HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(echo.header("Allow") == "OPTIONS, POST")
            let put = try client.exchange("PUT /items/7 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(put.text == "put 7")
        }
    }

    @Test(arguments: [
        ("/items/plain", "plain"),
        ("/items/hello%20world", "hello world"),
        ("/items/a%2Fb", "a/b"),
        ("/items/%C3%A6bler", "æbler"),
        ("/items/a+b", "a+b"),
        ("/items/100%25", "100%"),
    ])
    func pathParametersArePercentDecoded(path: String, expected: String) throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == expected)
        }
    }

    @Test func severalParametersAndBadEscapes() throws {
        try withTestClient { _, client in
            let both = try client.exchange("GET /users/al%20ice/repos/r%2B1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(both.text == "al ice|r+1")
            let badEscape = try client.exchange("GET /items/%zz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(badEscape.status == 404)
            let empty = try client.exchange("GET /items/ HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(empty.status == 404)
            let absolute = try client.exchange("GET http://t/items/abs?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(absolute.text == "abs")
        }
    }

    @Test func queryStringsAreParsed() throws {
        try withTestClient { _, client in
            let response = try client.exchange("GET /query?a=1&b=x+y&c=%C3%A9&d&&e=%3D%26&a=2 HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(response.status == 200)
            #expect(response.text == "a=1\nb=x y\nc=é\nd=\ne==&\na=2")
            let none = try client.exchange("GET /query HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(none.text == "")
        }
    }
}
