import HTTPServer
import JSONOutput
import Registry

/// A record in a list: its fields, plus its label in the negotiated language and its link.
struct ListEntry<R: Encodable>: Encodable {
    var record: R
    var label: String
    var link: String

    private enum CodingKeys: String, CodingKey { case label, link }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        try container.encode(link, forKey: .link)
    }
}

/// A page of a list: `data`, the `total` of the whole selection, and the link to the next page.
struct ListDocument<Entry: Encodable>: Encodable {
    var data: [Entry]
    var total: Int
    var limit: Int
    var offset: Int
    var next: String?
    var links: [String: String]

    private enum CodingKeys: String, CodingKey { case data, total, limit, offset, next, links }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
        // `next` is always present: null on the last page.
        try container.encode(next, forKey: .next)
        try container.encode(links, forKey: .links)
    }
}

/// One record with its label, related records, data-quality findings and links, written as the API's JSON
/// (sorted keys, snake_case) without `Codable` but for the findings: `data` is the record's stored JSON in
/// its API form (``StoredJSON``).
struct ItemDocument {
    var data: [UInt8]
    var label: String
    var related: [String: [Summary]]
    var findings: [QualityFinding]
    var links: [String: String]

    /// The document's bytes; `encode` writes the findings (as the API's other documents are written).
    func json(encode: ([QualityFinding]) throws -> [UInt8]) throws -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("data")
        writer.raw(data)
        writer.key("findings")
        if findings.isEmpty {
            writer.beginArray()
            writer.endArray()
        } else {
            writer.raw(try encode(findings))
        }
        writer.key("label")
        writer.string(label)
        writer.key("links")
        writer.beginObject()
        for (name, link) in links.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            writer.key(name)
            writer.string(link)
        }
        writer.endObject()
        writer.key("related")
        writer.beginObject()
        for (name, summaries) in related.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            writer.key(name)
            writer.beginArray()
            for summary in summaries { summary.write(to: &writer) }
            writer.endArray()
        }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
