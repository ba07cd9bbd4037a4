/// Why a search query cannot be run.
public enum SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query holds no word to search for (empty, or only punctuation).
    case noTerms
    /// The query holds more words than a search accepts.
    case tooManyTerms(limit: Int)
    /// As a filter, the query matches more records than a filter selects: it needs narrowing.
    case tooBroad(limit: Int)

    public var description: String {
        switch self {
        case .noTerms: "the query contains no word to search for"
        case .tooManyTerms(let limit): "the query contains more than \(limit) words"
        case .tooBroad(let limit): "the text matches more than \(limit) records; add words to narrow it"
        }
    }
}
