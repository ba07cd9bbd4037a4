/// Cleans a text field for use as a name: every run of whitespace, NBSP (common in spreadsheet exports) and
/// line breaks included, becomes one space, and the ends are trimmed. The raw field stays available for evidence.
public enum TextNormalizer {
    public static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
