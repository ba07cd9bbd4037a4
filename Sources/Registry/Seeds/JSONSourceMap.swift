/// The line of every value of a JSON text, keyed by its path (`partnerships[2].parties[0].organisation`).
///
/// A small JSON scanner: it checks the syntax (reporting the line of the first error) and records where
/// each value starts, so that a decoding or validation error can name the line of the offending value.
public struct JSONSourceMap: Sendable {
    /// A syntax error: its 1-based line and what is wrong.
    public struct SyntaxError: Error, Sendable, Equatable {
        public var line: Int
        public var message: String
    }

    private var lines: [String: Int] = [:]

    /// Scans `text`; throws ``SyntaxError`` when it is not valid JSON.
    public init(text: String) throws(SyntaxError) {
        var scanner = Scanner(bytes: Array(text.utf8))
        try scanner.skipWhitespace()
        try scanner.value(path: "", into: &lines)
        try scanner.skipWhitespace()
        if scanner.index < scanner.bytes.count {
            throw SyntaxError(line: scanner.line, message: "unexpected text after the JSON value")
        }
    }

    /// The line of the value at `path`, or of its nearest enclosing value.
    public func line(of path: String) -> Int {
        var current = path
        while true {
            if let line = lines[current] { return line }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return lines[""] ?? 1 }
            current = String(current[..<cut])
        }
    }

    /// The path of a coding path, in the form `line(of:)` expects.
    public static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func skipWhitespace() throws(SyntaxError) {
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\n"): line += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
                default: return
                }
                index += 1
            }
        }

        func fail(_ message: String) -> SyntaxError {
            SyntaxError(line: line, message: message)
        }

        mutating func value(path: String, into lines: inout [String: Int]) throws(SyntaxError) {
            guard index < bytes.count else { throw fail("unexpected end of the file") }
            lines[path] = line
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(path: path, into: &lines)
            case UInt8(ascii: "["): try array(path: path, into: &lines)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
            }
        }

        mutating func object(path: String, into lines: inout [String: Int]) throws(SyntaxError) {
            index += 1
            try skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            var seen: Set<String> = []
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                let key = try string()
                if !seen.insert(key).inserted { throw fail("the key \"\(key)\" appears twice in this object") }
                try skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after \"\(key)\"") }
                index += 1
                try skipWhitespace()
                try value(path: path.isEmpty ? key : path + "." + key, into: &lines)
                try skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of the file in an object") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    try skipWhitespace()
                    continue
                }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(path: String, into lines: inout [String: Int]) throws(SyntaxError) {
            index += 1
            try skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            var position = 0
            while true {
                try value(path: path + "[\(position)]", into: &lines)
                position += 1
                try skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of the file in an array") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    try skipWhitespace()
                    continue
                }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            index += 1
            var raw: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: raw, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count else { throw fail("unterminated escape") }
                    raw.append(byte)
                    raw.append(bytes[index + 1])
                    index += 2
                case UInt8(ascii: "\n"):
                    throw fail("a line break inside a string (write \\n)")
                case 0..<0x20:
                    throw fail("a control character inside a string")
                default:
                    raw.append(byte)
                    index += 1
                }
            }
            throw fail("unterminated string")
        }

        mutating func literal(_ word: String) throws(SyntaxError) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected else {
                throw fail("expected '\(word)'")
            }
            index += expected.count
        }

        mutating func number() throws(SyntaxError) {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            let allowed = Set("0123456789.eE+-".utf8)
            while index < bytes.count, allowed.contains(bytes[index]) { index += 1 }
            let digits = bytes[start..<index].filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            if digits.isEmpty { throw fail("a malformed number") }
        }
    }
}
