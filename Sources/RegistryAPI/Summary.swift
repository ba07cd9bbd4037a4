import HTTPServer
import JSONOutput
import Registry

/// A short embedded reference to a related record: enough to show it and a link to fetch it.
struct Summary: Encodable, Sendable, Hashable {
    var id: String
    var type: String
    var name: String
    var link: String
    /// The role the record plays in the relation (`lead`, `party`, `speaker`, …), when there is one.
    var role: String?
    var country: String?

    /// Writes the summary as `JSONEncoder` would: sorted keys, absent values left out.
    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let country {
            writer.key("country")
            writer.string(country)
        }
        writer.key("id")
        writer.string(id)
        writer.key("link")
        writer.string(link)
        writer.key("name")
        writer.string(name)
        if let role {
            writer.key("role")
            writer.string(role)
        }
        writer.key("type")
        writer.string(type)
        writer.endObject()
    }
}

/// Builds summaries of records by id, with names in the negotiated language.
struct SummaryResolver {
    let store: any RegistryStorage
    let language: Language

    static func link(_ kind: RecordKind, _ id: String) -> String { linkPrefix(kind) + id }

    /// What the link of a record of `kind` begins with: its id follows.
    static func linkPrefix(_ kind: RecordKind) -> String { linkPrefixes[kind] ?? "/v1/\(kind.plural)/" }

    private static let linkPrefixes = Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0, "/v1/\($0.plural)/") })

    func summaries(_ kind: RecordKind, _ ids: [String]) throws -> [Summary] {
        try store.labels(of: kind, ids: ids, language: language.rawValue).map { label in
            Summary(id: label.id, type: kind.rawValue, name: label.name, link: SummaryResolver.link(kind, label.id),
                    country: label.country)
        }
    }

    func summary(_ kind: RecordKind, _ id: String?) throws -> [Summary] {
        guard let id else { return [] }
        return try summaries(kind, [id])
    }
}
