import HTTPServer
import JSONOutput
import Registry

/// A record in a list as JSON: its served JSON with its `label` and `link` added among its members in key
/// order, the bytes `JSONEncoder` wrote for the record with those two properties, without decoding the record.
///
/// Only the object's own keys are looked at: a value is passed over by finding its end, strings by their
/// closing quote. This runs once per record of a whole-collection download, so it reads the bytes in place.
enum ListEntryJSON {
    /// The entry of `record`, whose JSON is an object with sorted keys and no whitespace between tokens.
    static func bytes(of record: ServedRecord, link: String) throws -> [UInt8] {
        var output: [UInt8] = []
        var json = record.json
        try json.withUTF8 { object in
            output.reserveCapacity(object.count + record.label.utf8.count + link.utf8.count + 32)
            try append(object: object, label: record.label, link: link, to: &output)
        }
        return output
    }

    /// Appends the entry of the record whose served JSON is `object`, labelled `label`, to `output`.
    static func append(object: UnsafeBufferPointer<UInt8>, label: String, link: String, to output: inout [UInt8]) throws {
        guard object.count >= 2, object[0] == UInt8(ascii: "{") else { throw StoredJSON.Malformed(offset: 0) }
        output.append(UInt8(ascii: "{"))
        // The two members to add, in key order; `pending` counts those not yet written.
        var pending = 2
        var first = true
        var position = 1
        if object[position] == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                if pending == 0 {
                    // Both added: the rest of the object goes as it is, unread.
                    guard object[object.count - 1] == UInt8(ascii: "}") else { throw StoredJSON.Malformed(offset: object.count - 1) }
                    output.append(UInt8(ascii: ","))
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: object[position...]))
                    return
                }
                let keyEnd = try JSONScan.stringEnd(object, from: position)
                let name = UnsafeBufferPointer(rebasing: object[(position + 1)..<(keyEnd - 1)])
                while pending > 0 {
                    let added = pending == 2 ? labelKey : linkKey
                    guard added.lexicographicallyPrecedes(name) else { break }
                    appendAdded(pending == 2 ? label : link, key: added, first: first, to: &output)
                    first = false
                    pending -= 1
                }
                guard keyEnd < object.count, object[keyEnd] == UInt8(ascii: ":") else {
                    throw StoredJSON.Malformed(offset: keyEnd)
                }
                let end = try JSONScan.valueEnd(object, from: keyEnd + 1)
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                output.append(contentsOf: UnsafeBufferPointer(rebasing: object[position..<end]))
                guard end < object.count else { throw StoredJSON.Malformed(offset: end) }
                position = end + 1
                if object[end] == UInt8(ascii: "}") { break }
                guard object[end] == UInt8(ascii: ",") else { throw StoredJSON.Malformed(offset: end) }
            }
        }
        guard position == object.count else { throw StoredJSON.Malformed(offset: position) }
        while pending > 0 {
            appendAdded(pending == 2 ? label : link, key: pending == 2 ? labelKey : linkKey, first: first, to: &output)
            first = false
            pending -= 1
        }
        output.append(UInt8(ascii: "}"))
    }

    private static let labelKey = Array("label".utf8)
    private static let linkKey = Array("link".utf8)

    private static func appendAdded(_ value: String, key: [UInt8], first: Bool, to output: inout [UInt8]) {
        if !first { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: key)
        output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        var writer = JSONWriter()
        writer.string(value)
        output.append(contentsOf: writer.bytes)
    }

}
