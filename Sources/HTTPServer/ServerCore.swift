import Dispatch
import Synchronization

/// What the event loops of one server share: configuration, routes, hooks, worker queues and counters.
/// Immutable after start, but for its atomics.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let accessLog: (@Sendable (AccessLogEntry) -> Void)?
    let errorLog: (@Sendable (String) -> Void)?
    let workers: WorkerPool
    /// Runs the handlers of ``HandlerExecution/serial`` routes, one at a time.
    let serialQueue = DispatchQueue(label: "brobygger.serial", qos: .userInitiated)
    /// Runs the handlers of ``HandlerExecution/longRunning`` routes.
    let longRunningWorkers: WorkerPool
    /// The queues the producers of streamed responses run on.
    let streamWorkers: WorkerPool
    let openConnections = Atomic<Int>(0)
    let activeConnections = Atomic<Int>(0)
    /// Set by the accepting loop once it no longer accepts: from then on no connection changes hands.
    let acceptorClosed = Atomic<Bool>(false)
    /// Set once, before any loop thread starts; emptied once they have all stopped (`Server.start()`).
    nonisolated(unsafe) var loops: [EventLoop] = []
    /// How often loops wake to check timeouts: a quarter of the shortest timeout, between 5 ms and 250 ms.
    let timeoutTick: Duration

    init(
        configuration: ServerConfiguration,
        router: Router,
        accessLog: (@Sendable (AccessLogEntry) -> Void)?,
        errorLog: (@Sendable (String) -> Void)?
    ) {
        self.configuration = configuration
        self.router = router
        self.accessLog = accessLog
        self.errorLog = errorLog
        workers = WorkerPool(count: configuration.workerCount, label: "brobygger.worker")
        longRunningWorkers = WorkerPool(count: configuration.longRunningWorkerCount, label: "brobygger.long-running")
        streamWorkers = WorkerPool(count: configuration.streamWorkerCount, label: "brobygger.stream")
        let shortest = [configuration.headerTimeout, configuration.idleTimeout, configuration.bodyStallTimeout,
                        configuration.bodyDeadline, configuration.writeStallTimeout].min() ?? .seconds(1)
        timeoutTick = max(.milliseconds(5), min(.milliseconds(250), shortest / 4))
    }

    func connectionOpened() { activeConnections.wrappingAdd(1, ordering: .relaxed) }
    func connectionClosed() { activeConnections.wrappingSubtract(1, ordering: .relaxed) }
}

/// A fixed set of serial Dispatch queues that run handlers which may block; requests are spread round-robin.
/// At most `count` handlers run at once, whatever the load, so blocking work never grows the thread pool.
final class WorkerPool: Sendable {
    private let queues: [DispatchQueue]
    private let next = Atomic<Int>(0)

    init(count: Int, label: String) {
        queues = (0..<max(1, count)).map { DispatchQueue(label: "\(label).\($0)", qos: .userInitiated) }
    }

    func submit(_ work: @escaping @Sendable () -> Void) {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        queues[abs(index % queues.count)].async(execute: work)
    }
}
