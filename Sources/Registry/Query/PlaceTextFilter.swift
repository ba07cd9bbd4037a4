/// The `q` of the gazetteer: which places a text names, folded as search folds (case, diacritics, ø/æ/å, ß,
/// Cyrillic), matched against every name, alias and the NUTS code of a place.
///
/// The rules are search's: every word must be a word of the place's spellings (with `ae`/`oe`/`ue` also read as
/// umlauts), a `"quoted phrase"` must occur as written, and the last word, when not quoted, also matches the start
/// of longer words (type-ahead). The gazetteer is small and read whole, so places are matched in memory rather
/// than through the full-text index, which holds records and documents, not places.
public struct PlaceTextFilter: Sendable {
    private let parts: [SearchQuery.Part]

    /// Throws ``SearchError`` for a text without a word, or with too many.
    public init(_ text: String) throws(SearchError) {
        parts = try SearchQuery.parts(of: text)
    }

    public func matches(_ place: Place) -> Bool {
        let spellings = (place.spellings + [place.nuts, place.id].compactMap { $0 }).map(SearchFolding.words)
        for (index, part) in parts.enumerated() {
            if part.isPhrase {
                guard spellings.contains(where: { Self.contains($0, phrase: part.words) }) else { return false }
                continue
            }
            for (position, word) in part.words.enumerated() {
                let typeAhead = index == parts.count - 1 && position == part.words.count - 1
                    && word.count >= SearchQuery.minimumPrefixLength
                let candidates = [word] + (SearchFolding.umlautVariant(word).map { [$0] } ?? [])
                let found = spellings.contains { words in
                    words.contains { spelled in
                        candidates.contains { spelled == $0 || (typeAhead && spelled.hasPrefix($0)) }
                    }
                }
                guard found else { return false }
            }
        }
        return true
    }

    private static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in Array(words[start..<(start + phrase.count)]) == phrase }
    }
}
