/// The places of `seeds/gazetteer.json`, and the lookup that places an organisation by its name.
public struct Gazetteer: Codable, Sendable, Hashable {
    public var places: [Place]

    public init(places: [Place]) {
        self.places = places
    }

    /// The place whose spelling occurs in `name` as whole words (the last word may carry an inflection:
    /// `Gdańska` names Gdańsk); the longest match wins, so `Leipziger Land` beats `Leipzig`.
    public func place(mentionedIn name: String) -> Place? {
        let words = Slug.words(name)
        var best: (place: Place, length: Int)?
        for place in places {
            for spelling in place.spellings {
                let target = Slug.words(spelling)
                guard !target.isEmpty, target.count <= words.count else { continue }
                for start in 0...(words.count - target.count) where Gazetteer.matches(target, words[start..<(start + target.count)]) {
                    let length = target.reduce(0) { $0 + $1.count }
                    if length > best?.length ?? 0 { best = (place, length) }
                }
            }
        }
        return best?.place
    }

    public func place(id: String) -> Place? {
        places.first { $0.id == id }
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
