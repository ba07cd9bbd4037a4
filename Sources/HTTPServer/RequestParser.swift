/// An incremental, strict HTTP/1.1 request parser (RFC 9112, RFC 9110).
///
/// Feed it the unconsumed bytes of a connection with `parse(_:)` as they arrive, one byte or many pipelined
/// requests at a time. Each call reports how many bytes it consumed and whether a request is complete.
/// Bytes of a head that is still incomplete are not consumed, only scanned, so the caller keeps them.
///
/// Any rejection is final: the parser stays failed, and the caller answers with the error's status and
/// closes the connection, so nothing left in the buffer can be read as a further request.
public struct RequestParser: Sendable {
    /// What one call to `parse(_:)` found.
    public enum Outcome: Sendable {
        /// More bytes are needed.
        case needMoreData
        /// A complete request.
        case request(Request)
        /// The request is rejected.
        case failure(HTTPParseError)
    }

    /// The parts of a request head that decide how its body is read.
    public struct Head: Sendable {
        public var request: Request
        /// Whether the client waits for `100 Continue` before it sends the body.
        public var expectsContinue: Bool
    }

    private enum State {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(size: Int)
        case failed(HTTPParseError)
    }

    public let limits: ParserLimits
    private var state: State = .head
    /// Bytes of the incomplete head already scanned for its end.
    private var scanned = 0
    /// Where the request line ended (index of its LF), once found.
    private var requestLineEnd: Int?
    private var headerLines = 0
    /// The head whose body is being read.
    public private(set) var pendingHead: Head?
    private var body: [UInt8] = []

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Whether the parser sits between requests, holding nothing of a partial one.
    public var isIdle: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// Whether a request head has been read and its body is still arriving.
    public var isReadingBody: Bool { pendingHead != nil }

