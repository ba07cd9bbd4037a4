import Foundation
import Testing
import TestSupport
@testable import Registry
@testable import RegistrySynthesis

/// Folding and snippets read from a text's UTF-8 give what a walk of its scalars gives (``ScalarWalk`` below:
/// the folding, cut and snippet written over `String.UnicodeScalarView`, with strings compared as strings), on
/// the seed documents and on random texts of ASCII, Latin and Cyrillic letters, combining marks, white space
/// beyond ASCII, HTML's special characters and letters of four UTF-8 bytes.
@Suite struct SearchSnippetTests {
    /// Pieces random texts are made of.
    private static let pieces = [
        "Malmø", "København", "Hamborg", "Hamburg", "Straße", "Gdańsk", "Община", "Варна", "e\u{301}", "\u{301}a",
        "ь", "мь", "中国", "𝔘nion", "😀", "CITYREGIO", "cityregio", "II", "2011", "a&b", "<mark>", "\"q\"", "x>y",
        " ", "  ", "\n", "\t", "\u{A0}", "\u{2003}", "\u{3000}", "\u{85}", "-", ",", ".", "/", "Øresund", "øresund",
        "innovation", "cluster", "innovations", "Region", "Skåne", "skane", "Œuvre", "\u{200B}", "\u{AD}",
    ]

    private static let queries = [
        "Hamburg", "malmo", "kobenhavn", "cityregio", "innovation cluster", "innov", "\"region skane\"", "varna",
        "obshchina", "strasse", "gdansk", "2011", "oresund", "mark", "q", "e", "a b", "中国", "union", "x y",
    ]

    @Test func wordsAreFoldedAndPlacedAsByAWalkOfTheScalars() throws {
        for text in try Self.texts() {
            let walked = ScalarWalk.tokens(text)
            #expect(SearchFolding.tokens(text) == walked, "\(text.debugDescription)")
            #expect(SearchFolding.words(text) == walked.map(\.folded))
            #expect(SearchFolding.fold(text) == walked.map(\.folded).joined(separator: " "))
        }
    }

    @Test func snippetsAreTheSnippetsOfAWalkOfTheScalars() throws {
        let texts = try Self.texts()
        var marked = 0
        for query in Self.queries {
            let parsed = try SearchQuery(query) { _ in [:] }
            let pattern = SearchSnippet.Pattern(parsed)
            for text in texts {
                let snippet = SearchSnippet.make(text, pattern: pattern)
                #expect(snippet == ScalarWalk.snippet(text, query: parsed), "\(query): \(text.debugDescription)")
                if snippet?.contains("<mark>") == true { marked += 1 }
            }
        }
        // The comparison covers snippets that mark words, not only texts without a match.
        #expect(marked > 1_000)
    }

    @Test func snippetsCollapseWhiteSpaceAndEscapeMarkup() throws {
        let pattern = SearchSnippet.Pattern(try SearchQuery("Malmø") { _ in [:] })
        #expect(SearchSnippet.make("a\u{A0}\u{2003}<b>&\"Malmø\"\n\tby", pattern: pattern)
            == "a &lt;b&gt;&amp;&quot;<mark>Malmø</mark>&quot; by")
        #expect(SearchSnippet.make("Malmo, København", pattern: SearchSnippet.Pattern(try SearchQuery("varna") { _ in [:] })) == nil)
    }

    /// The seed documents' texts, split into lines and whole, and 3,000 random texts.
    private static func texts() throws -> [String] {
        var texts: [String] = []
        let documents = Fixtures.seeds.appendingPathComponent("documents")
        for name in try FileManager.default.contentsOfDirectory(atPath: documents.path).sorted() {
            let text = try String(contentsOf: documents.appendingPathComponent(name), encoding: .utf8)
            texts.append(text)
            texts += text.split(separator: "\n").prefix(200).map(String.init)
        }
        var generator = SplitMix64(seed: 11)
        for _ in 0..<3_000 {
            let count = generator.below(60)
            texts.append((0..<count).map { _ in pieces[generator.below(pieces.count)] }.joined())
        }
        texts.append("")
        return texts
    }
}

