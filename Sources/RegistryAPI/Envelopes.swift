import HTTPServer
import JSONOutput
import Registry

/// One record with its label, related records, data-quality findings and links, written as the API's JSON
/// (sorted keys, snake_case) from the bytes the store serves (``ItemParts``): the record's JSON and its
/// findings' JSON copied as they are, the label and the related records' texts escaped from their bytes.
struct ItemDocument {
    var parts: ItemParts
    var kind: RecordKind
    var id: String

    // A related record's keys and types, written once: an item lists dozens of related records.
    private static let countryKey = JSONKey("country"), idKey = JSONKey("id"), linkKey = JSONKey("link"),
                       nameKey = JSONKey("name"), roleKey = JSONKey("role"), typeKey = JSONKey("type")
    /// Each kind's `type` value and the beginning of its records' links, in the order of `RecordKind.allCases`.
    private static let kinds = RecordKind.allCases
    private static let typeValues = kinds.map { Array("\"\($0.rawValue)\"".utf8) }
    private static let linkPrefixes = kinds.map { JSONStringPrefix(SummaryResolver.linkPrefix($0)) }

    /// The document's bytes.
    func json() -> [UInt8] {
        var writer = JSONWriter()
        let related = parts.related
        // Each related entry writes its id twice (as `id` and in `link`) and about 110 bytes of keys, quotes, its
        // link's prefix and type; an estimate short by a few bytes would double the buffer for the last ones.
        writer.reserveCapacity(parts.json.count + related.text.count
                               + related.entries.reduce(0) { $0 + $1.id.count + 128 }
                               + parts.findings.reduce(0) { $0 + $1.count } + 256)
        writer.beginObject()
        writer.key("data")
        writer.raw(parts.json)
        writer.key("findings")
        writer.beginArray()
        for finding in parts.findings { writer.raw(finding) }
        writer.endArray()
        writer.key("label")
        writer.string(utf8: parts.label)
        writer.key("links")
        writer.beginObject()
        writer.key("self")
        writer.string(SummaryResolver.link(kind, id))
        writer.endObject()
        writer.key("related")
        writer.beginObject()
        var group: Range<Int>?
        related.text.withUnsafeBufferPointer { text in
            func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[range]) }
            for entry in related.entries {
                if entry.relation != group {
                    if group != nil { writer.endArray() }
                    group = entry.relation
                    writer.key(String(decoding: bytes(entry.relation), as: UTF8.self))
                    writer.beginArray()
                }
                // As `Summary.write(to:)` writes it: sorted keys, absent values left out.
                let kindIndex = Self.kinds.firstIndex(of: entry.kind) ?? 0
                writer.beginObject()
                if let country = entry.country {
                    writer.key(Self.countryKey)
                    writer.string(utf8: bytes(country))
                }
                writer.key(Self.idKey)
                writer.string(utf8: bytes(entry.id))
                writer.key(Self.linkKey)
                writer.string(Self.linkPrefixes[kindIndex], utf8: bytes(entry.id))
                writer.key(Self.nameKey)
                writer.string(utf8: bytes(entry.name))
                if let role = entry.role {
                    writer.key(Self.roleKey)
                    writer.string(utf8: bytes(role))
                }
                writer.key(Self.typeKey)
                writer.raw(Self.typeValues[kindIndex])
                writer.endObject()
            }
        }
        if group != nil { writer.endArray() }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
