/// A mapping file that cannot be used: the file, the key in it (`records[1].fields.total_budget.parse`) and why.
public struct MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// Where in the mapping, as a path of keys; empty for the file as a whole.
    public var key: String
    public var reason: String

    public init(file: String, key: String, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String { key.isEmpty ? "\(file): \(reason)" : "\(file), \(key): \(reason)" }
}
