/// The names of a table's columns, and the lookup of a column by the name a mapping gives.
///
/// A name matches exactly, else with case and runs of whitespace ignored, else as either half of a two-language
/// header such as `Ende des Vorhabens  - operation end date` (so `operation end date` finds it). The first column
/// with a name wins.
public struct ColumnHeader: Sendable, Hashable {
    public let names: [String]
    private let exact: [String: Int]
    private let loose: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var exact: [String: Int] = [:]
        var loose: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if exact[name] == nil { exact[name] = index }
            for key in [Self.fold(name)] + Self.halves(of: name).map(Self.fold) where !key.isEmpty && loose[key] == nil {
                loose[key] = index
            }
        }
        self.exact = exact
        self.loose = loose
    }

    /// The 0-based index of the column `name` names, if any.
    public func index(of name: String) -> Int? {
        exact[name] ?? loose[Self.fold(name)]
    }

    /// Lowercased, trimmed, with every run of whitespace (NBSP included) one space.
    static func fold(_ name: String) -> String {
        TextNormalizer.normalize(name.lowercased())
    }

    /// The two halves of a header written as `Deutsch - English`: split at the one hyphen with space on a side.
    static func halves(of name: String) -> [String] {
        let characters = Array(name)
        let splits = characters.indices.filter { index in
            characters[index] == "-"
                && ((index > 0 && characters[index - 1].isWhitespace)
                    || (index + 1 < characters.count && characters[index + 1].isWhitespace))
        }
        guard splits.count == 1, let split = splits.first else { return [] }
        return [String(characters[..<split]), String(characters[(split + 1)...])]
    }
}
