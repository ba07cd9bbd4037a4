import Glibc
import CSystem
import DequeModule

/// One client connection: its state, the readiness events that drive it, and its end. Lives on, and is
/// touched only by, the thread of its event loop.
///
/// The work is split by job across files of extensions: reading and parsing (`Connection+Reading`),
/// dispatching to the cache, the router and the worker queues (`Connection+Dispatch`), turning answers into
/// bytes in request order (`Connection+Responses`), writing and lingering (`Connection+Writing`), and
/// timeouts (`Connection+Timeouts`).
final class Connection {
    /// A response place, in request order: pipelined requests are answered in the order they came,
    /// whichever handler finishes first.
    struct Slot {
        var id: UInt64
        var request: Request
        var startedAt: ContinuousClock.Instant
        var bytes: [UInt8]?
        /// What the response cache may keep of the response; `.uncached` for answers from the cache itself.
        var caching: CachePolicy = .uncached
        /// The response cache's generation when the request arrived.
        var cacheGeneration = 0
        /// The body still to come of a streamed response whose head is placed.
        var stream: ActiveStream?
    }

    let fd: Int32
    let generation: UInt64
    /// The client's IP address, read once when the connection is adopted and given to each of its requests.
    let peerAddress: String?
    unowned let loop: EventLoop
    let configuration: ServerConfiguration

    var input: [UInt8] = []
    var inputStart = 0
    var parser: RequestParser
    var output: [UInt8] = []
    var outputOffset = 0
    var slots: Deque<Slot> = []
    var nextSlotID: UInt64 = 0

    /// Edge-triggered readiness: whether unread data (or end of stream) may be waiting.
    var readable = false
    var peerHalfClosed = false
    var writable = true
    var peerClosed = false
    /// No further request is read: the connection closes once what is queued has been written.
    var closeAfterFlush = false
    /// The server is stopping: the last request read is answered with `Connection: close`.
    var draining = false
    /// While draining, until when an idle connection waits for a request that may already be on its way.
    var drainIdleDeadline: ContinuousClock.Instant?
    var continueSent = false
    var requestsServed = 0
    var lingerDeadline: ContinuousClock.Instant?
    private(set) var isClosed = false

    var lastActivity: ContinuousClock.Instant
    var lastWriteProgress: ContinuousClock.Instant
    var headStartedAt: ContinuousClock.Instant?
    /// When the body of the request being read began, once its head was read.
    var bodyStartedAt: ContinuousClock.Instant?

    init(fd: Int32, generation: UInt64, loop: EventLoop) {
        self.fd = fd
        self.generation = generation
        self.loop = loop
        peerAddress = Socket.peerAddress(fd)
        configuration = loop.core.configuration
        parser = RequestParser(limits: configuration.limits)
        let now = ContinuousClock.now
        lastActivity = now
        lastWriteProgress = now
    }

    func handle(events: UInt32) {
        if events & UInt32(EPOLLERR.rawValue) != 0 {
            close()
            return
        }
        if events & (UInt32(EPOLLIN.rawValue) | UInt32(EPOLLHUP.rawValue)) != 0 { readable = true }
        if events & (UInt32(EPOLLRDHUP.rawValue) | UInt32(EPOLLHUP.rawValue)) != 0 {
            readable = true
            peerHalfClosed = true
        }
        if events & UInt32(EPOLLOUT.rawValue) != 0 { writable = true }
        process()
    }

    /// Does all the work the connection can do now: write, read, parse, answer, close.
    func process() {
        if lingerDeadline != nil {
            discardWhileLingering()
            return
        }
        flush()
        pumpStreams()
        while !isClosed && readable && !closeAfterFlush && slots.count < configuration.maxPipelinedRequests
                && !isOutputBacklogged {
            guard readOnce() else { break }
            parseAvailable()
        }
        if !isClosed { parseAvailable() }
        flush()
        closeIfDone()
    }

    /// Stops keeping the connection alive: what is already in its buffers or the socket's is read and
    /// answered, the last answer with `Connection: close`. An idle connection waits a moment
    /// (`shutdownIdleGrace`) for a request the client may have sent already, and is closed after it.
    func drain() {
        guard !isClosed else { return }
        draining = true
        drainIdleDeadline = .now + configuration.shutdownIdleGrace
        readable = true
        process()
    }

    /// Whether nothing of a request is pending: the connection may be closed without losing work.
    var isIdle: Bool {
        slots.isEmpty && !hasPendingOutput && parser.isIdle && inputStart == input.count
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        cancelStreams()
        loop.remove(self)
        Glibc.close(fd)
    }
}
