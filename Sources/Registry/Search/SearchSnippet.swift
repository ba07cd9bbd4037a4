/// The passage of a text that best shows why it matched: a window of words holding the most of the
/// query's units, HTML-escaped, matched words wrapped in `<mark>…</mark>`, `…` where the text is cut.
enum SearchSnippet {
    /// How many words a snippet shows.
    static let windowWords = 24

    /// The query's words as bytes, to compare with a text's folded words: made once for a page's snippets.
    struct Pattern {
        /// Each unit's alternatives: their folded words' UTF-8, and whether the last is a prefix.
        fileprivate let units: [[(words: [[UInt8]], prefix: Bool)]]

        init(_ query: SearchQuery) {
            // A query holds at most `SearchQuery.maximumWords` units, so one bit per unit fits a word.
            units = query.units.prefix(64).map { unit in
                unit.alternatives.map { (words: $0.words.map { Array($0.utf8) }, prefix: $0.prefix) }
            }
        }
    }

    /// The snippet of `text` for the query of `pattern`, or nil when no word of `text` matches it.
    static func make(_ text: String, pattern: Pattern) -> String? {
        var text = text
        // The text's UTF-8 is read in place: its words as offsets, the snippet copied from its bytes, where
        // a string per word and a walk of its scalars made most of a search's time spent on snippets.
        return text.withUTF8 { make(utf8: $0, pattern: pattern) }
    }

    private static func make(utf8 text: UnsafeBufferPointer<UInt8>, pattern: Pattern) -> String? {
        let found = SearchFolding.foldedWords(utf8: text)
        let tokens = found.words
        guard !tokens.isEmpty else { return nil }
        // For each token, the units that a match starting or continuing there satisfies.
        var marked = [Bool](repeating: false, count: tokens.count)
        var unitsAt = [UInt64](repeating: 0, count: tokens.count)
        for (unitIndex, alternatives) in pattern.units.enumerated() {
            for alternative in alternatives {
                let count = alternative.words.count
                guard count <= tokens.count else { continue }
                for start in 0...(tokens.count - count) where matches(alternative, found, at: start) {
                    for position in start..<(start + count) { marked[position] = true }
                    unitsAt[start] |= 1 << UInt64(unitIndex)
                }
            }
        }
        guard marked.contains(true) else { return nil }

        // The window with the most distinct units; the earliest among equals. The window slides: each step
        // counts the units of the token it takes in and of the one it lets go.
        let width = min(windowWords, tokens.count)
        var counts = [Int](repeating: 0, count: pattern.units.count)
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
        snippet.reserveCapacity(text.count < 512 ? text.count + 64 : 512)
        if first > 0 { snippet.append(contentsOf: ellipsis) }
        var position = tokens[first].text.lowerBound
        var index = first
        while index <= last {
            appendEscaped(text, position..<tokens[index].text.lowerBound, to: &snippet)
            if marked[index] {
                var end = index
                while end < last && marked[end + 1] { end += 1 }
                snippet.append(contentsOf: markStart)
                appendEscaped(text, tokens[index].text.lowerBound..<tokens[end].text.upperBound, to: &snippet)
                snippet.append(contentsOf: markEnd)
                position = tokens[end].text.upperBound
                index = end + 1
            } else {
                appendEscaped(text, tokens[index].text, to: &snippet)
                position = tokens[index].text.upperBound
                index += 1
            }
        }
        if last < tokens.count - 1 { snippet.append(contentsOf: ellipsis) }
        return String(decoding: snippet, as: UTF8.self)
    }

    private static let ellipsis = Array("…".utf8)
    private static let markStart = Array("<mark>".utf8)
    private static let markEnd = Array("</mark>".utf8)

    private static func matches(_ alternative: (words: [[UInt8]], prefix: Bool), _ found: SearchFolding.FoldedWords,
                                at start: Int) -> Bool {
        for (offset, word) in alternative.words.enumerated() {
            let isPrefix = alternative.prefix && offset == alternative.words.count - 1
            guard found.word(start + offset, is: word, prefix: isPrefix) else { return false }
        }
        return true
    }

    /// Appends the UTF-8 `bytes` of `text` HTML-escaped, with runs of white space (line breaks included)
    /// collapsed to one space.
    private static func appendEscaped(_ text: UnsafeBufferPointer<UInt8>, _ bytes: Range<Int>, to output: inout [UInt8]) {
        var pendingSpace = false
        var index = bytes.lowerBound
        while index < bytes.upperBound {
            let byte = text[index]
            if byte < 0x80 {
                index += 1
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = true
                    continue
                }
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                switch byte {
                case 0x26: output.append(contentsOf: "&amp;".utf8)
                case 0x3C: output.append(contentsOf: "&lt;".utf8)
                case 0x3E: output.append(contentsOf: "&gt;".utf8)
                case 0x22: output.append(contentsOf: "&quot;".utf8)
                default: output.append(byte)
                }
                continue
            }
            let (scalar, length) = SearchFolding.decodeScalar(text, at: index)
            if isWhitespace(scalar) {
                pendingSpace = true
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<(index + length)]))
            }
            index += length
        }
        if pendingSpace { output.append(UInt8(ascii: " ")) }
    }

    /// Whether a scalar beyond ASCII is white space; only a few are, so the others are not looked up.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        guard value == 0x85 || value == 0xA0 || value == 0x1680 || (0x2000...0x3000).contains(value) else { return false }
        return scalar.properties.isWhitespace
    }
}
