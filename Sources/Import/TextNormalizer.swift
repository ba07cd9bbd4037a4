/// Cleans a text field for use as a name: every run of whitespace, NBSP (common in spreadsheet exports) and
/// line breaks included, becomes one space, and the ends are trimmed. The raw field stays available for evidence.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        if isNormal(text) { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether `text` is normalized already: ASCII without control characters, no space at either end nor two in a
    /// row (most fields), so that it need not be split and joined again.
    static func isNormal(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            if byte < 0x20 || byte >= 0x7F || (byte == 0x20 && previous == 0x20) { return false }
            previous = byte
        }
        return previous != 0x20
    }
}
