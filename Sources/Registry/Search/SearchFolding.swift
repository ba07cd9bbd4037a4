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
        // The folded bytes of the word being read; one buffer serves every word.
        var folded: [UInt8] = []
        folded.reserveCapacity(32)
        var start: String.Index?
        var end = text.startIndex
        func finishWord() {
            if let first = start, !folded.isEmpty {
                tokens.append(Token(folded: String(decoding: folded, as: UTF8.self), range: first..<end))
            }
            folded.removeAll(keepingCapacity: true)
            start = nil
        }
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7a:
                    if start == nil { start = index }
                    folded.append(UInt8(value))
                    end = next
                case 0x41...0x5a:
                    if start == nil { start = index }
                    folded.append(UInt8(value + 32))
                    end = next
                default:
                    finishWord()
                }
                index = next
                continue
            }
            switch piece(of: scalar) {
            case .separator:
                finishWord()
            case .ignored:
                if start != nil { end = next }
            case .letters(let letters):
                if start == nil { start = index }
                folded.append(contentsOf: letters.utf8)
                end = next
            }
            index = next
        }
        finishWord()
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

    private enum Piece: Sendable {
        case separator
        /// A combining mark or a format character: part of the word, folded away.
        case ignored
        case letters(String)
    }

    /// What `scalar` is in a word; looked up in a table for the Latin and Cyrillic blocks, where most
    /// letters of the registry's languages are.
    private static func piece(of scalar: Unicode.Scalar) -> Piece {
        let value = Int(scalar.value)
        if value >= tabulatedScalars.lowerBound && value < tabulatedScalars.upperBound {
            return tabulatedPieces[value - tabulatedScalars.lowerBound]
        }
        return computePiece(scalar)
    }

    /// Latin-1 Supplement, Latin Extended-A and -B, IPA, spacing modifiers, combining marks, Greek, Cyrillic.
    private static let tabulatedScalars = 0x80..<0x530
    private static let tabulatedPieces: [Piece] = tabulatedScalars.map { value in
        Unicode.Scalar(UInt32(value)).map { computePiece($0) } ?? .separator
    }

    private static func computePiece(_ scalar: Unicode.Scalar) -> Piece {
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
