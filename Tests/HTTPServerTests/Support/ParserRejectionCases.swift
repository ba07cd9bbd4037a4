import HTTPServer
import Testing

/// A request the parser must reject, with the status the server must answer it with.
struct RejectionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var status: Int
    var limits: ParserLimits

    init(_ name: String, _ text: String, _ status: Int, limits: ParserLimits = ParserLimits()) {
        self.init(name, bytes: Array(text.utf8), status, limits: limits)
    }

    init(_ name: String, bytes: [UInt8], _ status: Int, limits: ParserLimits = ParserLimits()) {
        self.name = name
        self.bytes = bytes
        self.status = status
        self.limits = limits
    }

    var testDescription: String { "\(name) → \(status)" }
}

/// Every malformed, unsupported, oversized and smuggling request of the server's specification.
enum ParserRejectionCases {
    private static let host = "Host: example.com\r\n"

    private static func limits(_ change: (inout ParserLimits) -> Void) -> ParserLimits {
        var limits = ParserLimits()
        change(&limits)
        return limits
    }

    static let requestLine: [RejectionCase] = [
        RejectionCase("method with a non-token byte", "GE@T / HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("method with a quote", "G\"ET / HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("empty method", " / HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("tab between method and target", "GET\t/ HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("two spaces between method and target", "GET  / HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("absent HTTP version", "GET /\r\n\(host)\r\n", 400),
        RejectionCase("lower-case protocol name", "GET / http/1.1\r\n\(host)\r\n", 400),
        RejectionCase("version without minor digit", "GET / HTTP/1\r\n\(host)\r\n", 400),
        RejectionCase("version with two minor digits", "GET / HTTP/1.10\r\n\(host)\r\n", 400),
        RejectionCase("space after the version", "GET / HTTP/1.1 \r\n\(host)\r\n", 400),
        RejectionCase("HTTP/2.0", "GET / HTTP/2.0\r\n\(host)\r\n", 505),
        RejectionCase("HTTP/1.2", "GET / HTTP/1.2\r\n\(host)\r\n", 505),
        RejectionCase("HTTP/0.9", "GET / HTTP/0.9\r\n\(host)\r\n", 505),
        RejectionCase("DEL in the target", "GET /a\u{7F}b HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("non-ASCII target", "GET /é HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("target neither origin- nor absolute-form", "GET example.com/ HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("asterisk-form with GET", "GET * HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("absolute-form without authority", "GET http:///a HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 501),
    ]

    static let lineEndings: [RejectionCase] = [
        RejectionCase("bare LF line endings", "GET / HTTP/1.1\nHost: example.com\n\n", 400),
        RejectionCase("bare LF after the request line", "GET / HTTP/1.1\n\(host)\r\n", 400),
        RejectionCase("bare LF ending one field line", "GET / HTTP/1.1\r\nHost: example.com\nX-A: b\r\n\r\n", 400),
        RejectionCase("bare LF ending the head", "GET / HTTP/1.1\r\n\(host)\n", 400),
        RejectionCase("bare CR ending the request line", "GET / HTTP/1.1\r\(host)\r\n", 400),
        RejectionCase("CR inside a field value", "GET / HTTP/1.1\r\n\(host)X-A: a\rb\r\n\r\n", 400),
        RejectionCase("LF inside a field value", "GET / HTTP/1.1\r\n\(host)X-A: a\nb\r\n\r\n", 400),
        RejectionCase("NUL inside a field value", "GET / HTTP/1.1\r\n\(host)X-A: a\0b\r\n\r\n", 400),
        RejectionCase("control byte inside a field value", "GET / HTTP/1.1\r\n\(host)X-A: a\u{01}b\r\n\r\n", 400),
        RejectionCase("DEL inside a field value", "GET / HTTP/1.1\r\n\(host)X-A: a\u{7F}b\r\n\r\n", 400),
    ]

    static let fieldLines: [RejectionCase] = [
        RejectionCase("space before the colon", "GET / HTTP/1.1\r\nHost : example.com\r\n\r\n", 400),
        RejectionCase("tab before the colon", "GET / HTTP/1.1\r\n\(host)X-A\t: b\r\n\r\n", 400),
        RejectionCase("obs-fold with a space", "GET / HTTP/1.1\r\n\(host)X-A: a\r\n b\r\n\r\n", 400),
        RejectionCase("obs-fold with a tab", "GET / HTTP/1.1\r\n\(host)X-A: a\r\n\tb\r\n\r\n", 400),
        RejectionCase("whitespace before the first field line", "GET / HTTP/1.1\r\n \(host)\r\n", 400),
        RejectionCase("field line without a colon", "GET / HTTP/1.1\r\n\(host)X-No-Colon\r\n\r\n", 400),
        RejectionCase("empty field name", "GET / HTTP/1.1\r\n\(host): value\r\n\r\n", 400),
        RejectionCase("non-token field name", "GET / HTTP/1.1\r\n\(host)X@Y: b\r\n\r\n", 400),
        RejectionCase("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
        RejectionCase("two Host fields", "GET / HTTP/1.1\r\n\(host)Host: other.example\r\n\r\n", 400),
        RejectionCase("Host with a space", "GET / HTTP/1.1\r\nHost: exa mple.com\r\n\r\n", 400),
        RejectionCase("Host with a path", "GET / HTTP/1.1\r\nHost: example.com/a\r\n\r\n", 400),
        RejectionCase("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@example.com\r\n\r\n", 400),
        RejectionCase("Expect other than 100-continue", "GET / HTTP/1.1\r\n\(host)Expect: 101-dance\r\n\r\n", 417),
        RejectionCase("Expect with an extra expectation",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 1\r\nExpect: 100-continue, x\r\n\r\nA", 417),
    ]

    static let contentLength: [RejectionCase] = [
        RejectionCase("Content-Length with a plus sign", "POST / HTTP/1.1\r\n\(host)Content-Length: +5\r\n\r\nhello", 400),
        RejectionCase("Content-Length with a minus sign", "POST / HTTP/1.1\r\n\(host)Content-Length: -5\r\n\r\nhello", 400),
        RejectionCase("Content-Length with a space inside", "POST / HTTP/1.1\r\n\(host)Content-Length: 1 0\r\n\r\nhelloworld", 400),
        RejectionCase("Content-Length in hex", "POST / HTTP/1.1\r\n\(host)Content-Length: 0x5\r\n\r\nhello", 400),
        RejectionCase("Content-Length with a letter", "POST / HTTP/1.1\r\n\(host)Content-Length: 5a\r\n\r\nhello", 400),
        RejectionCase("Content-Length with a decimal point", "POST / HTTP/1.1\r\n\(host)Content-Length: 5.0\r\n\r\nhello", 400),
        RejectionCase("empty Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: \r\n\r\n", 400),
        RejectionCase("Content-Length with an empty list element", "POST / HTTP/1.1\r\n\(host)Content-Length: 5,\r\n\r\nhello", 400),
        RejectionCase("differing Content-Length lines",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        RejectionCase("differing Content-Length list", "POST / HTTP/1.1\r\n\(host)Content-Length: 5, 6\r\n\r\nhello!", 400),
        RejectionCase("Content-Length too large to represent",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n", 413),
        RejectionCase("Content-Length above the body limit", "POST / HTTP/1.1\r\n\(host)Content-Length: 11\r\n\r\nhello world", 413,
                      limits: limits { $0.maxBodySize = 10 }),
    ]

    static let transferEncoding: [RejectionCase] = [
        RejectionCase("Content-Length and Transfer-Encoding",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("Transfer-Encoding and Content-Length",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("Content-Length 0 and Transfer-Encoding",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("Transfer-Encoding gzip", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding gzip, chunked",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding chunked, gzip",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding gzip and chunked on two lines",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding identity", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: identity\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding with a parameter",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding chunked twice",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("empty Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: \r\n\r\n", 400),
        RejectionCase("Transfer-Encoding on HTTP/1.0",
                      "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
    ]

    private static let chunkedHead = "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n"

    static let chunkedBody: [RejectionCase] = [
        RejectionCase("chunk size not hex", chunkedHead + "zz\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk size with 0x prefix", chunkedHead + "0x5\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("negative chunk size", chunkedHead + "-5\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk size with leading space", chunkedHead + " 5\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk size with a space inside", chunkedHead + "1 0\r\n0123456789abcdef\r\n0\r\n\r\n", 400),
        RejectionCase("empty chunk-size line", chunkedHead + "\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk size of 17 hex digits", chunkedHead + "FFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", 413),
        RejectionCase("chunk size of 2^64", chunkedHead + "10000000000000000\r\nhello\r\n0\r\n\r\n", 413),
        RejectionCase("chunk size of Int.max", chunkedHead + "7FFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n", 413),
        RejectionCase("chunk larger than the body limit", chunkedHead + "b\r\nhello world\r\n0\r\n\r\n", 413,
                      limits: limits { $0.maxBodySize = 10 }),
        RejectionCase("chunks adding up beyond the body limit",
                      chunkedHead + "6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n", 413, limits: limits { $0.maxBodySize = 10 }),
        RejectionCase("chunk data not followed by CRLF", chunkedHead + "5\r\nhelloX\r\n0\r\n\r\n", 400),
        RejectionCase("chunk data followed by a bare LF", chunkedHead + "5\r\nhello\n0\r\n\r\n", 400),
        RejectionCase("chunk data followed by a bare CR", chunkedHead + "5\r\nhello\r0\r\n\r\n", 400),
        RejectionCase("chunk-size line ending in a bare LF", chunkedHead + "5\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("oversized chunk extension",
                      chunkedHead + "5;" + String(repeating: "a", count: 2000) + "\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk extension without a name", chunkedHead + "5;=x\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk extension with an open quote", chunkedHead + "5;a=\"open\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk extension without a semicolon", chunkedHead + "5 a\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("chunk extension with a space in its name", chunkedHead + "5;a b=c\r\nhello\r\n0\r\n\r\n", 400),
        RejectionCase("oversized trailer section",
                      chunkedHead + "0\r\nX-Trailer: " + String(repeating: "t", count: 200) + "\r\n\r\n", 431,
                      limits: limits { $0.maxTrailerSectionSize = 64 }),
        RejectionCase("oversized trailer section at the default limit",
                      chunkedHead + "0\r\nX-Trailer: " + String(repeating: "t", count: 9000) + "\r\n\r\n", 431),
        RejectionCase("trailer field with a space before the colon", chunkedHead + "0\r\nX-T : y\r\n\r\n", 400),
        RejectionCase("trailer field folded", chunkedHead + "0\r\nX-T: y\r\n z\r\n\r\n", 400),
        RejectionCase("request line where a trailer is expected",
                      chunkedHead + "0\r\nGET /smuggled HTTP/1.1\r\n\(host)\r\n", 400),
    ]

    static let sizeLimits: [RejectionCase] = [
        RejectionCase("request line longer than the limit",
                      "GET /" + String(repeating: "a", count: 100) + " HTTP/1.1\r\n\(host)\r\n", 414,
                      limits: limits { $0.maxRequestLineLength = 64 }),
        RejectionCase("request line longer than the limit, still arriving",
                      "GET /" + String(repeating: "a", count: 100), 414, limits: limits { $0.maxRequestLineLength = 64 }),
        RejectionCase("request line longer than the default limit",
                      "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\(host)\r\n", 414),
        RejectionCase("header section larger than the limit",
                      "GET / HTTP/1.1\r\n\(host)X-Big: " + String(repeating: "b", count: 200) + "\r\n\r\n", 431,
                      limits: limits { $0.maxHeaderSectionSize = 128 }),
        RejectionCase("header section larger than the limit, still arriving",
                      "GET / HTTP/1.1\r\n\(host)X-Big: " + String(repeating: "b", count: 200), 431,
                      limits: limits { $0.maxHeaderSectionSize = 128 }),
        RejectionCase("header section larger than the default limit",
                      "GET / HTTP/1.1\r\n\(host)" + String(repeating: "X-Pad: " + String(repeating: "p", count: 1000) + "\r\n", count: 40)
                        + "\r\n", 431),
        RejectionCase("more header fields than the limit",
                      "GET / HTTP/1.1\r\n\(host)" + (1...5).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431,
                      limits: limits { $0.maxHeaderCount = 5 }),
        RejectionCase("more header fields than the default limit",
                      "GET / HTTP/1.1\r\n\(host)" + (1...100).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
    ]

    static let smuggling: [RejectionCase] = [
        RejectionCase("CL.TE with a request hidden in the body",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 42\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("TE.CL with a request hidden in a chunk",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n2a\r\nGET /smuggled HTTP/1.1\r\n\(host)\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("obfuscated Transfer-Encoding value with Content-Length",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("obfuscated Transfer-Encoding value",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501),
        RejectionCase("Transfer-Encoding with whitespace before the colon",
                      "POST / HTTP/1.1\r\n\(host)Transfer-Encoding : chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400),
        RejectionCase("Content-Length repeated with a hidden request",
                      "POST / HTTP/1.1\r\n\(host)Content-Length: 0\r\nContent-Length: 33\r\n\r\nGET /smuggled HTTP/1.1\r\n\(host)\r\n", 400),
        RejectionCase("bare LF hiding a header",
                      "POST / HTTP/1.1\r\n\(host)X-A: b\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400),
    ]

    static let all: [RejectionCase] = requestLine + lineEndings + fieldLines + contentLength + transferEncoding
        + chunkedBody + sizeLimits + smuggling
}
