/// What can be told of a search's text without a store.
public enum SearchText {
    /// Throws the ``SearchError`` that a search for `text` throws for the text itself (``SearchError/noTerms``,
    /// ``SearchError/tooManyTerms(limit:)``), without searching: for a download, which refuses such a text before
    /// its head and searches after it.
    public static func check(_ text: String) throws(SearchError) {
        _ = try SearchQuery.parts(of: text)
    }
}
