/// A parsed search query: words that must all occur (AND), quoted phrases, the last word matched as a
/// prefix, and names expanded to their other spellings and languages.
///
/// Every word is folded with ``SearchFolding`` and quoted in the FTS5 expression, so no input can
/// produce an FTS5 syntax error.
struct SearchQuery: Sendable, Hashable {
    /// One spelling a unit may match: consecutive folded words, the last one a prefix when `prefix`.
    struct Alternative: Sendable, Hashable {
        var words: [String]
        var prefix: Bool

        /// Whether every passage matching `other` also matches this alternative: this one's words stand
        /// in `other` one after another, each equal to a word `other` matches whole.
        func isContained(in other: Alternative) -> Bool {
            let wholeWords = other.prefix ? other.words.dropLast() : other.words[...]
            guard words.count <= wholeWords.count, !words.isEmpty else { return false }
            let base = wholeWords.startIndex
            for start in 0...(wholeWords.count - words.count)
            where Array(wholeWords[(base + start)..<(base + start + words.count)]) == words {
                return true
            }
            return false
        }
    }

    /// Something the text must contain: any one of its alternatives.
    struct Unit: Sendable, Hashable {
        var alternatives: [Alternative]
    }

    /// A run of words as written: a quoted phrase or plain words.
    struct Part: Sendable, Hashable {
        var words: [String]
        var isPhrase: Bool
    }

    /// The most words a query may hold.
    static let maximumWords = 32
    /// The longest name, in words, looked up among the aliases.
    static let maximumAliasWords = 6
    /// The most alternatives one unit expands to.
    static let maximumAlternatives = 32
    /// The shortest last word matched as a prefix.
    static let minimumPrefixLength = 2

    var units: [Unit]

    /// Parses `text` and expands names with `aliases`, which maps folded spellings to the other folded
    /// spellings of the same places and records.
    init(_ text: String, aliases: (Set<String>) throws -> [String: Set<String>]) throws {
        let parts = try SearchQuery.parts(of: text)
        let endsInWord = text.unicodeScalars.last.map { !($0 == "\"" || $0.properties.isWhitespace) } ?? false
        var keys: Set<String> = []
        for part in parts {
            if part.isPhrase {
                keys.insert(part.words.joined(separator: " "))
                continue
            }
            for start in part.words.indices {
                for length in 1...min(SearchQuery.maximumAliasWords, part.words.count - start) {
                    let key = part.words[start..<(start + length)].joined(separator: " ")
                    keys.insert(key)
                    if let variant = SearchFolding.umlautVariant(key) { keys.insert(variant) }
                }
            }
        }
        let known = try aliases(keys)
        func expansions(of key: String) -> Set<String> {
            var found = known[key] ?? []
            if let variant = SearchFolding.umlautVariant(key) { found.formUnion(known[variant] ?? []) }
            return found
        }

        var units: [Unit] = []
        for (partIndex, part) in parts.enumerated() {
            if part.isPhrase {
                let key = part.words.joined(separator: " ")
                units.append(SearchQuery.unit(part.words, prefix: false, expansions: expansions(of: key)))
                continue
            }
            var start = 0
            while start < part.words.count {
                var length = min(SearchQuery.maximumAliasWords, part.words.count - start)
                var words = Array(part.words[start..<(start + length)])
                var found = expansions(of: words.joined(separator: " "))
                while found.isEmpty && length > 1 {
                    length -= 1
                    words.removeLast()
                    found = expansions(of: words.joined(separator: " "))
                }
                let isLast = partIndex == parts.count - 1 && start + length == part.words.count
                let prefix = isLast && endsInWord && length == 1 && words[0].count >= SearchQuery.minimumPrefixLength
                units.append(SearchQuery.unit(words, prefix: prefix, expansions: found))
                start += length
            }
        }
        self.units = units
    }

