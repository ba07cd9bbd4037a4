/// Why a field's text is not the value a mapping asked for: the text and the reason, for the row's error to quote.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text that failed, as it was in the file.
    public let text: String
    /// What was expected (`a number`, `a date as dd.mm.yyyy`).
    public let expected: String
    public let reason: String

    public init(text: String, expected: String, reason: String) {
        self.text = text
        self.expected = expected
        self.reason = reason
    }

    public var description: String { "\"\(text)\" is not \(expected): \(reason)" }
}
