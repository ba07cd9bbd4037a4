/// Writes a response (RFC 9112, sections 4 to 6): the one place where every response the server sends,
/// from a handler, from the response cache or refusing a connection, becomes bytes.
///
/// A head has two parts: the stored part (status line, the response's fields, `Server` and the framing),
/// which does not depend on the request and which the response cache keeps, and the fields of the exchange
/// (`Age`, `Date`, `X-Request-Id`, `Connection`).
///
/// A handler's fields go out as it set them, but for those the server sets itself (framing, `Connection`,
/// `Date`, `Server`, `X-Request-Id`) and any whose name is not a token or whose value holds CR, LF or NUL,
/// which would split the response.
enum ResponseHead {
    /// The bytes of `response`, its stored part taken from `storedHead` when given.
    static func serialize(
        _ response: Response, storedHead: [UInt8]?, serverName: String?, sendsBody: Bool, age: Int64?,
        date: [UInt8], requestID: String?, keepAlive: Bool, version: HTTPVersion
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((storedHead?.count ?? 256 + response.headers.count * 32) + 160
                              + (sendsBody ? response.body.count : 0))
        if let storedHead {
            bytes.append(contentsOf: storedHead)
        } else {
            appendStoredPart(of: response, serverName: serverName, to: &bytes)
        }
        appendExchangeFields(age: age, date: date, requestID: requestID, keepAlive: keepAlive, version: version, to: &bytes)
        if sendsBody { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// The head of a streamed response: its body follows in chunks (`chunked`) or runs to the end of the
    /// connection, and the head says neither `Content-Length` nor an age.
    static func serializeStreamed(
        _ response: Response, serverName: String?, date: [UInt8], requestID: String?, keepAlive: Bool,
        chunked: Bool, version: HTTPVersion
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + response.headers.count * 32)
        appendStatusAndFields(of: response, serverName: serverName, to: &bytes)
        if chunked { bytes.append(contentsOf: transferEncodingChunked) }
        appendExchangeFields(age: nil, date: date, requestID: requestID, keepAlive: keepAlive, version: version, to: &bytes)
        return bytes
    }

    /// Appends `Age`, `Date`, `X-Request-Id`, `Connection` and the blank line that ends the head.
    private static func appendExchangeFields(
        age: Int64?, date: [UInt8], requestID: String?, keepAlive: Bool, version: HTTPVersion, to bytes: inout [UInt8]
    ) {
        if let age { appendField(agePrefix, String(age).utf8, to: &bytes) }
        appendField(datePrefix, date, to: &bytes)
        if let requestID { appendField(requestIDPrefix, requestID.utf8, to: &bytes) }
        if !keepAlive {
            bytes.append(contentsOf: connectionClose)
        } else if version == .http1_0 {
            // An HTTP/1.0 client that asked to keep the connection is told it is kept.
            bytes.append(contentsOf: connectionKeepAlive)
        }
        bytes.append(contentsOf: crlf)
    }

    /// Appends the status line, the response's own fields, `Server` (when named) and `Content-Length`.
    static func appendStoredPart(of response: Response, serverName: String?, to bytes: inout [UInt8]) {
        appendStatusAndFields(of: response, serverName: serverName, to: &bytes)
        if response.status.permitsBody {
            appendContentLength(response.body.count, to: &bytes)
        } else if response.status.code == 304, let length = response.headers["Content-Length"] {
            // A 304 may say the length of the representation it stands for.
            appendField(contentLengthPrefix, length.utf8, to: &bytes)
        }
    }

    /// Appends the status line, the response's own fields and `Server` (when named).
    private static func appendStatusAndFields(of response: Response, serverName: String?, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: response.status.statusLine)
        for field in response.headers where isSendable(field) {
            bytes.append(contentsOf: field.name.utf8)
            bytes.append(contentsOf: colonSpace)
            bytes.append(contentsOf: field.value.utf8)
            bytes.append(contentsOf: crlf)
        }
        if let serverName {
            bytes.append(contentsOf: serverPrefix)
            bytes.append(contentsOf: serverName.utf8)
            bytes.append(contentsOf: crlf)
        }
    }

    /// Appends `Content-Length: length`.
    private static func appendContentLength(_ length: Int, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: contentLengthPrefix)
        bytes.append(contentsOf: String(length).utf8)
        bytes.append(contentsOf: crlf)
    }

    /// Appends `name: value` for a field the server sets itself (its name and value are known to be valid).
    static func appendField(_ prefix: [UInt8], _ value: some Sequence<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: prefix)
        bytes.append(contentsOf: value)
        bytes.append(contentsOf: crlf)
    }

    static let colonSpace = Array(": ".utf8)
    static let crlf = Array("\r\n".utf8)
    static let serverPrefix = Array("Server: ".utf8)
    static let datePrefix = Array("Date: ".utf8)
    static let agePrefix = Array("Age: ".utf8)
    static let requestIDPrefix = Array("X-Request-Id: ".utf8)
    static let contentLengthPrefix = Array("Content-Length: ".utf8)
    static let connectionClose = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
    static let transferEncodingChunked = Array("Transfer-Encoding: chunked\r\n".utf8)

    /// Whether a handler's field may go out as it is: not one of the fields the server writes itself, a token
    /// for a name and field-value bytes for a value. Runs for every field of every response, so the bytes are
    /// read in place and a name is compared only with the server's names of its length.
    static func isSendable(_ field: (name: String, value: String)) -> Bool {
        var name = field.name, value = field.value
        let reserved: String? = switch name.utf8.count {
        case 4: "Date"
        case 6: "Server"
        case 10: "Connection"
        case 12: "X-Request-Id"
        case 14: "Content-Length"
        case 17: "Transfer-Encoding"
        default: nil
        }
        if let reserved, name.equalsIgnoringASCIICase(reserved) { return false }
        let validName = name.withUTF8 { bytes in
            !bytes.isEmpty && bytes.allSatisfy(HTTPSyntax.isTokenByte)
        }
        return validName && value.withUTF8 { $0.allSatisfy(HTTPSyntax.isFieldValueByte) }
    }
}