    /// The quoted phrases and plain words of `text`, folded.
    static func parts(of text: String) throws(SearchError) -> [Part] {
        var parts: [Part] = []
        var count = 0
        for (index, segment) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            let words = SearchFolding.words(String(segment))
            guard !words.isEmpty else { continue }
            count += words.count
            if index % 2 == 1 {
                parts.append(Part(words: words, isPhrase: true))
            } else if let last = parts.last, !last.isPhrase {
                parts[parts.count - 1].words += words
            } else {
                parts.append(Part(words: words, isPhrase: false))
            }
        }
        guard count > 0 else { throw .noTerms }
        guard count <= maximumWords else { throw .tooManyTerms(limit: maximumWords) }
        return parts
    }

    /// Whether a word is matched as the start of longer words.
    var hasPrefix: Bool {
        units.contains { $0.alternatives.contains(where: \.prefix) }
    }

    /// The same query with every word matched whole.
    var withoutPrefix: SearchQuery {
        var copy = self
        copy.units = units.map { unit in
            Unit(alternatives: unit.alternatives.map { Alternative(words: $0.words, prefix: false) })
        }
        return copy
    }

    /// The FTS5 MATCH expression: each unit's alternatives ORed, the units ANDed.
    var expression: String {
        phrasesByUnit.map { "(" + $0.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
    }

    /// Whether a phrase of ``expression`` may match one of the names of ``SearchType`` (the `type` column of the
    /// index holds one of them in each passage): one word, equal to a name or, matched as a prefix, starting one.
    var mayMatchTypeNames: Bool {
        matchedAlternativesByUnit.joined().contains { alternative in
            guard alternative.words.count == 1, let word = alternative.words.first else { return false }
            return SearchType.allCases.contains { alternative.prefix ? $0.rawValue.hasPrefix(word) : $0.rawValue == word }
        }
    }

    /// The FTS5 phrases of ``expression``, in the order FTS5 numbers them.
    var phrases: [String] { phrasesByUnit.flatMap { $0 } }

    /// How many passages match the query at least, from the number holding each of its ``phrases``
    /// (`frequencies`, in the same order): for a query of one unit, as many as its most common
    /// alternative; for more, nothing is known (they may never occur together).
    func minimumMatches(_ frequencies: [Int]) -> Int {
        guard units.count == 1 else { return 0 }
        return frequencies.prefix(phrasesByUnit.first?.count ?? 0).max() ?? 0
    }

    /// The FTS5 phrases of each unit: its alternatives.
    var phrasesByUnit: [[String]] {
        matchedAlternativesByUnit.map { alternatives in
            alternatives.map { alternative in
                "\"" + alternative.words.joined(separator: " ") + "\"" + (alternative.prefix ? "*" : "")
            }
        }
    }

    /// The alternatives of each unit that a match expression needs. In an OR, a phrase that contains another
    /// alternative adds no match (`malmo stad` when `malmo` is there) but costs a position check on every
    /// passage: the expression leaves such phrases out. They stay in the unit, so snippets still mark the
    /// whole name.
    var matchedAlternativesByUnit: [[Alternative]] {
        units.map { unit in
            unit.alternatives.filter { candidate in
                !unit.alternatives.contains { other in other != candidate && other.isContained(in: candidate) }
            }
        }
    }

    /// The query as PostgreSQL's `tsquery` (input syntax, the words already folded): each unit's alternatives
    /// ORed, the units ANDed, a phrase's words adjacent (`<->`), a prefix `:*`; with `weight`, every word only
    /// where the `tsvector` gives it that weight (`A` names, `B` text).
    func tsquery(weight: String? = nil) -> String {
        matchedAlternativesByUnit.map { alternatives in
            "(" + alternatives.map { SearchQuery.tsquery($0, weight: weight) }.joined(separator: " | ") + ")"
        }.joined(separator: " & ")
    }

    /// One alternative as a `tsquery`: its words in quotes, adjacent.
    static func tsquery(_ alternative: Alternative, weight: String? = nil) -> String {
        let words = alternative.words.enumerated().map { index, word in
            let quoted = "'" + word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
            let prefix = alternative.prefix && index == alternative.words.count - 1 ? "*" : ""
            let label = prefix + (weight ?? "")
            return label.isEmpty ? quoted : quoted + ":" + label
        }
        return words.count == 1 ? words[0] : "(" + words.joined(separator: " <-> ") + ")"
    }

    private static func unit(_ words: [String], prefix: Bool, expansions: Set<String>) -> Unit {
        var alternatives = [Alternative(words: words, prefix: prefix)]
        var seen: Set<[String]> = [words]
        func add(_ candidate: [String]) {
            guard !candidate.isEmpty, alternatives.count < maximumAlternatives, seen.insert(candidate).inserted else { return }
            alternatives.append(Alternative(words: candidate, prefix: false))
        }
        if let variant = SearchFolding.umlautVariant(words.joined(separator: " ")) {
            add(variant.split(separator: " ").map(String.init))
        }
        for spelling in expansions.sorted() {
            add(spelling.split(separator: " ").map(String.init))
        }
        return Unit(alternatives: alternatives)
    }
}
