import Foundation

/// The texts that mean "no value" in a source, such as Eurostat's `:`, an empty field or `-`; compared after
/// trimming whitespace (NBSP included).
public struct MissingMarkers: Sendable, Hashable {
    public let markers: Set<String>

    public init(_ markers: Set<String> = ["", ":", "-"]) {
        self.markers = markers
    }

    public func isMissing(_ text: String?) -> Bool {
        guard let text else { return true }
        return markers.contains(Self.trimmed(text))
    }

    /// `text` without whitespace and line breaks at its ends, as Foundation's `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives it (Unicode's White_Space is the same set), without a copy through Foundation
    /// when the ends are no whitespace, as in nearly every cell: an import trims each field it reads.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `parse(text)`, or nil when `text` is missing.
    public func value<T>(_ text: String?, _ parse: (String) throws(ValueError) -> T) throws(ValueError) -> T? {
        guard let text, !isMissing(text) else { return nil }
        return try parse(text)
    }
}
