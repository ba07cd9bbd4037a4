import Foundation

/// Readable ids: lowercase ASCII letters and digits joined by single hyphens, transliterated from
/// Danish, German, Swedish, Polish, Czech, Hungarian and Cyrillic (`CITYREGIO II` → `cityregio-ii`,
/// `Øresundskomiteen` → `oresundskomiteen`, `Община Варна` → `obshtina-varna`).
public enum Slug {
    /// The slug of `text`.
    public static func make(_ text: String) -> String {
        // Written as bytes: every piece is ASCII, and an ASCII letter or digit (most of any name) is placed without
        // making a string of it.
        var slug: [UInt8] = []
        slug.reserveCapacity(text.utf8.count)
        var pendingHyphen = false
        func place(_ piece: some Collection<UInt8>) {
            if piece.isEmpty {
                pendingHyphen = !slug.isEmpty
                return
            }
            if pendingHyphen { slug.append(UInt8(ascii: "-")) }
            pendingHyphen = false
            slug.append(contentsOf: piece)
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"): place(CollectionOfOne(byte))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): place(CollectionOfOne(byte + 32))
                default: place(EmptyCollection())
                }
            } else {
                place(transliterate(scalar).utf8)
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// True when `id` is already a slug.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && make(id) == id
    }

    /// The hyphen-separated words of the slug of `text`.
    public static func words(_ text: String) -> [Substring] {
        make(text).split(separator: "-")
    }

    /// Lowercase ASCII letters for a scalar beyond ASCII, "" for a separator.
    private static func transliterate(_ scalar: Unicode.Scalar) -> String {
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

