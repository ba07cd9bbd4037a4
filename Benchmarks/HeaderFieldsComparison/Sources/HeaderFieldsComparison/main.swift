import HTTPServer
import HTTPTypes

// The request a browser-like client sends for an API item: nine header fields.
let requestText = """
    GET /v1/projects/cityregio-ii?lang=da HTTP/1.1\r
    Host: registry.example.org\r
    User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r
    Accept: application/json, text/plain;q=0.9, */*;q=0.8\r
    Accept-Language: da, en-GB;q=0.8, en;q=0.7\r
    Accept-Encoding: gzip, deflate, br\r
    Connection: keep-alive\r
    If-None-Match: "3f2a9c1d"\r
    Cache-Control: max-age=0\r
    X-Request-ID: 4bf92f3577b34da6a3ce929d0e0e4736\r
    \r\n
    """
let bytes = Array(requestText.utf8)
let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 1_000_000

/// Parses the request once with the server's parser.
func parse() -> Request {
    var parser = RequestParser()
    let outcome = bytes.withUnsafeBufferPointer { parser.parse($0).outcome }
    guard case .request(let request) = outcome else { fatalError("the sample request does not parse: \(outcome)") }
    return request
}

/// The fields as swift-http-types holds them: each name validated and lowercased as it is made.
func fields(of request: Request) -> HTTPFields {
    var fields = HTTPFields()
    fields.reserveCapacity(request.headers.count)
    for field in request.headers {
        guard let name = HTTPField.Name(field.name) else { fatalError("invalid field name \(field.name)") }
        fields.append(HTTPField(name: name, value: field.value))
    }
    return fields
}

/// Runs `body` `iterations` times and prints nanoseconds per iteration; `sink` keeps the work from being
/// optimised away.
func measure(_ label: String, _ body: () -> Int) {
    var sink = 0
    for _ in 0..<(iterations / 10) { sink &+= body() }
    let clock = ContinuousClock()
    let elapsed = clock.measure { for _ in 0..<iterations { sink &+= body() } }
    let (seconds, attoseconds) = elapsed.components
    let nanoseconds = (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations)
    print("\(label.padding(toLength: 58, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", nanoseconds)) ns  (\(sink & 1))")
}

let parsed = parse()
let converted = fields(of: parsed)
print("\(iterations) iterations; a request of \(bytes.count) bytes with \(parsed.headers.count) header fields")
measure("parse (the server's parser, HTTPHeaders)") { parse().headers.count }
measure("parse, then the fields as HTTPFields") { fields(of: parse()).count }
measure("HTTPFields from parsed fields alone") { fields(of: parsed).count }
measure("4 lookups in HTTPHeaders") {
    (parsed.headers["accept-encoding"]?.utf8.count ?? 0) + (parsed.headers["if-none-match"]?.utf8.count ?? 0)
        + (parsed.headers["connection"]?.utf8.count ?? 0) + (parsed.headers["authorization"]?.utf8.count ?? 0)
}
measure("4 lookups in HTTPFields") {
    (converted[.acceptEncoding]?.utf8.count ?? 0) + (converted[.ifNoneMatch]?.utf8.count ?? 0)
        + (converted[.connection]?.utf8.count ?? 0) + (converted[.authorization]?.utf8.count ?? 0)
}
