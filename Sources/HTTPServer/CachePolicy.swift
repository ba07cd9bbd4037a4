/// What the server's `ResponseCache` may keep of a route's responses, declared when the route is added.
///
/// The route says it, not a response field read back: what goes on the wire (`Cache-Control: max-age=60`)
/// is for clients, and stays free of directives put there only for the server. A response may still opt
/// out with `Cache-Control: no-store`, `no-cache` or `private`.
public struct CachePolicy: Sendable, Equatable {
    /// How long a `200` response to `GET` may be answered from the cache; nil when it is never stored.
    public var lifetime: Duration?

    /// Never stored.
    public static let uncached = CachePolicy(lifetime: nil)

    /// Stored and answered from the cache for `lifetime`.
    public static func shared(lifetime: Duration) -> CachePolicy {
        CachePolicy(lifetime: lifetime)
    }
}