    /// Parses from the start of `bytes`, the connection's unconsumed input.
    /// - Returns: how many bytes of `bytes` were consumed, and the outcome.
    public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (consumed: Int, outcome: Outcome) {
        var consumed = 0
        while true {
            let rest = UnsafeBufferPointer(rebasing: bytes[consumed...])
            switch state {
            case .failed(let error):
                return (consumed, .failure(error))
            case .head:
                switch scanHead(rest) {
                case .skip(let count):
                    consumed += count
                case .needMore:
                    return (consumed, .needMoreData)
                case .failure(let error):
                    return (consumed, fail(error))
                case .complete(let headLength):
                    let head = UnsafeBufferPointer(rebasing: rest[..<headLength])
                    consumed += headLength
                    resetHeadScan()
                    switch parseHead(head) {
                    case .failure(let error):
                        return (consumed, fail(error))
                    case .success(let (parsed, framing)):
                        switch framing {
                        case .none:
                            return (consumed, .request(parsed.request))
                        case .contentLength(let length):
                            pendingHead = parsed
                            body = []
                            body.reserveCapacity(length)
                            state = .fixedBody(remaining: length)
                        case .chunked:
                            pendingHead = parsed
                            body = []
                            state = .chunkSize
                        }
                    }
                }
            case .fixedBody(let remaining):
                let take = min(remaining, rest.count)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<take]))
                consumed += take
                if take == remaining { return (consumed, .request(finishBody())) }
                state = .fixedBody(remaining: remaining - take)
                return (consumed, .needMoreData)
            case .chunkSize:
                guard let lineEnd = findLineEnd(rest, limit: limits.maxChunkLineLength) else {
                    // A line of the longest length may have its CR here without its LF yet.
                    if rest.count > limits.maxChunkLineLength + 1 {
                        return (consumed, fail(.malformed("Chunk-size line longer than \(limits.maxChunkLineLength) bytes.")))
                    }
                    return (consumed, .needMoreData)
                }
                switch lineEnd {
                case .failure(let error): return (consumed, fail(error))
                case .success(let end):
                    let line = UnsafeBufferPointer(rebasing: rest[..<(end - 1)])
                    consumed += end + 1
                    switch parseChunkSize(line) {
                    case .failure(let error): return (consumed, fail(error))
                    case .success(let size):
                        let limit = limits.maxBodySize(forPath: pendingHead?.request.path ?? "")
                        if size > limit - body.count {
                            return (consumed, fail(HTTPParseError(.contentTooLarge, "content-too-large",
                                "The request body exceeds the limit of \(limit) bytes.")))
                        }
                        state = size == 0 ? .trailers(size: 0) : .chunkData(remaining: size)
                    }
                }
            case .chunkData(let remaining):
                let take = min(remaining, rest.count)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: rest[..<take]))
                consumed += take
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return (consumed, .needMoreData)
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard rest.count >= 2 else {
                    if rest.count == 1 && rest[0] != UInt8(ascii: "\r") {
                        return (consumed, fail(.malformed("Chunk data is not followed by CRLF.")))
                    }
                    return (consumed, .needMoreData)
                }
                guard rest[0] == UInt8(ascii: "\r"), rest[1] == UInt8(ascii: "\n") else {
                    return (consumed, fail(.malformed("Chunk data is not followed by CRLF.")))
                }
                consumed += 2
                state = .chunkSize
            case .trailers(let size):
                // The longest next field line that still fits with its CRLF; the final empty line always fits.
                let lineLimit = max(limits.maxTrailerSectionSize - size - 2, 0)
                guard let lineEnd = findLineEnd(rest, limit: lineLimit) else {
                    if rest.count > lineLimit + 1 {
                        return (consumed, fail(HTTPParseError(.requestHeaderFieldsTooLarge, "header-fields-too-large",
                            "The trailer section exceeds \(limits.maxTrailerSectionSize) bytes.")))
                    }
                    return (consumed, .needMoreData)
                }
                switch lineEnd {
                case .failure(let error): return (consumed, fail(error))
                case .success(let end):
                    let line = UnsafeBufferPointer(rebasing: rest[..<(end - 1)])
                    consumed += end + 1
                    if line.isEmpty { return (consumed, .request(finishBody())) }
                    if case .failure(let error) = parseFieldLine(line) { return (consumed, fail(error)) }
                    state = .trailers(size: size + end + 1)
                }
            }
        }
    }

    // MARK: - Head

    private enum HeadScan {
        /// Empty lines before a request line, to be consumed.
        case skip(Int)
        case needMore
        case complete(length: Int)
        case failure(HTTPParseError)
    }

    private mutating func resetHeadScan() {
        scanned = 0
        requestLineEnd = nil
        headerLines = 0
    }

    /// Scans for the empty line that ends the head, rejecting bare CR or LF and enforcing size limits
    /// as soon as they are exceeded, before the head is complete.
    private mutating func scanHead(_ bytes: UnsafeBufferPointer<UInt8>) -> HeadScan {
        // RFC 9112, 2.2: ignore empty lines received before the request line.
        if scanned == 0 {
            var skipped = 0
            while skipped + 1 < bytes.count, bytes[skipped] == UInt8(ascii: "\r"), bytes[skipped + 1] == UInt8(ascii: "\n") {
                skipped += 2
            }
            if skipped > 0 { return .skip(skipped) }
            // A lone CR may start such an empty line: wait for the byte after it before scanning.
            if bytes.count == 1, bytes[0] == UInt8(ascii: "\r") { return .needMore }
        }
        var index = scanned
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                guard index > 0, bytes[index - 1] == UInt8(ascii: "\r") else {
                    return .failure(.malformed("A line ends with a bare LF; lines must end with CRLF."))
                }
                if let lineEnd = requestLineEnd {
                    let lineStartsAtCR = index >= 3 && bytes[index - 2] == UInt8(ascii: "\n")
                        && index - 2 >= lineEnd
                    if lineStartsAtCR {
                        return .complete(length: index + 1)
                    }
                    headerLines += 1
                    if headerLines > limits.maxHeaderCount {
                        return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "header-fields-too-large",
                            "More than \(limits.maxHeaderCount) header fields."))
                    }
                } else {
                    if index == 1 {
                        return .failure(.malformed("The request line is empty."))
                    }
                    requestLineEnd = index
                }
            } else if index > 0, bytes[index - 1] == UInt8(ascii: "\r") {
                // Checked from the byte after the CR, so a CR that ended the previous scan is checked too.
                return .failure(.malformed("A bare CR appears in the request head."))
            }
            if let lineEnd = requestLineEnd {
                if index - lineEnd > limits.maxHeaderSectionSize {
                    return .failure(HTTPParseError(.requestHeaderFieldsTooLarge, "header-fields-too-large",
                        "The header section exceeds \(limits.maxHeaderSectionSize) bytes."))
                }
            } else if index > limits.maxRequestLineLength {
                // Index `maxRequestLineLength` may still hold the CR of a request line of the longest length.
                return .failure(HTTPParseError(.uriTooLong, "uri-too-long",
                    "The request line exceeds \(limits.maxRequestLineLength) bytes."))
            }
            index += 1
        }
        scanned = index
        return .needMore
    }

    private enum Framing {
        case none
        case contentLength(Int)
        case chunked
    }

    private func parseHead(_ head: UnsafeBufferPointer<UInt8>) -> Result<(Head, Framing), HTTPParseError> {
        // Skip the empty lines that scanHead allowed before the request line.
        var start = 0
        while start + 1 < head.count, head[start] == UInt8(ascii: "\r"), head[start + 1] == UInt8(ascii: "\n") {
            start += 2
        }
        guard let firstLF = head[start...].firstIndex(of: UInt8(ascii: "\n")) else {
            return .failure(.malformed("The request head has no request line."))
        }
        let requestLine = UnsafeBufferPointer(rebasing: head[start..<(firstLF - 1)])
        let method: HTTPMethod, target: String, version: HTTPVersion
        switch parseRequestLine(requestLine) {
        case .failure(let error): return .failure(error)
        case .success(let parts): (method, target, version) = parts
        }

        var headers = HTTPHeaders()
        var lineStart = firstLF + 1
        let headEnd = head.count - 2  // the final empty line
        while lineStart < headEnd {
            guard let lf = head[lineStart..<head.count].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let line = UnsafeBufferPointer(rebasing: head[lineStart..<(lf - 1)])
            switch parseFieldLine(line) {
            case .failure(let error): return .failure(error)
            case .success(let field): headers.add(field.name, field.value)
            }
            lineStart = lf + 1
        }

        var request = Request(method: method, target: target, version: version, headers: headers)
        return validateSemantics(&request).map { framing, expectsContinue in
            (Head(request: request, expectsContinue: expectsContinue), framing)
        }
    }

    private func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Result<(HTTPMethod, String, HTTPVersion), HTTPParseError> {
        guard let firstSpace = line.firstIndex(of: UInt8(ascii: " ")) else {
            return .failure(.malformed("The request line is not `method SP request-target SP HTTP-version`."))
        }
        guard let secondSpace = line[(firstSpace + 1)...].firstIndex(of: UInt8(ascii: " ")) else {
            return .failure(.malformed("The request line has no HTTP version."))
        }
        let methodBytes = UnsafeBufferPointer(rebasing: line[..<firstSpace])
        let targetBytes = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)..<secondSpace])
        let versionBytes = UnsafeBufferPointer(rebasing: line[(secondSpace + 1)...])

        guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPSyntax.isTokenByte) else {
            return .failure(.malformed("The method is not a token."))
        }
        guard !targetBytes.isEmpty else {
            return .failure(.malformed("The request target is empty (or separated by more than one space)."))
        }
        guard targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.malformed("The request target contains whitespace, control or non-ASCII bytes."))
        }
        let version: HTTPVersion
        switch parseVersion(versionBytes) {
        case .failure(let error): return .failure(error)
        case .success(let parsed): version = parsed
        }

        let method = HTTPSyntax.method(methodBytes)
        let target = String(decoding: targetBytes, as: UTF8.self)
        if method == .connect {
            return .failure(HTTPParseError(.notImplemented, "not-implemented", "CONNECT is not supported."))
        }
        if targetBytes[0] == UInt8(ascii: "/") {
            return .success((method, target, version))
        }
        if target == "*" {
            guard method == .options else {
                return .failure(.malformed("The asterisk-form target is only allowed with OPTIONS."))
            }
            return .success((method, target, version))
        }
        let lowered = target.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let authority = lowered.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.isEmpty else {
                return .failure(.malformed("The absolute-form target has no authority."))
            }
            return .success((method, target, version))
        }
        return .failure(.malformed("The request target is neither origin-form nor absolute-form."))
    }

    private func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<HTTPVersion, HTTPParseError> {
        let prefix = Array("HTTP/".utf8)
        guard bytes.count == 8, Array(bytes[0..<5]) == prefix,
              HTTPSyntax.isDigit(bytes[5]), bytes[6] == UInt8(ascii: "."), HTTPSyntax.isDigit(bytes[7]) else {
            return .failure(.malformed("The HTTP version is malformed."))
        }
        switch (bytes[5], bytes[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .success(.http1_1)
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .success(.http1_0)
        default:
            return .failure(HTTPParseError(.httpVersionNotSupported, "http-version-not-supported",
                "Only HTTP/1.0 and HTTP/1.1 are supported."))
        }
    }

    /// Parses `name: value` (RFC 9112, 5): a token name, no whitespace before the colon, no obs-fold,
    /// and a value of visible characters, spaces, tabs and obs-text only.
    private func parseFieldLine(_ line: UnsafeBufferPointer<UInt8>) -> Result<(name: String, value: String), HTTPParseError> {
        guard let first = line.first else {
            return .failure(.malformed("An empty header line."))
        }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            return .failure(.malformed("Obsolete line folding (obs-fold) is not accepted."))
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.malformed("A header line has no colon."))
        }
        let nameBytes = UnsafeBufferPointer(rebasing: line[..<colon])
        guard !nameBytes.isEmpty else {
            return .failure(.malformed("A header field name is empty."))
        }
        if let last = nameBytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            return .failure(.malformed("Whitespace between a header field name and the colon is not allowed."))
        }
        guard nameBytes.allSatisfy(HTTPSyntax.isTokenByte) else {
            return .failure(.malformed("A header field name is not a token."))
        }
        var valueStart = colon + 1, valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == UInt8(ascii: " ") || line[valueStart] == UInt8(ascii: "\t") {
            valueStart += 1
        }
        while valueEnd > valueStart, line[valueEnd - 1] == UInt8(ascii: " ") || line[valueEnd - 1] == UInt8(ascii: "\t") {
            valueEnd -= 1
        }
        let valueBytes = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
        guard valueBytes.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            return .failure(.malformed("A header field value contains CR, LF, NUL or another control character."))
        }
        return .success((HTTPSyntax.fieldName(nameBytes), String(decoding: valueBytes, as: UTF8.self)))
    }

    /// Checks Host, framing and expectations (RFC 9112, 3.2 and 6; RFC 9110, 10.1.1).
    private func validateSemantics(_ request: inout Request) -> Result<(Framing, Bool), HTTPParseError> {
        let headers = request.headers
        let hosts = headers.values(for: "Host")
        if request.version == .http1_1 && hosts.isEmpty {
            return .failure(.malformed("HTTP/1.1 requests must carry a Host header field."))
        }
        if hosts.count > 1 {
            return .failure(.malformed("More than one Host header field."))
        }
        if let host = hosts.first, !host.utf8.allSatisfy(HTTPSyntax.isHostByte) {
            return .failure(.malformed("The Host header field is not a valid host."))
        }

        let transferCodings = headers.listElements(for: "Transfer-Encoding")
        let hasTransferEncoding = headers.contains("Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        var framing = Framing.none
        let bodyLimit = limits.maxBodySize(forPath: request.path)
        if hasTransferEncoding {
            if !contentLengths.isEmpty {
                return .failure(.malformed("Both Transfer-Encoding and Content-Length are present."))
            }
            if request.version == .http1_0 {
                return .failure(.malformed("Transfer-Encoding is not allowed in an HTTP/1.0 request."))
            }
            if let unsupported = transferCodings.first(where: { !$0.equalsIgnoringASCIICase("chunked") }) {
                return .failure(HTTPParseError(.notImplemented, "not-implemented",
                    "The transfer coding `\(unsupported)` is not supported; only chunked is."))
            }
            guard transferCodings.count == 1 else {
                return .failure(.malformed("Transfer-Encoding must name chunked exactly once."))
            }
            framing = .chunked
        } else if !contentLengths.isEmpty {
            var length: Int?
            for line in contentLengths {
                for element in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let trimmed = element.trimmingHTTPWhitespace()
                    guard !trimmed.isEmpty, trimmed.utf8.allSatisfy(HTTPSyntax.isDigit) else {
                        return .failure(.malformed("Content-Length must be digits only."))
                    }
                    let significant = trimmed.drop { $0 == "0" }
                    guard significant.utf8.count <= 18, let value = Int(significant.isEmpty ? "0" : significant) else {
                        return .failure(HTTPParseError(.contentTooLarge, "content-too-large",
                            "The request body exceeds the limit of \(bodyLimit) bytes."))
                    }
                    if let length, length != value {
                        return .failure(.malformed("Content-Length values differ."))
                    }
                    length = value
                }
            }
            let value = length ?? 0
            if value > bodyLimit {
                return .failure(HTTPParseError(.contentTooLarge, "content-too-large",
                    "The request body of \(value) bytes exceeds the limit of \(bodyLimit) bytes."))
            }
            if value > 0 { framing = .contentLength(value) }
        }

        var expectsContinue = false
        for expectation in headers.listElements(for: "Expect") {
            if expectation.equalsIgnoringASCIICase("100-continue") {
                expectsContinue = request.version == .http1_1
            } else {
                return .failure(HTTPParseError(.expectationFailed, "expectation-failed",
                    "The expectation `\(expectation)` is not supported."))
            }
        }
        if case .none = framing { expectsContinue = false }
        return .success((framing, expectsContinue))
    }

    // MARK: - Chunked body

    /// Finds the LF ending a CRLF line within `limit` bytes; a bare LF is an error.
    private func findLineEnd(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Result<Int, HTTPParseError>? {
        let end = min(bytes.count, max(limit, 0) + 2)
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                guard index > 0, bytes[index - 1] == UInt8(ascii: "\r") else {
                    return .failure(.malformed("A line ends with a bare LF; lines must end with CRLF."))
                }
                return .success(index)
            }
            // Only within the window: a CR in its last byte belongs to a line that is too long anyway,
            // and the outcome must not depend on whether the byte after the window has arrived yet.
            if byte == UInt8(ascii: "\r"), index + 1 < end, bytes[index + 1] != UInt8(ascii: "\n") {
                return .failure(.malformed("A bare CR appears in a chunked body line."))
            }
            index += 1
        }
        return nil
    }

    /// Parses `chunk-size [ chunk-ext ]` (RFC 9112, 7.1): strict hex, overflow guarded, extensions checked.
    private func parseChunkSize(_ line: UnsafeBufferPointer<UInt8>) -> Result<Int, HTTPParseError> {
        var index = 0
        var size = 0
        while index < line.count, let digit = PercentEncoding.hexValue(line[index]) {
            guard size <= (Int.max >> 4) - 1, index < 16 else {
                return .failure(HTTPParseError(.contentTooLarge, "content-too-large", "A chunk size overflows."))
            }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > 0 else {
            return .failure(.malformed("A chunk size is not a hexadecimal number."))
        }
        let extensions = UnsafeBufferPointer(rebasing: line[index...])
        guard isValidChunkExtensions(extensions) else {
            return .failure(.malformed("A chunk extension is malformed."))
        }
        return .success(size)
    }

    /// `*( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )` with ext-val a token or quoted-string.
    private func isValidChunkExtensions(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func skipWhitespace() {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        }
        func token() -> Bool {
            let start = index
            while index < bytes.count, HTTPSyntax.isTokenByte(bytes[index]) { index += 1 }
            return index > start
        }
        func quotedString() -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return false }
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { index += 1; return true }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count, HTTPSyntax.isFieldValueByte(bytes[index]) else { return false }
                } else if !HTTPSyntax.isFieldValueByte(byte) {
                    return false
                }
                index += 1
            }
            return false
        }
        while true {
            skipWhitespace()
            if index == bytes.count { return true }
            guard bytes[index] == UInt8(ascii: ";") else { return false }
            index += 1
            skipWhitespace()
            guard token() else { return false }
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                skipWhitespace()
                guard token() || quotedString() else { return false }
            }
        }
    }

    // MARK: - Completion

    private mutating func finishBody() -> Request {
        var request = pendingHead?.request ?? Request(method: .get, target: "/")
        request.body = body
        body = []
        pendingHead = nil
        state = .head
        return request
    }

    private mutating func fail(_ error: HTTPParseError) -> Outcome {
        state = .failed(error)
        pendingHead = nil
        return .failure(error)
    }
}
