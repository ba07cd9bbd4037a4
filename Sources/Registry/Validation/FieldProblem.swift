/// One thing wrong with a record sent for writing: the field, as a JSON Pointer into the body (`/partners/0/role`,
/// `""` for the body as a whole), and why, in words that say what to send instead.
public struct FieldProblem: Sendable, Hashable, CustomStringConvertible {
    public var pointer: String
    public var reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String { "\(pointer.isEmpty ? "the body" : pointer): \(reason)" }

    /// The pointer of member `name` of the value at `pointer` (RFC 6901: `~` is `~0`, `/` is `~1`).
    static func pointer(_ pointer: String, _ name: String) -> String {
        // Validation makes the pointer of every field it checks; Foundation's replacing is slow, and field names
        // rarely hold either character.
        guard name.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return pointer + "/" + name }
        return pointer + "/" + name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The pointer of element `index` of the array at `pointer`.
    static func pointer(_ pointer: String, _ index: Int) -> String {
        pointer + "/" + String(index)
    }
}
