/// Everything the server can be tuned with; every value has a production default.
public struct ServerConfiguration: Sendable {
    /// The address to listen on: an IPv4 or IPv6 literal, or `localhost`.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 lets the system pick one (read it back from `Server.port`).
    public var port: Int = 8080
    /// The listen backlog.
    public var backlog: Int32 = 1024
    /// The parser's size limits.
    public var limits = ParserLimits()
    /// Time to receive a complete request head once its first byte arrived, or after accepting (slowloris guard).
    public var headerTimeout: Duration = .seconds(10)
    /// Time an idle keep-alive connection is kept open.
    public var idleTimeout: Duration = .seconds(60)
    /// Longest time without progress while a request body is arriving.
    public var bodyStallTimeout: Duration = .seconds(30)
    /// Time to receive a whole request body once its head was read: bounds a body that keeps arriving, too
    /// slowly to stall (a byte every few seconds), which would otherwise hold the connection for as long
    /// as it lasts.
    public var bodyDeadline: Duration = .seconds(120)
    /// Longest time without progress while a response is being written.
    public var writeStallTimeout: Duration = .seconds(30)
    /// The most connections open at once; further clients get a fast 503 and are closed.
    public var maxConnections: Int = 10_000
    /// The most requests a connection may hold unanswered (pipelined) before the server stops reading from it.
    public var maxPipelinedRequests: Int = 32
    /// Event-loop threads; each owns its connections and runs its own epoll instance.
    public var eventLoopCount: Int = max(1, systemProcessorCount())
    /// Serial worker queues that run `.workerPool` handlers: the bound on concurrent blocking work.
    public var workerCount: Int = max(2, systemProcessorCount() * 2)
    /// Serial queues that run `.longRunning` handlers: the bound on requests waiting for slow shared work.
    public var longRunningWorkerCount: Int = 2
    /// Serial queues that run the producers of streamed responses (``ResponseStream``): the bound on
    /// concurrent streams. Kept apart from the handlers' queues, so that long downloads to slow clients do
    /// not hold back other requests; a producer waits on its client most of the time, not on a core.
    public var streamWorkerCount: Int = max(4, systemProcessorCount() * 2)
    /// The most bytes of a streamed body waiting to be taken into a connection's output buffer, itself
    /// bounded to about 256 KiB: beyond them the producer waits for the client.
    public var streamBufferLimit: Int = 256 * 1024
    /// How long a graceful shutdown waits for in-flight requests before closing the remaining connections.
    public var shutdownDeadline: Duration = .seconds(10)
    /// How long a graceful shutdown keeps an idle keep-alive connection open for a request the client may
    /// already have sent, which is then answered with `Connection: close`. Closing an idle connection races
    /// with its client's next request; under load every connection gets its next request within this time.
    public var shutdownIdleGrace: Duration = .milliseconds(250)
    /// Response compression.
    public var contentCoding = ContentCoding()
    /// A shared cache of the responses of routes that allow it (`CachePolicy`), consulted before routing;
    /// nil for none.
    public var responseCache: ResponseCache?
    /// The `Server` header field, or nil for none.
    public var serverName: String? = "brobygger"

    public init() {}
}
