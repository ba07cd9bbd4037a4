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
        // A query holds at most `SearchQuery.maximumWords` units, so one bit per unit fits a word.
        var marked = [Bool](repeating: false, count: tokens.count)
        var unitsAt = [UInt64](repeating: 0, count: tokens.count)
        for (unitIndex, unit) in query.units.prefix(64).enumerated() {
            for alternative in unit.alternatives {
                let count = alternative.words.count
                guard count <= tokens.count else { continue }
                for start in 0...(tokens.count - count) where matches(alternative, tokens, at: start) {
                    for position in start..<(start + count) { marked[position] = true }
                    unitsAt[start] |= 1 << UInt64(unitIndex)
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
            var units = unitsAt[position]
            while units != 0 {
                let unit = units.trailingZeroBitCount
                units &= units - 1
                if counts[unit] == 0 { distinct += 1 }
                counts[unit] += 1
            }
        }
        func release(_ position: Int) {
            var units = unitsAt[position]
            while units != 0 {
                let unit = units.trailingZeroBitCount
                units &= units - 1
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

        var snippet: [UInt8] = []
        snippet.reserveCapacity(text.utf8.count < 512 ? text.utf8.count + 64 : 512)
        if first > 0 { snippet.append(contentsOf: ellipsis) }
        var position = tokens[first].range.lowerBound
        var index = first
        while index <= last {
            appendEscaped(text.unicodeScalars[position..<tokens[index].range.lowerBound], to: &snippet)
            if marked[index] {
                var end = index
                while end < last && marked[end + 1] { end += 1 }
                snippet.append(contentsOf: markStart)
                appendEscaped(text.unicodeScalars[tokens[index].range.lowerBound..<tokens[end].range.upperBound], to: &snippet)
                snippet.append(contentsOf: markEnd)
                position = tokens[end].range.upperBound
                index = end + 1
            } else {
                appendEscaped(text.unicodeScalars[tokens[index].range], to: &snippet)
                position = tokens[index].range.upperBound
                index += 1
            }
        }
        if last < tokens.count - 1 { snippet.append(contentsOf: ellipsis) }
        return String(decoding: snippet, as: UTF8.self)
    }

    private static let ellipsis = Array("…".utf8)
    private static let markStart = Array("<mark>".utf8)
    private static let markEnd = Array("</mark>".utf8)

    private static func matches(_ alternative: SearchQuery.Alternative, _ tokens: [SearchFolding.Token], at start: Int) -> Bool {
        for (offset, word) in alternative.words.enumerated() {
            let token = tokens[start + offset].folded
            let isPrefix = alternative.prefix && offset == alternative.words.count - 1
            guard isPrefix ? token.hasPrefix(word) : token == word else { return false }
        }
        return true
    }

    /// Appends `text` HTML-escaped, with runs of white space (line breaks included) collapsed to one space.
    private static func appendEscaped(_ text: Substring.UnicodeScalarView, to output: inout [UInt8]) {
        var pendingSpace = false
        for scalar in text {
            let value = scalar.value
            let isWhitespace = value < 0x80
                ? value == 0x20 || (0x09...0x0D).contains(value)
                : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace { output.append(UInt8(ascii: " ")) }
            pendingSpace = false
            switch value {
            case 0x26: output.append(contentsOf: "&amp;".utf8)
            case 0x3C: output.append(contentsOf: "&lt;".utf8)
            case 0x3E: output.append(contentsOf: "&gt;".utf8)
            case 0x22: output.append(contentsOf: "&quot;".utf8)
            case 0..<0x80: output.append(UInt8(value))
            default: UTF8.encode(scalar) { output.append($0) }
            }
        }
        if pendingSpace { output.append(UInt8(ascii: " ")) }
    }
}
