import Glibc
import Foundation
import Locking

/// The HTTP/1.1 server: a listening socket, a fixed set of event-loop threads and a bounded worker pool.
///
/// ```swift
/// var router = Router()
/// router.get("/healthz", execution: .eventLoop) { _ in .json(Array(#"{"status":"ok"}"#.utf8)) }
/// let server = Server(configuration: ServerConfiguration(), router: router)
/// try server.start()
/// server.wait()   // until shutdown(), e.g. from a SIGTERM handler
/// ```
public final class Server: Sendable {
    private let core: ServerCore
    private let state = Mutex<State>(State())
    private let stoppedGroup = DispatchGroup()

    private struct State {
        var listener: Int32?
        var port = 0
        var started = false
        var shuttingDown = false
        /// `shutdown()` came before `start()` finished (a SIGTERM as the process starts): honoured once it has.
        var stopRequested = false
    }

    /// - Parameters:
    ///   - accessLog: called once per answered request, on an event-loop thread; keep it quick.
    ///   - errorLog: called with a message when a handler throws an unexpected error.
    public init(
        configuration: ServerConfiguration,
        router: Router,
        accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil,
        errorLog: (@Sendable (String) -> Void)? = nil
    ) {
        core = ServerCore(configuration: configuration, router: router, accessLog: accessLog, errorLog: errorLog)
    }

    public var configuration: ServerConfiguration { core.configuration }

    /// The port the server listens on, once started (useful with port 0).
    public var port: Int { state.withLock { $0.port } }

    /// Connections currently open.
    public var openConnections: Int { core.activeConnections.load(ordering: .relaxed) }

    /// Binds the socket and starts the event-loop threads; returns at once.
    public func start() throws {
        // A peer that resets a connection must not kill the process on the next write.
        signal(SIGPIPE, SIG_IGN)
        Server.raiseDescriptorLimit()
        let listener = try Socket.listen(host: core.configuration.host, port: core.configuration.port,
                                         backlog: core.configuration.backlog)
        let loops: [EventLoop]
        do {
            loops = try (0..<max(1, core.configuration.eventLoopCount)).map { try EventLoop(index: $0, core: core) }
        } catch {
            Glibc.close(listener)
            throw error
        }
        core.loops = loops
        state.withLock { state in
            state.listener = listener
            state.port = Socket.localPort(listener)
            state.started = true
        }
        loops[0].listen(on: listener)
        for loop in loops {
            stoppedGroup.enter()
            let group = stoppedGroup
            let thread = Thread {
                loop.run()
                group.leave()
            }
            thread.name = "brobygger.loop.\(loop.index)"
            thread.start()
        }
        // Each loop holds the core and the core its loops: once every loop has stopped, the core lets go of them,
        // so that a stopped server is freed with all it held (its router and the handlers' state).
        stoppedGroup.notify(queue: .global()) { [core] in core.loops = [] }
        if state.withLock({ $0.stopRequested }) { shutdown() }
    }

    /// Begins a graceful shutdown: stop accepting, close idle connections, let in-flight requests finish
    /// until the configured deadline, then close what is left. Returns at once; `wait()` returns when done.
    public func shutdown() {
        let listener: Int32? = state.withLock { state in
            guard state.started else {
                state.stopRequested = true
                return nil
            }
            guard !state.shuttingDown else { return nil }
            state.shuttingDown = true
            return state.listener
        }
        guard let listener else { return }
        let deadline = ContinuousClock.now + core.configuration.shutdownDeadline
        let loops = core.loops
        // The listener closes before any connection is told `Connection: close`: a client that reconnects
        // then is refused, instead of landing in the backlog just before it closes and being reset.
        loops[0].execute {
            loops[0].stopAccepting()
            Glibc.close(listener)
            for loop in loops {
                loop.execute { loop.beginDraining(deadline: deadline) }
            }
        }
    }

    /// Raises the soft limit on open files to the hard limit: each connection holds one descriptor, and
    /// the usual soft limit of 1024 is far below `maxConnections`.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Blocks until every event loop has stopped after `shutdown()`.
    public func wait() {
        stoppedGroup.wait()
    }
}
