/// The passage of a text that best shows why it matched: a window of words holding the most of the
/// query's units, HTML-escaped, matched words wrapped in `<mark>…</mark>`, `…` where the text is cut.
enum SearchSnippet {
    /// How many words a snippet shows.
    static let windowWords = 24

    /// The snippet of `text` for `query`, or nil when no word of `text` matches the query.
    static func make(_ text: String, query: SearchQuery) -> String? {
        let tokens = SearchFolding.tokens(text)
        guard !tokens.isEmpty else { return nil }
        // For each token, the units that a match starting or continuing there satisfies.
        var marked = [Bool](repeating: false, count: tokens.count)
        var unitsAt = [Set<Int>](repeating: [], count: tokens.count)
        for (unitIndex, unit) in query.units.enumerated() {
            for alternative in unit.alternatives {
                let count = alternative.words.count
                guard count <= tokens.count else { continue }
                for start in 0...(tokens.count - count) where matches(alternative, tokens, at: start) {
                    for position in start..<(start + count) { marked[position] = true }
                    unitsAt[start].insert(unitIndex)
                }
            }
        }
        guard marked.contains(true) else { return nil }

        // The window with the most distinct units; the earliest among equals. The window slides: each step
        // counts the units of the token it takes in and of the one it lets go.
        let width = min(windowWords, tokens.count)
        var counts = [Int](repeating: 0, count: query.units.count)
        var distinct = 0
        func take(_ position: Int) {
            for unit in unitsAt[position] {
                if counts[unit] == 0 { distinct += 1 }
                counts[unit] += 1
            }
        }
        func release(_ position: Int) {
            for unit in unitsAt[position] {
                counts[unit] -= 1
                if counts[unit] == 0 { distinct -= 1 }
            }
        }
        for position in 0..<width { take(position) }
        var best = (start: 0, units: distinct)
        if tokens.count > width {
            for start in 1...(tokens.count - width) {
                release(start - 1)
                take(start + width - 1)
                if distinct > best.units { best = (start, distinct) }
            }
        }
        // Begin a little before the first match, so it has some context.
        var first = best.start
        if let firstMatch = (best.start..<(best.start + width)).first(where: { marked[$0] }) {
            first = max(0, min(firstMatch - 4, tokens.count - width))
        }
        let last = first + width - 1

        var snippet = first > 0 ? "…" : ""
        var position = tokens[first].range.lowerBound
        var index = first
        while index <= last {
            snippet += escape(text[position..<tokens[index].range.lowerBound])
            if marked[index] {
                var end = index
                while end < last && marked[end + 1] { end += 1 }
                snippet += "<mark>" + escape(text[tokens[index].range.lowerBound..<tokens[end].range.upperBound]) + "</mark>"
                position = tokens[end].range.upperBound
                index = end + 1
            } else {
                snippet += escape(text[tokens[index].range])
                position = tokens[index].range.upperBound
                index += 1
            }
        }
        if last < tokens.count - 1 { snippet += "…" }
        return snippet
    }

    private static func matches(_ alternative: SearchQuery.Alternative, _ tokens: [SearchFolding.Token], at start: Int) -> Bool {
        for (offset, word) in alternative.words.enumerated() {
            let token = tokens[start + offset].folded
            let isPrefix = alternative.prefix && offset == alternative.words.count - 1
            guard isPrefix ? token.hasPrefix(word) : token == word else { return false }
        }
        return true
    }

    /// HTML-escaped text with runs of white space (line breaks included) collapsed to one space.
    private static func escape(_ text: Substring) -> String {
        var result = ""
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace { result += " " }
            pendingSpace = false
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        if pendingSpace { result += " " }
        return result
    }
}
