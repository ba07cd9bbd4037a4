/// Why a search query cannot be run.
public enum SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query holds no word to search for (empty, or only punctuation).
    case noTerms
    /// The query holds more words than a search accepts.
    case tooManyTerms(limit: Int)

    public var description: String {
        switch self {
        case .noTerms: "the query contains no word to search for"
        case .tooManyTerms(let limit): "the query contains more than \(limit) words"
        }
    }
}
