import HTTPServer
import Testing

/// What a parsed request must look like; `headers` lists fields that must be present with these first values.
struct ExpectedRequest: Sendable {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var body: [UInt8]
    var headers: [String: String]

    init(_ method: String, _ target: String, path: String? = nil, query: String? = nil, version: HTTPVersion = .http1_1,
         body: String = "", headers: [String: String] = [:]) {
        self.init(method, target, path: path, query: query, version: version, bodyBytes: Array(body.utf8), headers: headers)
    }

    init(_ method: String, _ target: String, path: String? = nil, query: String? = nil, version: HTTPVersion = .http1_1,
         bodyBytes: [UInt8], headers: [String: String] = [:]) {
        self.method = method
        self.target = target
        self.path = path ?? target
        self.query = query
        self.version = version
        self.body = bodyBytes
        self.headers = headers
    }

    /// Records an issue for every way `request` differs from this expectation.
    func check(_ request: Request, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(request.method.rawValue == method, sourceLocation: sourceLocation)
        #expect(request.target == target, sourceLocation: sourceLocation)
        #expect(request.path == path, sourceLocation: sourceLocation)
        #expect(request.rawQuery == query, sourceLocation: sourceLocation)
        #expect(request.version == version, sourceLocation: sourceLocation)
        #expect(request.body == body, sourceLocation: sourceLocation)
        for (name, value) in headers {
            #expect(request.headers[name] == value, "header \(name)", sourceLocation: sourceLocation)
        }
    }
}

/// A byte stream the parser must accept, and the requests it must yield, in order.
struct AcceptanceCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var expected: [ExpectedRequest]

    init(_ name: String, _ text: String, _ expected: [ExpectedRequest]) {
        self.init(name, bytes: Array(text.utf8), expected)
    }

    init(_ name: String, bytes: [UInt8], _ expected: [ExpectedRequest]) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var testDescription: String { name }
}

/// The valid edge cases of the server's specification.
enum ParserAcceptanceCases {
    private static let host = "Host: example.com\r\n"
    private static let fortyTwo = String(repeating: "x", count: 42)

    static let all: [AcceptanceCase] = [
        AcceptanceCase("simple GET", "GET /a/b?c=d HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("GET", "/a/b?c=d", path: "/a/b", query: "c=d", headers: ["host": "example.com"])]),
        AcceptanceCase("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", [ExpectedRequest("GET", "/", version: .http1_0)]),
        AcceptanceCase("leading empty lines before the request line", "\r\n\r\nGET / HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("GET", "/")]),
        AcceptanceCase("pipelined requests in one buffer",
                       "GET /1 HTTP/1.1\r\n\(host)\r\n"
                        + "POST /2 HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhello"
                        + "PUT /3 HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                        + "\r\nHEAD /4 HTTP/1.1\r\n\(host)\r\n"
                        + "DELETE /5 HTTP/1.0\r\n\r\n",
                       [ExpectedRequest("GET", "/1"), ExpectedRequest("POST", "/2", body: "hello"),
                        ExpectedRequest("PUT", "/3", body: "abc"), ExpectedRequest("HEAD", "/4"),
                        ExpectedRequest("DELETE", "/5", version: .http1_0)]),
        AcceptanceCase("chunked with extensions and trailers",
                       "POST /c HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
                        + "4;a=b;c=\"d e\"\r\nWiki\r\n5 ; name = value ;flag\r\npedia\r\n"
                        + "E;q=\"esc\\\"aped\"\r\n in\r\n\r\nchunks.\r\n0;last\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
                       [ExpectedRequest("POST", "/c", body: "Wikipedia in\r\n\r\nchunks.")]),
        AcceptanceCase("chunk sizes in both cases with leading zeros",
                       "POST /c HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"
                        + "000A\r\n0123456789\r\na\r\nabcdefghij\r\n0000\r\n\r\n",
                       [ExpectedRequest("POST", "/c", body: "0123456789abcdefghij")]),
        AcceptanceCase("Transfer-Encoding in another case", "POST /c HTTP/1.1\r\n\(host)Transfer-Encoding: Chunked\r\n\r\n0\r\n\r\n",
                       [ExpectedRequest("POST", "/c")]),
        AcceptanceCase("identical repeated Content-Length lines",
                       "POST /l HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                       [ExpectedRequest("POST", "/l", body: "hello")]),
        AcceptanceCase("Content-Length list 42, 42", "POST /l HTTP/1.1\r\n\(host)Content-Length: 42, 42\r\n\r\n\(fortyTwo)",
                       [ExpectedRequest("POST", "/l", body: fortyTwo)]),
        AcceptanceCase("Content-Length with leading zeros", "POST /l HTTP/1.1\r\n\(host)Content-Length: 005\r\n\r\nhello",
                       [ExpectedRequest("POST", "/l", body: "hello")]),
        AcceptanceCase("Content-Length 0", "POST /l HTTP/1.1\r\n\(host)Content-Length: 0\r\n\r\nGET /n HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("POST", "/l"), ExpectedRequest("GET", "/n")]),
        AcceptanceCase("absolute-form target", "GET http://example.com:8080/a/b?x=1 HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("GET", "http://example.com:8080/a/b?x=1", path: "/a/b", query: "x=1")]),
        AcceptanceCase("absolute-form target without a path", "GET HTTPS://example.com HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("GET", "HTTPS://example.com", path: "/")]),
        AcceptanceCase("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\n\(host)\r\n", [ExpectedRequest("OPTIONS", "*")]),
        AcceptanceCase("extension methods", "PURGE /x HTTP/1.1\r\n\(host)\r\nM-SEARCH /y HTTP/1.1\r\n\(host)\r\n",
                       [ExpectedRequest("PURGE", "/x"), ExpectedRequest("M-SEARCH", "/y")]),
        AcceptanceCase("field values trimmed, empty and with inner whitespace",
                       "GET / HTTP/1.1\r\nhOsT:example.com\r\nX-Pad: \t padded \t \r\nX-Empty:\r\nX-Inner: a \t b\r\n\r\n",
                       [ExpectedRequest("GET", "/", headers: ["Host": "example.com", "x-pad": "padded", "X-Empty": "",
                                                              "X-Inner": "a \t b"])]),
        AcceptanceCase("obs-text in a field value", "GET / HTTP/1.1\r\n\(host)X-Name: Bjørn\r\n\r\n",
                       [ExpectedRequest("GET", "/", headers: ["X-Name": "Bjørn"])]),
        AcceptanceCase("empty Host on HTTP/1.1", "GET / HTTP/1.1\r\nHost:\r\n\r\n", [ExpectedRequest("GET", "/", headers: ["Host": ""])]),
        AcceptanceCase("Host with a port and an IPv6 literal",
                       "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", [ExpectedRequest("GET", "/", headers: ["Host": "[::1]:8080"])]),
        AcceptanceCase("Expect 100-continue with its body",
                       "POST /e HTTP/1.1\r\n\(host)Expect: 100-Continue\r\nContent-Length: 5\r\n\r\nhello",
                       [ExpectedRequest("POST", "/e", body: "hello")]),
        AcceptanceCase("binary body", bytes: Array("POST /b HTTP/1.1\r\n\(host)Content-Length: 6\r\n\r\n".utf8) + [0, 13, 10, 255, 128, 1],
                       [ExpectedRequest("POST", "/b", bodyBytes: [0, 13, 10, 255, 128, 1])]),
    ]
}
