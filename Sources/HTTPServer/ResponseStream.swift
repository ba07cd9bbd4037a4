/// A response body produced while it is sent: `produce` writes the body into a ``ResponseBodyWriter`` and
/// returns when it is complete.
///
/// The server sends the head first, then runs `produce` on one of its stream queues (it may block: it
/// reads from a database) and writes each part as it comes, with chunked transfer coding for HTTP/1.1
/// clients and to the end of the connection for HTTP/1.0 ones, gzip-compressed when the client accepts it.
/// Only a bounded amount is held per connection: `write` waits while the client is behind, and throws
/// ``ResponseBodyWriter/Cancelled`` once the connection is gone, so a client that stops reading or leaves
/// stops the producer. `HEAD` gets the head only and `produce` does not run. A streamed response has no
/// `Content-Length` and no entity tag, and never enters the response cache.
public struct ResponseStream: Sendable {
    let produce: @Sendable (ResponseBodyWriter) throws -> Void
    /// The zlib level to compress with, set by content coding when the client accepts gzip; nil for none.
    var gzipLevel: Int32?

    public init(_ produce: @escaping @Sendable (ResponseBodyWriter) throws -> Void) {
        self.produce = produce
    }
}
