import Locking

/// Rewrites a record's JSON as the store keeps it (Foundation's `JSONEncoder` with sorted keys: camelCase
/// property names) into the API's form (the same encoder with snake_case property names), without decoding
/// it into the record's type and encoding it again, which costs ten times as much.
///
/// Strings and numbers are copied as they are: both encoders write them alike. Property names are
/// converted with ``SnakeCase`` and objects re-sorted by the converted names (UTF-8 byte order, as the
/// encoder sorts); the keys of dictionaries (the objects under ``dictionaryProperties``) are kept, as the
/// encoder keeps them.
public enum StoredJSON {
    /// Record properties that are dictionaries keyed by data (language codes), not property names.
    public static let dictionaryProperties: Set<String> = ["names", "titles", "labels"]

    private static let dictionaryPropertyBytes = dictionaryProperties.map { Array($0.utf8) }

    /// What went wrong reading stored JSON.
    public struct Malformed: Error, CustomStringConvertible {
        public var offset: Int

        public init(offset: Int) {
            self.offset = offset
        }

        public var description: String { "stored JSON is malformed at byte \(offset)" }
    }

    /// The record's JSON as it is stored to be served (``RegistryStore/servedRecord(_:id:language:)``): how the
    /// writer renders every record it stores, and what reads copy to clients.
    public static func served(_ record: some RegistryRecord) throws -> String {
        try storedForms(record).served
    }

    /// The record's JSON as stored in `data` (camelCase, read back into the record) and as served.
    static func storedForms(_ record: some RegistryRecord) throws -> (data: String, served: String) {
        let data = try RecordWriter.encode(record)
        return (data, try served(fromStored: data))
    }

    /// The served form of JSON stored in `data`.
    static func served(fromStored data: String) throws -> String {
        String(decoding: try apiForm(data.utf8), as: UTF8.self)
    }

    /// The API form of `json`; throws ``Malformed`` when it is not JSON.
    public static func apiForm(_ json: some Collection<UInt8>) throws -> [UInt8] {
        let bytes = Array(json)
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        try reader.copyValue(to: &output, keepKeys: false)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw Malformed(offset: reader.position) }
        return output
    }

    /// Converted property names, by stored name: models have few, and each is converted once.
    private static let convertedNames = Mutex<[[UInt8]: [UInt8]]>([:])

    /// Appends the converted property name: a name of ASCII without capitals or escapes is its own conversion,
    /// and is copied without a lookup.
    static func appendConverted(_ name: ArraySlice<UInt8>, to output: inout [UInt8]) {
        if name.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) && $0 != UInt8(ascii: "\\") }) {
            output.append(contentsOf: name)
        } else {
            output.append(contentsOf: converted(name))
        }
    }

    static func converted(_ name: ArraySlice<UInt8>) -> [UInt8] {
        let key = Array(name)
        if let known = convertedNames.withLock({ $0[key] }) { return known }
        // Names with escapes are not property names: keep them.
        let converted = name.contains(UInt8(ascii: "\\")) ? key : Array(SnakeCase.convert(String(decoding: name, as: UTF8.self)).utf8)
        convertedNames.withLock { names in
            if names.count < 10_000 { names[key] = converted }
        }
        return converted
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        }

        static func endsScalar(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || isWhitespace(byte)
        }

        mutating func skipWhitespace() {
            while position < bytes.count, Reader.isWhitespace(bytes[position]) { position += 1 }
        }

        /// Copies the value at `position` to `output`; `keepKeys` when it is a dictionary's value.
        mutating func copyValue(to output: inout [UInt8], keepKeys: Bool) throws {
            guard position < bytes.count else { throw Malformed(offset: position) }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                try copyObject(to: &output, keepKeys: keepKeys)
            case UInt8(ascii: "["):
                position += 1
                output.append(UInt8(ascii: "["))
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    output.append(UInt8(ascii: "]"))
                    return
                }
                while true {
                    skipWhitespace()
                    try copyValue(to: &output, keepKeys: false)
                    skipWhitespace()
                    guard position < bytes.count else { throw Malformed(offset: position) }
                    let separator = bytes[position]
                    position += 1
                    output.append(separator)
                    if separator == UInt8(ascii: "]") { return }
                    guard separator == UInt8(ascii: ",") else { throw Malformed(offset: position - 1) }
                }
            case UInt8(ascii: "\""):
                let string = try stringRange()
                output.append(contentsOf: bytes[string])
            default:
                // A number, true, false or null: up to the next delimiter.
                let start = position
                while position < bytes.count, !Reader.endsScalar(bytes[position]) { position += 1 }
                guard position > start else { throw Malformed(offset: start) }
                output.append(contentsOf: bytes[start..<position])
            }
        }

        /// Reads an object and writes it with converted (unless `keepKeys`) and re-sorted keys. The members are
        /// written as they come, and moved only when their converted keys are not in order already: stored keys
        /// are sorted, and most convert to keys in the same order.
        mutating func copyObject(to output: inout [UInt8], keepKeys: Bool) throws {
            position += 1
            output.append(UInt8(ascii: "{"))
            let firstMember = output.count
            // Each member's key (its converted bytes) and the whole member (key, colon and value), in `output`.
            var members: [(key: Range<Int>, member: Range<Int>)] = []
            var inOrder = true
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
            } else {
                while true {
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Malformed(offset: position) }
                    let quoted = try stringRange()
                    let name = bytes[(quoted.lowerBound + 1)..<(quoted.upperBound - 1)]
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Malformed(offset: position) }
                    position += 1
                    skipWhitespace()
                    if !members.isEmpty { output.append(UInt8(ascii: ",")) }
                    let memberStart = output.count
                    output.append(UInt8(ascii: "\""))
                    if keepKeys { output.append(contentsOf: name) } else { StoredJSON.appendConverted(name, to: &output) }
                    let key = (memberStart + 1)..<output.count
                    output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
                    let isDictionary = !keepKeys && StoredJSON.dictionaryPropertyBytes.contains { $0.elementsEqual(name) }
                    try copyValue(to: &output, keepKeys: isDictionary)
                    if let last = members.last, !output[last.key].lexicographicallyPrecedes(output[key]) { inOrder = false }
                    members.append((key, memberStart..<output.count))
                    skipWhitespace()
                    guard position < bytes.count else { throw Malformed(offset: position) }
                    let separator = bytes[position]
                    position += 1
                    if separator == UInt8(ascii: "}") { break }
                    guard separator == UInt8(ascii: ",") else { throw Malformed(offset: position - 1) }
                }
            }
            if !inOrder {
                // Sorted as before this object was written in place, so that equal keys keep the order they had.
                let written = Array(output[firstMember...])
                var sorted = members.map { (key: Array(written[($0.key.lowerBound - firstMember)..<($0.key.upperBound - firstMember)]),
                                            member: ($0.member.lowerBound - firstMember)..<($0.member.upperBound - firstMember)) }
                sorted.sort { $0.key.lexicographicallyPrecedes($1.key) }
                output.removeSubrange(firstMember...)
                for (index, member) in sorted.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    output.append(contentsOf: written[member.member])
                }
            }
            output.append(UInt8(ascii: "}"))
        }

        /// The range of the string token at `position`, quotes included; moves past it.
        mutating func stringRange() throws -> Range<Int> {
            let start = position
            position += 1
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<position
                default: position += 1
                }
            }
            throw Malformed(offset: start)
        }
    }
}
