/// Size limits the request parser enforces; every one is configurable.
public struct ParserLimits: Sendable, Equatable {
    /// The longest request line accepted (method, target and version); longer answers 414.
    public var maxRequestLineLength: Int = 8 * 1024
    /// The largest header section accepted, request line excluded; larger answers 431.
    public var maxHeaderSectionSize: Int = 32 * 1024
    /// The most header field lines accepted; more answers 431.
    public var maxHeaderCount: Int = 100
    /// The largest request body accepted, after chunked decoding; larger answers 413.
    public var maxBodySize: Int = 8 * 1024 * 1024
    /// Body limits, in place of `maxBodySize`, of requests to these paths (the path exactly, still
    /// percent-encoded, without the query): a route that takes whole files needs a larger one than the rest,
    /// and the limit must be known from the head, before any of the body is read.
    public var maxBodySizeByPath: [String: Int] = [:]
    /// The longest chunk-size line accepted, extensions included; longer answers 400.
    public var maxChunkLineLength: Int = 1024
    /// The largest trailer section accepted after the last chunk; larger answers 431.
    public var maxTrailerSectionSize: Int = 8 * 1024

    public init() {}

    /// The largest body accepted for a request to `path`.
    public func maxBodySize(forPath path: String) -> Int {
        // Asked for every request: no hashing of the path when no route has a limit of its own.
        maxBodySizeByPath.isEmpty ? maxBodySize : maxBodySizeByPath[path] ?? maxBodySize
    }
}
