/// A JSON value as imported: numbers kept as decimal text (`333746.87`, not a binary double) so that money and
/// rates parse exactly, like every other imported field.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value as field text: strings as they are, numbers as decimal text, booleans as `true`/`false`;
    /// nil for null, arrays and objects.
    public var text: String? {
        switch self {
        case .string(let string): string
        case .number(let number): number
        case .bool(let bool): bool ? "true" : "false"
        case .null, .array, .object: nil
        }
    }
}
