/// Reads the JSON objects of a list's entries into the cells of its CSV table, without decoding them into
/// values first: the names and texts ``CSVTable`` gives them.
///
/// Nested objects give cells named with `.` (`total_budget.amount`); an array of plain values gives one cell
/// of them joined with `;`, an array holding objects or arrays the cell `name.count`, an empty array none;
/// `evidence` is left out at every level. A string is its text, `null` the empty cell, a number its text as
/// an integer when it is one (and fits 64 bits), else as the shortest text of the nearest `Double`.
struct JSONCells {
    /// The JSON is not an object of the form the store serves.
    struct Malformed: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "malformed JSON at byte \(offset)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int

    /// Calls `cell` with the name and text of every cell of the object that `bytes` holds from `start`, and
    /// returns the index after the object.
    static func cells(of bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0,
                      _ cell: (String, String) -> Void) throws -> Int {
        var reader = JSONCells(bytes: bytes, position: start)
        reader.skipWhitespace()
        try reader.object(prefix: "", cell)
        return reader.position
    }

    /// Calls `entry` for every element of the JSON array `bytes` holds, with the cells of that element (an
    /// object) given to `cell`.
    static func cellsOfArray(_ bytes: UnsafeBufferPointer<UInt8>, entry: () -> Void,
                             cell: (String, String) -> Void) throws {
        var reader = JSONCells(bytes: bytes, position: 0)
        reader.skipWhitespace()
        try reader.expect(UInt8(ascii: "["))
        reader.skipWhitespace()
        if reader.peek() == UInt8(ascii: "]") {
            reader.position += 1
        } else {
            while true {
                entry()
                reader.skipWhitespace()
                try reader.object(prefix: "", cell)
                reader.skipWhitespace()
                if reader.peek() == UInt8(ascii: ",") {
                    reader.position += 1
                    continue
                }
                try reader.expect(UInt8(ascii: "]"))
                break
            }
        }
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw Malformed(offset: reader.position) }
    }

    // MARK: Values

    private mutating func object(prefix: String, _ cell: (String, String) -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            if key == "evidence" {
                try skipValue()
            } else {
                try member(prefix.isEmpty ? key : prefix + "." + key, cell)
            }
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    private mutating func member(_ name: String, _ cell: (String, String) -> Void) throws {
        switch peek() {
        case UInt8(ascii: "{"):
            try object(prefix: name, cell)
        case UInt8(ascii: "["):
            position += 1
            var texts: [String] = []
            var count = 0
            var plain = true
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return
            }
            while true {
                skipWhitespace()
                count += 1
                if let text = try plainValue() {
                    texts.append(text)
                } else {
                    plain = false
                    try skipValue()
                }
                skipWhitespace()
                if peek() == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                try expect(UInt8(ascii: "]"))
                break
            }
            if plain {
                cell(name, texts.joined(separator: ";"))
            } else {
                cell(name + ".count", String(count))
            }
        default:
            guard let text = try plainValue() else { throw Malformed(offset: position) }
            cell(name, text)
        }
    }

    /// The text of the plain value at the position, read past it; nil (nothing read) for an object or array.
    private mutating func plainValue() throws -> String? {
        switch peek() {
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return nil
        case UInt8(ascii: "n"):
            try literal("null")
            return ""
        case UInt8(ascii: "t"):
            try literal("true")
            return "true"
        case UInt8(ascii: "f"):
            try literal("false")
            return "false"
        default:
            return try number()
        }
    }

    private mutating func number() throws -> String {
        let start = position
        var integral = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || byte == UInt8(ascii: "+") {
                integral = false
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if integral, let integer = Int64(text) { return String(integer) }
        guard position > start, let double = Double(text) else { throw Malformed(offset: start) }
        return String(double)
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                position = start
                return try escapedString()
            }
            position += 1
        }
        throw Malformed(offset: start)
    }

    /// A string with escapes, from just after its opening quote.
    private mutating func escapedString() throws -> String {
        var scalars: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw Malformed(offset: position) }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hexQuad()
                    if (0xD800..<0xDC00).contains(value), position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else { throw Malformed(offset: position) }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    scalars.append(contentsOf: Array(String(scalar).utf8))
                default:
                    throw Malformed(offset: position - 1)
                }
            default:
                scalars.append(byte)
            }
        }
        throw Malformed(offset: position)
    }

    private mutating func hexQuad() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw Malformed(offset: position) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Malformed(offset: position)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Reads past the value at the position.
    private mutating func skipValue() throws {
        switch peek() {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    try skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return
                    }
                default:
                    break
                }
                position += 1
            }
            throw Malformed(offset: position)
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try plainValue()
        }
    }

    /// Reads past the string at the position without making it a `String`.
    private mutating func skipString() throws {
        let start = position
        try expect(UInt8(ascii: "\""))
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return
            }
            position += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        throw Malformed(offset: start)
    }

    // MARK: Bytes

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func expect(_ byte: UInt8) throws {
        guard position < bytes.count, bytes[position] == byte else { throw Malformed(offset: position) }
        position += 1
    }

    private mutating func literal(_ text: String) throws {
        for byte in text.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw Malformed(offset: position) }
            position += 1
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}
