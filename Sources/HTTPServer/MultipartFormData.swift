import CSystem
import Glibc

/// A `multipart/form-data` body (RFC 7578) split into its parts: how a client sends a file together with other
/// fields in one request (`curl -F file=@data.csv -F mapping=@mapping.json`).
///
/// The body is in memory already (the request's), so the parts are slices of it: no part is copied, and the
/// delimiters are found with `memmem`, which keeps a 64 MiB upload to one pass over its bytes. (SwiftNIO's
/// MultipartKit, the kept Swift parser, would bring SwiftNIO into a server built without it.)
public struct MultipartFormData: Sendable {
    /// One part: its field name, the file name and media type the client gave, and its bytes.
    public struct Part: Sendable {
        public var name: String
        public var fileName: String?
        public var contentType: String?
        public var body: ArraySlice<UInt8>
    }

    /// Why a body is not the multipart body its `Content-Type` says it is.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The parts, in the order they came.
    public var parts: [Part]

    /// The most parts a body may have, and the largest header section of one part: a form has a few fields.
    public static let maxParts = 16
    public static let maxPartHeaderBytes = 8_192

    /// The first part named `name`.
    public func part(named name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The `boundary` parameter of a `multipart/form-data` media type, nil for any other type or without one.
    public static func boundary(ofContentType contentType: String) -> String? {
        let pieces = Self.pieces(of: contentType)
        guard let type = pieces.first, type.trimmingCharacters(in: .whitespaces).lowercased() == "multipart/form-data" else {
            return nil
        }
        for parameter in pieces.dropFirst() {
            let (name, value) = Self.parameter(parameter)
            if name == "boundary", let value, (1...70).contains(value.utf8.count) { return value }
        }
        return nil
    }

    /// Splits `body` at the delimiters made from `boundary` (RFC 2046 §5.1.1); a preamble before the first and
    /// an epilogue after the last are ignored, as the RFC says.
    public init(parsing body: [UInt8], boundary: String) throws(Malformed) {
        let delimiter = Array(("\r\n--" + boundary).utf8)
        var parts: [Part] = []
        // The first delimiter may open the body without the line break before it.
        var position: Int
        if body.starts(with: delimiter.dropFirst(2)) {
            position = delimiter.count - 2
        } else if let first = Self.find(delimiter, in: body, from: 0) {
            position = first + delimiter.count
        } else {
            throw Malformed("the body has no part delimited by its boundary `\(boundary)`")
        }
        while true {
            // After a delimiter: `--` closes the body, else a line break opens a part (blanks allowed before either).
            while position < body.count, body[position] == UInt8(ascii: " ") || body[position] == UInt8(ascii: "\t") {
                position += 1
            }
            if body[position...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { break }
            guard body[position...].starts(with: [13, 10]) else {
                throw Malformed("a boundary delimiter is followed by neither a line break nor `--`")
            }
            position += 2
            guard parts.count < Self.maxParts else { throw Malformed("the body has more than \(Self.maxParts) parts") }
            guard let headersEnd = Self.find([13, 10, 13, 10], in: body, from: position - 2, within: Self.maxPartHeaderBytes + 4) else {
                throw Malformed("part \(parts.count + 1) has no end to its header section within \(Self.maxPartHeaderBytes) bytes")
            }
            let headerBytes = headersEnd > position ? body[position..<headersEnd] : []
            let bodyStart = headersEnd + 4
            guard let end = Self.find(delimiter, in: body, from: bodyStart) else {
                throw Malformed("part \(parts.count + 1) does not end with the boundary: the body is cut short")
            }
            parts.append(try Self.part(headers: headerBytes, body: body[bodyStart..<end], number: parts.count + 1))
            position = end + delimiter.count
            guard position < body.count else { throw Malformed("the body ends after a delimiter without the closing `--`") }
        }
        self.parts = parts
    }

    /// A part from its header section: `Content-Disposition: form-data; name="…"` is required.
    private static func part(headers: ArraySlice<UInt8>, body: ArraySlice<UInt8>, number: Int) throws(Malformed) -> Part {
        guard let text = String(validating: headers, as: UTF8.self) else {
            throw Malformed("part \(number): its header section is not UTF-8")
        }
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw Malformed("part \(number): a header line has no colon") }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch field {
            case "content-disposition":
                let pieces = Self.pieces(of: value)
                guard pieces.first?.trimmingCharacters(in: .whitespaces).lowercased() == "form-data" else {
                    throw Malformed("part \(number): Content-Disposition is not form-data")
                }
                for piece in pieces.dropFirst() {
                    let (key, parameter) = Self.parameter(piece)
                    if key == "name" { name = parameter }
                    if key == "filename" { fileName = parameter }
                }
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name, !name.isEmpty else { throw Malformed("part \(number) has no name in a Content-Disposition: form-data header") }
        return Part(name: name, fileName: fileName, contentType: contentType, body: body)
    }

    /// A header value split at the semicolons between its parameters, not those inside a quoted value
    /// (`filename="data;2024.csv"`).
    private static func pieces(of value: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = value.startIndex
        var quoted = false
        var escaped = false
        for index in value.indices {
            let character = value[index]
            if escaped {
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(value[start..<index])
                start = value.index(after: index)
            }
        }
        pieces.append(value[start...])
        return pieces
    }

    /// `name=value` or `name="quoted value"`, the name in lower case.
    private static func parameter(_ text: Substring) -> (name: String, value: String?) {
        guard let equals = text.firstIndex(of: "=") else { return (text.trimmingCharacters(in: .whitespaces).lowercased(), nil) }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let raw = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard raw.first == "\"", raw.count >= 2, raw.last == "\"" else { return (name, raw) }
        // A backslash escapes only a quote or a backslash (as curl writes them): a Windows path that a browser
        // sends as it is keeps its backslashes.
        var value = ""
        var characters = raw.dropFirst().dropLast()[...]
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.first, next == "\"" || next == "\\" {
                value.append(next)
                characters.removeFirst()
            } else {
                value.append(character)
            }
        }
        return (name, value)
    }

    /// Where `needle` first occurs in `haystack` at or after `start` (and, when `within` is given, ending no
    /// more than that many bytes after it).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int, within: Int? = nil) -> Int? {
        guard start >= 0, start < haystack.count else { return nil }
        let length = min(haystack.count - start, within ?? Int.max)
        return haystack.withUnsafeBytes { bytes in
            needle.withUnsafeBytes { pattern in
                guard let base = bytes.baseAddress, let found = memmem(base + start, length, pattern.baseAddress, pattern.count) else {
                    return nil
                }
                return base.distance(to: UnsafeRawPointer(found))
            }
        }
    }
}
