import HTTPServer
import JSONOutput
import Registry

/// A record in a list as JSON: its served JSON with its `label` and `link` added among its members in key
/// order, the bytes `JSONEncoder` writes for a ``ListEntry`` of the record, without decoding the record.
enum ListEntryJSON {
    /// The entry of `record`, whose JSON is an object with sorted keys and no whitespace between tokens.
    static func bytes(of record: ServedRecord, link: String) throws -> [UInt8] {
        let object = Array(record.json.utf8)
        var added = [(key: Array("label".utf8), value: quoted(record.label)), (key: Array("link".utf8), value: quoted(link))]
        var output: [UInt8] = []
        output.reserveCapacity(object.count + added[0].value.count + added[1].value.count + 20)
        guard object.first == UInt8(ascii: "{") else { throw StoredJSON.Malformed(offset: 0) }
        output.append(UInt8(ascii: "{"))
        var position = 1
        var first = true
        func append(_ member: (key: [UInt8], value: [UInt8])) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: member.key)
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            output.append(contentsOf: member.value)
        }
        if position < object.count, object[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                let key = try stringEnd(object, from: position)
                let name = object[(position + 1)..<(key - 1)]
                while let next = added.first, next.key.lexicographicallyPrecedes(name) {
                    append(next)
                    added.removeFirst()
                }
                guard key < object.count, object[key] == UInt8(ascii: ":") else { throw StoredJSON.Malformed(offset: key) }
                let end = try valueEnd(object, from: key + 1)
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                output.append(contentsOf: object[position..<end])
                guard end < object.count else { throw StoredJSON.Malformed(offset: end) }
                position = end + 1
                if object[end] == UInt8(ascii: "}") { break }
                guard object[end] == UInt8(ascii: ",") else { throw StoredJSON.Malformed(offset: end) }
            }
        }
        guard position == object.count else { throw StoredJSON.Malformed(offset: position) }
        added.forEach(append)
        output.append(UInt8(ascii: "}"))
        return output
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.string(text)
        return writer.bytes
    }

    /// The index after the string that starts at `start`.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) throws -> Int {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { throw StoredJSON.Malformed(offset: start) }
        var position = start + 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""): return position + 1
            default: position += 1
            }
        }
        throw StoredJSON.Malformed(offset: start)
    }

    /// The index after the value that starts at `start`.
    private static func valueEnd(_ bytes: [UInt8], from start: Int) throws -> Int {
        guard start < bytes.count else { throw StoredJSON.Malformed(offset: start) }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return try stringEnd(bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    position = try stringEnd(bytes, from: position)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default:
                    break
                }
                position += 1
            }
            throw StoredJSON.Malformed(offset: start)
        default:
            var position = start
            while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "}"),
                  bytes[position] != UInt8(ascii: "]") {
                position += 1
            }
            guard position > start else { throw StoredJSON.Malformed(offset: start) }
            return position
        }
    }
}
