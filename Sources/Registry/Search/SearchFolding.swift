import Foundation

/// The folding that search applies to indexed text and to queries alike: lower case, no diacritics,
/// Nordic and German letters spelled out (`ø`→`o`, `æ`→`ae`, `å`→`a`, `ä`→`a`, `ö`→`o`, `ü`→`u`,
/// `ß`→`ss`), Polish, Czech and Hungarian letters reduced to their base letter (`ń`→`n`, `ł`→`l`), and
/// Cyrillic transliterated to Latin (`Община Варна`→`obshchina varna`).
///
/// Text is cut into words at every character that is neither a letter nor a digit; combining marks
/// belong to the word they follow. Letters of scripts without a transliteration are kept, lowercased.
public enum SearchFolding {
    /// A word of a text: its folded form and where it stands in the original.
    public struct Token: Sendable, Hashable {
        public var folded: String
        public var range: Range<String.Index>
    }

    /// The folded words of `text`, each with its range in `text`.
    public static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var folded = ""
        var start: String.Index?
        var end = text.startIndex
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let value = scalar.value
            if value < 0x80 {
                let isLetter = (0x30...0x39).contains(value) || (0x61...0x7a).contains(value) || (0x41...0x5a).contains(value)
                if isLetter {
                    if start == nil { start = index }
                    folded.unicodeScalars.append((0x41...0x5a).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : scalar)
                    end = next
                } else {
                    if let first = start, !folded.isEmpty { tokens.append(Token(folded: folded, range: first..<end)) }
                    folded = ""
                    start = nil
                }
                index = next
                continue
            }
            switch piece(scalar) {
            case .separator:
                if let first = start, !folded.isEmpty {
                    tokens.append(Token(folded: folded, range: first..<end))
                }
                folded = ""
                start = nil
            case .ignored:
                if start != nil { end = next }
            case .letters(let letters):
                if start == nil { start = index }
                folded += letters
                end = next
            }
            index = next
        }
        if let first = start, !folded.isEmpty {
            tokens.append(Token(folded: folded, range: first..<end))
        }
        return tokens
    }

    /// The folded words of `text`.
    public static func words(_ text: String) -> [String] {
        tokens(text).map(\.folded)
    }

    /// The folded text: its words joined by single spaces.
    public static func fold(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// The spelling of `word` with `ae`, `oe` and `ue` read as `ä`, `ö` and `ü` (`malmoe`→`malmo`), or
    /// nil when it has none of them; lets a query typed without umlauts find the folded text.
    public static func umlautVariant(_ word: String) -> String? {
        guard word.contains("ae") || word.contains("oe") || word.contains("ue") else { return nil }
        return word.replacingOccurrences(of: "ae", with: "a").replacingOccurrences(of: "oe", with: "o")
            .replacingOccurrences(of: "ue", with: "u")
    }

    private enum Piece {
        case separator
        /// A combining mark or a format character: part of the word, folded away.
        case ignored
        case letters(String)
    }

    private static func piece(_ scalar: Unicode.Scalar) -> Piece {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format: return .ignored
        default: break
        }
        guard properties.isAlphabetic || properties.numericType != nil else { return .separator }
        let lower = properties.lowercaseMapping
        if let mapped = table[lower] { return .letters(mapped) }
        let decomposed = lower.decomposedStringWithCompatibilityMapping.unicodeScalars
        var ascii = ""
        for part in decomposed where part.isASCII {
            let partValue = part.value
            if (0x30...0x39).contains(partValue) || (0x61...0x7a).contains(partValue) {
                ascii.unicodeScalars.append(part)
            } else if (0x41...0x5a).contains(partValue) {
                ascii += String(Character(Unicode.Scalar(UInt8(partValue + 32))))
            }
        }
        return .letters(ascii.isEmpty ? lower : ascii)
    }

    /// Letters that decomposition alone does not reduce to ASCII, and Cyrillic.
    private static let table: [String: String] = [
        "ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ẞ": "ss", "ł": "l", "đ": "d",
        "ð": "d", "þ": "th", "œ": "oe", "ő": "o", "ű": "u", "ı": "i", "ŋ": "ng", "ħ": "h", "ŧ": "t",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "a", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ђ": "dj", "ј": "j",
        "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
    ]
}
