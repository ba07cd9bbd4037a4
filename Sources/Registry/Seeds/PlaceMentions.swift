/// The gazetteer's spellings split into words once, to find the place each of many names mentions: splitting
/// every spelling again for every name was most of reading the CITYREGIO II fact sheet's partners.
public struct PlaceMentions: Sendable {
    /// Every place's spellings as words, in the gazetteer's order (the first of equally long matches wins).
    private let spellings: [(place: Place, words: [Substring], length: Int)]

    public init(_ gazetteer: Gazetteer) {
        var spellings: [(place: Place, words: [Substring], length: Int)] = []
        for place in gazetteer.places {
            for spelling in place.spellings {
                let words = Slug.words(spelling)
                if !words.isEmpty { spellings.append((place, words, words.reduce(0) { $0 + $1.count })) }
            }
        }
        self.spellings = spellings
    }

    /// The place whose spelling occurs in `name` as whole words (the last word may carry an inflection:
    /// `Gdańska` names Gdańsk); the longest match wins, so `Leipziger Land` beats `Leipzig`.
    public func place(mentionedIn name: String) -> Place? {
        let words = Slug.words(name)
        var best: (place: Place, length: Int)?
        for (place, target, length) in spellings where target.count <= words.count {
            for start in 0...(words.count - target.count) where Self.matches(target, words[start..<(start + target.count)]) {
                if length > best?.length ?? 0 { best = (place, length) }
            }
        }
        return best?.place
    }

    private static func matches(_ target: [Substring], _ words: ArraySlice<Substring>) -> Bool {
        for (offset, word) in words.enumerated() {
            let expected = target[offset]
            let isLast = offset == target.count - 1
            if isLast ? !(word == expected || (word.hasPrefix(expected) && word.count - expected.count <= 2 && expected.count >= 4)) : word != expected {
                return false
            }
        }
        return true
    }
}
