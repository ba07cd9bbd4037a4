/// A page of search hits, best first, and how many records and documents match in all.
public struct SearchResults: Sendable, Hashable, Codable {
    public var hits: [SearchHit]
    /// How many records and documents match; exact when `totalIsExact`, otherwise a lower bound
    /// (``RegistryStore/exactCountLimit``).
    public var total: Int
    public var totalIsExact: Bool

    public init(hits: [SearchHit], total: Int, totalIsExact: Bool = true) {
        self.hits = hits
        self.total = total
        self.totalIsExact = totalIsExact
    }
}
