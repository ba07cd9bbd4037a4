/// Writes the head of a response (RFC 9112, section 4 and 5): the status line and the field lines.
///
/// A handler's fields go out as it set them, but for those the server sets itself (framing, `Connection`,
/// `Date`, `Server`, `X-Request-Id`) and any whose name is not a token or whose value holds CR, LF or NUL,
/// which would split the response.
enum ResponseHead {
    /// Appends the status line, the response's own fields and `Server` (when named).
    static func appendStatusAndFields(of response: Response, serverName: String?, to bytes: inout [UInt8]) {
        let status = response.status
        bytes.append(contentsOf: "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
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
    static func appendContentLength(_ length: Int, to bytes: inout [UInt8]) {
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

    /// Whether a handler's field may go out as it is.
    static func isSendable(_ field: (name: String, value: String)) -> Bool {
        let name = field.name
        if name.equalsIgnoringASCIICase("Content-Length") || name.equalsIgnoringASCIICase("Transfer-Encoding")
            || name.equalsIgnoringASCIICase("Connection") || name.equalsIgnoringASCIICase("Date")
            || name.equalsIgnoringASCIICase("X-Request-Id") || name.equalsIgnoringASCIICase("Server") {
            return false
        }
        return !name.isEmpty && name.utf8.allSatisfy(HTTPSyntax.isTokenByte)
            && field.value.utf8.allSatisfy(HTTPSyntax.isFieldValueByte)
    }
}
