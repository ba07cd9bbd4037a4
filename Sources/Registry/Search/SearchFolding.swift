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

    /// The folded words of a text as offsets: their folded bytes one after another, and for each word where
    /// its folded bytes are and where its UTF-8 bytes stand in the text. Made without a string per word, for
    /// what only compares words (a snippet) or joins them (``fold(_:)``).
    struct FoldedWords: Sendable {
        /// The words' folded UTF-8 bytes, one after another.
        var folded: [UInt8] = []
        /// Each word: its bytes in ``folded`` and its bytes in the text's UTF-8.
        var words: [(folded: Range<Int>, text: Range<Int>)] = []

        /// Whether word `index` folds to `word`'s bytes, or, when `prefix`, to bytes that begin with them.
        func word(_ index: Int, is word: [UInt8], prefix: Bool) -> Bool {
            let range = words[index].folded
            guard prefix ? range.count >= word.count : range.count == word.count else { return false }
            return folded.withUnsafeBufferPointer { bytes in
                word.withUnsafeBufferPointer { wanted in
                    guard let base = bytes.baseAddress, let wantedBase = wanted.baseAddress else { return wanted.isEmpty }
                    return memcmp(base + range.lowerBound, wantedBase, wanted.count) == 0
                }
            }
        }
    }

    /// The folded words of `text`, with where each stands in `text`'s UTF-8.
    static func foldedWords(_ text: String) -> FoldedWords {
        var text = text
        return text.withUTF8 { foldedWords(utf8: $0) }
    }

    /// The folded words of the valid UTF-8 `bytes`.
    static func foldedWords(utf8 bytes: UnsafeBufferPointer<UInt8>) -> FoldedWords {
        var result = FoldedWords()
        result.folded.reserveCapacity(bytes.count)
        // The word being read: where its text began (nil between words), where it ends so far, where its
        // folded bytes begin.
        var start: Int?
        var end = 0
        var foldedStart = 0
        func finishWord() {
            if let first = start, result.folded.count > foldedStart {
                result.words.append((foldedStart..<result.folded.count, first..<end))
            }
            foldedStart = result.folded.count
            start = nil
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                switch byte {
                case 0x30...0x39, 0x61...0x7a:
                    if start == nil { start = index }
                    result.folded.append(byte)
                    end = index + 1
                case 0x41...0x5a:
                    if start == nil { start = index }
                    result.folded.append(byte + 32)
                    end = index + 1
                default:
                    finishWord()
                }
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            let next = index + length
            switch piece(of: scalar) {
            case .separator:
                finishWord()
            case .ignored:
                if start != nil { end = next }
            case .letters(let letters):
                if start == nil { start = index }
                result.folded.append(contentsOf: letters)
                end = next
            }
            index = next
        }
        finishWord()
        return result
    }

    /// The scalar whose UTF-8 encoding (of two to four bytes, valid) begins at `index`, and its length.
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            (value, length) = ((lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        } else if lead < 0xF0 {
            (value, length) = ((lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        } else {
            (value, length) = ((lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
        }
        // A Swift string's UTF-8 is valid: the value is a scalar.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The folded words of `text`, each with its range in `text`.
    public static func tokens(_ text: String) -> [Token] {
        let found = foldedWords(text)
        let utf8 = text.utf8
        return found.words.map { word in
            Token(folded: String(decoding: found.folded[word.folded], as: UTF8.self),
                  range: utf8.index(utf8.startIndex, offsetBy: word.text.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: word.text.upperBound))
        }
    }

    /// The folded words of `text`.
    public static func words(_ text: String) -> [String] {
        let found = foldedWords(text)
        return found.words.map { String(decoding: found.folded[$0.folded], as: UTF8.self) }
    }

    /// The folded text: its words joined by single spaces.
    public static func fold(_ text: String) -> String {
        let found = foldedWords(text)
        var joined: [UInt8] = []
        joined.reserveCapacity(found.folded.count + found.words.count)
        for (index, word) in found.words.enumerated() {
            if index > 0 { joined.append(UInt8(ascii: " ")) }
            joined.append(contentsOf: found.folded[word.folded])
        }
        return String(decoding: joined, as: UTF8.self)
    }

    /// The spelling of `word` with `ae`, `oe` and `ue` read as `ä`, `ö` and `ü` (`malmoe`→`malmo`), or
    /// nil when it has none of them; lets a query typed without umlauts find the folded text.
    public static func umlautVariant(_ word: String) -> String? {
        guard word.contains("ae") || word.contains("oe") || word.contains("ue") else { return nil }
        return word.replacingOccurrences(of: "ae", with: "a").replacingOccurrences(of: "oe", with: "o")
            .replacingOccurrences(of: "ue", with: "u")
    }

    enum Piece: Sendable, Equatable {
        case separator
        /// A combining mark or a format character: part of the word, folded away.
        case ignored
        /// The letters' folded UTF-8.
        case letters([UInt8])
    }

    /// What `scalar` is in a word; looked up in a table for the Latin and Cyrillic blocks, where most
    /// letters of the registry's languages are.
    static func piece(of scalar: Unicode.Scalar) -> Piece {
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
        if let mapped = table[lower] { return .letters(Array(mapped.utf8)) }
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
        return .letters(Array((ascii.isEmpty ? lower : ascii).utf8))
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
