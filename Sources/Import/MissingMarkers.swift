/// The texts that mean "no value" in a source, such as Eurostat's `:`, an empty field or `-`; compared after
/// trimming whitespace (NBSP included).
public struct MissingMarkers: Sendable, Hashable {
    public let markers: Set<String>

    public init(_ markers: Set<String> = ["", ":", "-"]) {
        self.markers = markers
    }

    public func isMissing(_ text: String?) -> Bool {
        guard let text else { return true }
        return markers.contains(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `parse(text)`, or nil when `text` is missing.
    public func value<T>(_ text: String?, _ parse: (String) throws(ValueError) -> T) throws(ValueError) -> T? {
        guard let text, !isMissing(text) else { return nil }
        return try parse(text)
    }
}
