/// A page of search hits, best first, and how many records and documents match in all.
public struct SearchResults: Sendable, Hashable, Codable {
    public var hits: [SearchHit]
    public var total: Int

    public init(hits: [SearchHit], total: Int) {
        self.hits = hits
        self.total = total
    }
}