/// Folding, cutting and snippets written as a walk of the text's scalars, with strings compared as strings:
/// what the search did before it read UTF-8 bytes, kept here as the reference the byte readers must agree with.
private enum ScalarWalk {
    static func tokens(_ text: String) -> [SearchFolding.Token] {
        var tokens: [SearchFolding.Token] = []
        var folded = ""
        var start: String.Index?
        var end = text.startIndex
        func finishWord() {
            if let first = start, !folded.isEmpty { tokens.append(SearchFolding.Token(folded: folded, range: first..<end)) }
            folded = ""
            start = nil
        }
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let value = scalar.value
            if value < 0x80 {
                if (0x30...0x39).contains(value) || (0x61...0x7a).contains(value) || (0x41...0x5a).contains(value) {
                    if start == nil { start = index }
                    folded.unicodeScalars.append(Unicode.Scalar(UInt8(value >= 0x41 && value <= 0x5a ? value + 32 : value)))
                    end = next
                } else {
                    finishWord()
                }
                index = next
                continue
            }
            switch SearchFolding.piece(of: scalar) {
            case .separator:
                finishWord()
            case .ignored:
                if start != nil { end = next }
            case .letters(let letters):
                if start == nil { start = index }
                folded += String(decoding: letters, as: UTF8.self)
                end = next
            }
            index = next
        }
        finishWord()
        return tokens
    }

    static func snippet(_ text: String, query: SearchQuery) -> String? {
        let tokens = tokens(text)
        guard !tokens.isEmpty else { return nil }
        var marked = [Bool](repeating: false, count: tokens.count)
        var unitsAt = [Set<Int>](repeating: [], count: tokens.count)
        for (unitIndex, unit) in query.units.prefix(64).enumerated() {
            for alternative in unit.alternatives {
                let count = alternative.words.count
                guard count <= tokens.count else { continue }
                for start in 0...(tokens.count - count) {
                    let matches = alternative.words.enumerated().allSatisfy { offset, word in
                        let token = tokens[start + offset].folded
                        return alternative.prefix && offset == count - 1 ? token.hasPrefix(word) : token == word
                    }
                    guard matches else { continue }
                    for position in start..<(start + count) { marked[position] = true }
                    unitsAt[start].insert(unitIndex)
                }
            }
        }
        guard marked.contains(true) else { return nil }
        // The window with the most distinct units, the earliest among equals, counted afresh for each start.
        let width = min(SearchSnippet.windowWords, tokens.count)
        var best = (start: 0, units: -1)
        for start in 0...(tokens.count - width) {
            let units = Set(unitsAt[start..<(start + width)].joined()).count
            if units > best.units { best = (start, units) }
        }
        var first = best.start
        if let firstMatch = (best.start..<(best.start + width)).first(where: { marked[$0] }) {
            first = max(0, min(firstMatch - 4, tokens.count - width))
        }
        let last = first + width - 1
        var snippet = first > 0 ? "…" : ""
        var position = tokens[first].range.lowerBound
        var index = first
        while index <= last {
            snippet += escaped(text.unicodeScalars[position..<tokens[index].range.lowerBound])
            var end = index
            if marked[index] {
                while end < last && marked[end + 1] { end += 1 }
                snippet += "<mark>" + escaped(text.unicodeScalars[tokens[index].range.lowerBound..<tokens[end].range.upperBound]) + "</mark>"
            } else {
                snippet += escaped(text.unicodeScalars[tokens[index].range])
            }
            position = tokens[end].range.upperBound
            index = end + 1
        }
        return snippet + (last < tokens.count - 1 ? "…" : "")
    }

    private static func escaped(_ text: Substring.UnicodeScalarView) -> String {
        var output = ""
        var pendingSpace = false
        for scalar in text {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace { output += " " }
            pendingSpace = false
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + (pendingSpace ? " " : "")
    }
}
