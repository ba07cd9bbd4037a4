/// Entity-tag comparison (RFC 9110, 8.8.3 and 13.1.2), used by `ConditionalRequest`.
///
/// The gzip representation of a resource carries its tag with `-gzip` before the closing quote
/// (`"abc"` → `"abc-gzip"`); for `If-None-Match` both name the same state of the resource.
public enum EntityTag {
    /// The tag of the gzip representation of the representation tagged `tag`.
    public static func gzipVariant(of tag: String) -> String {
        tag.hasSuffix("\"") ? String(tag.dropLast()) + "-gzip\"" : tag
    }

    /// Whether `If-None-Match` elements match `tag` by weak comparison; `*` matches any tag.
    public static func matches<S: StringProtocol>(_ tag: String, ifNoneMatch elements: [S]) -> Bool {
        let current = opaque(tag)
        return elements.contains { $0 == "*" || opaque($0) == current }
    }

    /// Whether `If-Match` elements match `tag` by strong comparison (RFC 9110, 13.1.1): a weak tag never does;
    /// `*` matches any. The gzip variant's tag names the same state as the tag.
    public static func matches<S: StringProtocol>(_ tag: String, ifMatch elements: [S]) -> Bool {
        elements.contains { $0 == "*" || (!$0.hasPrefix("W/") && opaque($0) == opaque(tag)) }
    }

    /// The tag without its weakness prefix.
    static func strong<S: StringProtocol>(_ tag: S) -> Substring {
        let text = Substring(tag)
        return text.hasPrefix("W/") ? text.dropFirst(2) : text
    }

    /// The tag without its weakness prefix and without the gzip variant's suffix.
    static func opaque<S: StringProtocol>(_ tag: S) -> String {
        let text = strong(tag)
        if text.hasSuffix("-gzip\"") { return text.dropLast(6) + "\"" }
        return String(text)
    }
}
