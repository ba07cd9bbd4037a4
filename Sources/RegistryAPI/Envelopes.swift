import HTTPServer
import JSONOutput
import Registry

/// One record with its label, related records, data-quality findings and links, written as the API's JSON
/// (sorted keys, snake_case) from the bytes the store serves: the record's JSON, its related records'
/// summaries in the order of their groups, and its findings' JSON.
struct ItemDocument {
    var data: String
    var label: String
    /// Ordered by group name (UTF-8 byte order, as the encoder sorts keys), then as each group is shown.
    var related: [RelatedSummary]
    var findings: [String]
    var links: [String: String]

    /// The document's bytes.
    func json() -> [UInt8] {
        var writer = JSONWriter()
        writer.reserveCapacity(data.utf8.count + related.count * 160 + findings.reduce(0) { $0 + $1.utf8.count } + 256)
        writer.beginObject()
        writer.key("data")
        writer.raw(data.utf8)
        writer.key("findings")
        writer.beginArray()
        for finding in findings { writer.raw(finding.utf8) }
        writer.endArray()
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
        var group: String?
        for summary in related {
            if summary.relation != group {
                if group != nil { writer.endArray() }
                group = summary.relation
                writer.key(summary.relation)
                writer.beginArray()
            }
            Summary(id: summary.id, type: summary.kind.rawValue, name: summary.name,
                    link: SummaryResolver.link(summary.kind, summary.id), role: summary.role, country: summary.country)
                .write(to: &writer)
        }
        if group != nil { writer.endArray() }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}
