/// One result of a search: a record or a document, its relevance and the passage that matched.
public struct SearchHit: Sendable, Hashable, Codable {
    public var type: SearchType
    public var id: String
    /// The record's name (in the requested language where it has one) or the document's title.
    public var name: String
    /// Relevance from SQLite's bm25, negated so that higher is better.
    public var score: Double
    /// The best matching passage as HTML-escaped text, matched words wrapped in `<mark>…</mark>`,
    /// cut words shown as `…`.
    public var snippet: String

    public init(type: SearchType, id: String, name: String, score: Double, snippet: String) {
        self.type = type
        self.id = id
        self.name = name
        self.score = score
        self.snippet = snippet
    }
}
