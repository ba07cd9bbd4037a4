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

/// One record with its label, related records, data-quality findings and links.
struct ItemDocument<R: Encodable>: Encodable {
    var data: R
    var label: String
    var related: [String: [Summary]]
    var findings: [QualityFinding]
    var links: [String: String]
}
