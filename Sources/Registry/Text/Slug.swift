import Foundation

/// Readable ids: lowercase ASCII letters and digits joined by single hyphens, transliterated from
/// Danish, German, Swedish, Polish, Czech, Hungarian and Cyrillic (`CITYREGIO II` → `cityregio-ii`,
/// `Øresundskomiteen` → `oresundskomiteen`, `Община Варна` → `obshtina-varna`).
public enum Slug {
    /// The slug of `text`.
    public static func make(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.unicodeScalars {
            let piece = transliterate(scalar)
            if piece.isEmpty {
                pendingHyphen = !slug.isEmpty
                continue
            }
            if pendingHyphen { slug.append("-") }
            pendingHyphen = false
            slug.append(piece)
        }
        return slug
    }

    /// True when `id` is already a slug.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && make(id) == id
    }

    /// The hyphen-separated words of the slug of `text`.
    public static func words(_ text: String) -> [Substring] {
        make(text).split(separator: "-")
    }

    /// Lowercase ASCII for letters and digits, "" for separators.
    private static func transliterate(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCII {
            let value = scalar.value
            if (0x30...0x39).contains(value) || (0x61...0x7a).contains(value) { return String(scalar) }
            if (0x41...0x5a).contains(value) { return String(Unicode.Scalar(value + 32) ?? scalar) }
            return ""
        }
        let lower = String(scalar).lowercased()
        if let mapped = table[lower] { return mapped }
        // Decompose (é → e + ́) and keep the ASCII letters.
        let letters = lower.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            $0.isASCII && $0.properties.isAlphabetic
        }
        return String(String.UnicodeScalarView(letters)).lowercased()
    }

    private static let table: [String: String] = [
        "ø": "o", "æ": "ae", "å": "a", "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
        "þ": "th", "œ": "oe", "ő": "o", "ű": "u",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a", "ы": "y", "ь": "y",
        "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
    ]
}

