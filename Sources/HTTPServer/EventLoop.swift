import Glibc
import CSystem
import Foundation
import Locking
import struct Synchronization.Atomic

/// One thread that owns a set of connections and waits for their readiness with its own epoll instance.
///
/// Why an epoll loop of our own rather than `DispatchSource`: libdispatch on Linux drains a single global
/// epoll instance from one manager thread and re-arms each source after every event, so every request pays
/// an extra hop between threads and an `epoll_ctl`. Here each loop thread waits on its own epoll set with
/// edge-triggered registration (registered once, never re-armed), reads, parses, answers non-blocking handlers
/// and writes on the same thread. Handlers that may block run on the server's bounded Dispatch worker queues
/// and hand their response back through `execute(_:)`.
///
/// The two are measured against each other by `scripts/bench-readiness` (BENCHMARKS.md, "Readiness: epoll
/// loops against DispatchSource").
///
/// Threading: every stored property except `tasks` and `wakeDescriptors` is touched only by the loop thread.
final class EventLoop: @unchecked Sendable {
    let index: Int
    let core: ServerCore
    private let epollDescriptor: Int32
    /// A pipe whose read end is in the epoll set; writing a byte wakes the loop for `tasks`.
    private let wakeDescriptors: (read: Int32, write: Int32)
    private let tasks = Mutex(TaskQueue())
    private let wakePending = Atomic<Bool>(false)

    private var connections: [Int32: Connection] = [:]
    private var listener: Int32?
    private var nextLoopForAccept = 0
    private var generation: UInt64 = 0
    private(set) var dateCache = DateCache()
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var draining = false
    private var drainDeadline: ContinuousClock.Instant?
    private var requestCounter: UInt64 = 0
    private let requestIDPrefix: String
    private var stopped = false
    /// Set while accepting is paused because the process ran out of file descriptors.
    private var listenerPausedUntil: ContinuousClock.Instant?

    init(index: Int, core: ServerCore) throws {
        self.index = index
        self.core = core
        epollDescriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollDescriptor >= 0 else { throw SocketError("epoll_create1") }
        var pipeEnds: [Int32] = [0, 0]
        guard brobygger_pipe2(&pipeEnds) == 0 else {
            close(epollDescriptor)
            throw SocketError("pipe2")
        }
        wakeDescriptors = (pipeEnds[0], pipeEnds[1])
        readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        requestIDPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 16) + "-\(index)"
        register(wakeDescriptors.read, events: UInt32(EPOLLIN.rawValue))
    }

    deinit {
        readBuffer.deallocate()
        close(wakeDescriptors.read)
        close(wakeDescriptors.write)
        close(epollDescriptor)
    }

    // MARK: - From any thread

    /// Runs `task` on the loop thread, soon.
    func execute(_ task: @escaping @Sendable () -> Void) {
        let queued = tasks.withLock { queue in
            guard !queue.ended else { return false }
            queue.pending.append(task)
            return true
        }
        // After the loop has ended (a worker finishing for a connection it closed) there is nothing left for the
        // task to act on, and keeping it would keep this loop, which it holds, from ever being freed.
        guard queued else { return }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var byte: UInt8 = 1
            _ = write(wakeDescriptors.write, &byte, 1)
        }
    }

    // MARK: - Loop thread

    /// Starts accepting on `listener` from this loop; accepted connections are spread over all loops.
    func listen(on listener: Int32) {
        self.listener = listener
        register(listener, events: UInt32(EPOLLIN.rawValue))
    }

    /// Runs until the loop is drained after `beginDraining`. Call on the loop's own thread.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        let tick = core.timeoutTick
        var lastSweep = ContinuousClock.now
        // A draining loop ends once it has no connections and the accepting loop has let go of the listener:
        // after that no accepted connection can be handed to it any more.
        // A task still queued may hand it a connection accepted before that: it is answered, not dropped.
        while !(stopped && core.acceptorClosed.load(ordering: .acquiring) && !hasPendingTasks) {
            let count = events.withUnsafeMutableBufferPointer { buffer in
                epoll_wait(epollDescriptor, buffer.baseAddress, Int32(buffer.count), Int32(tick.milliseconds))
            }
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                let fd = Int32(truncatingIfNeeded: event.data.u64)
                if fd == wakeDescriptors.read {
                    runTasks()
                } else if fd == listener {
                    acceptConnections()
                } else if let connection = connections[fd] {
                    connection.handle(events: event.events)
                }
            }
            let now = ContinuousClock.now
            if now - lastSweep >= tick {
                lastSweep = now
                sweep(now: now)
            }
        }
        // Connections handed over just before the end are closed by `adopt`, which sees the loop draining.
        runTasks()
        for connection in connections.values { connection.close() }
        connections.removeAll()
        let late = tasks.withLock { queue in
            queue.ended = true
            defer { queue.pending = [] }
            return queue.pending
        }
        for task in late { task() }
    }

    /// Tasks for the loop thread, and whether the loop has ended and takes no more.
    private struct TaskQueue {
        var pending: [@Sendable () -> Void] = []
        var ended = false
    }

    private var hasPendingTasks: Bool { tasks.withLock { !$0.pending.isEmpty } }

    private func runTasks() {
        var byte: UInt8 = 0
        while read(wakeDescriptors.read, &byte, 1) > 0 {}
        wakePending.store(false, ordering: .releasing)
        let pending = tasks.withLock { queue in
            let taken = queue.pending
            queue.pending.removeAll(keepingCapacity: true)
            return taken
        }
        for task in pending { task() }
    }

    private func acceptConnections() {
        guard let listener else { return }
        defer {
            // Out of descriptors: the pending connection stays in the backlog and the level-triggered
            // listener would wake this loop at once, forever. Stop listening for a moment instead.
            if errno == EMFILE || errno == ENFILE {
                epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, listener, nil)
                listenerPausedUntil = .now + .milliseconds(100)
                core.errorLog?("accept: out of file descriptors (errno \(errno)); not accepting for 100 ms")
            }
        }
        while let fd = Socket.accept(listener) {
            let open = core.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > core.configuration.maxConnections {
                core.openConnections.wrappingSubtract(1, ordering: .relaxed)
                rejectOverCapacity(fd)
                continue
            }
            let target = core.loops[nextLoopForAccept % core.loops.count]
            nextLoopForAccept &+= 1
            if target === self {
                adopt(fd)
            } else {
                target.execute { [target] in target.adopt(fd) }
            }
        }
    }

    /// Answers a client beyond `maxConnections` with a short 503 and closes, without reading its request.
    private func rejectOverCapacity(_ fd: Int32) {
        let problem = ProblemDetails(type: ProblemDetails.typeURI("over-capacity"), title: "Service Unavailable",
                                     status: .serviceUnavailable,
                                     detail: "The server has reached its connection limit; retry shortly.")
        var response = problem.response
        response.headers.set("Retry-After", "1")
        let bytes = ResponseHead.serialize(
            response, storedHead: nil, serverName: core.configuration.serverName, sendsBody: true, age: nil,
            date: dateCache.current(), requestID: nil, keepAlive: false, version: .http1_1
        )
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        Glibc.close(fd)
    }

    /// Takes ownership of an accepted connection; while draining, answers what it sent and closes it.
    func adopt(_ fd: Int32) {
        if draining, let drainDeadline, ContinuousClock.now >= drainDeadline {
            Glibc.close(fd)
            core.openConnections.wrappingSubtract(1, ordering: .relaxed)
            return
        }
        generation &+= 1
        let connection = Connection(fd: fd, generation: generation, loop: self)
        connections[fd] = connection
        register(fd, events: UInt32(EPOLLIN.rawValue) | UInt32(EPOLLOUT.rawValue) | UInt32(EPOLLRDHUP.rawValue)
                 | UInt32(EPOLLET.rawValue))
        core.connectionOpened()
        // Data may already be waiting: with edge triggering no event reports what arrived before registration.
        if draining {
            stopped = false
            connection.drain()
        } else {
            connection.handle(events: UInt32(EPOLLIN.rawValue) | UInt32(EPOLLOUT.rawValue))
        }
    }

    /// Forgets a connection that closed itself.
    func remove(_ connection: Connection) {
        guard connections[connection.fd] === connection else { return }
        connections[connection.fd] = nil
        epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, connection.fd, nil)
        core.openConnections.wrappingSubtract(1, ordering: .relaxed)
        core.connectionClosed()
        if draining && connections.isEmpty { stopped = true }
    }

    /// Delivers the response of a handler that ran on a worker queue.
    func complete(fd: Int32, generation: UInt64, slot: UInt64, response: Response, finishedAt: ContinuousClock.Instant) {
        guard let connection = connections[fd], connection.generation == generation else { return }
        connection.complete(slot: slot, response: response, finishedAt: finishedAt)
    }

    /// Goes on with a streamed response whose producer has more of its body ready, or has finished.
    func resumeStream(fd: Int32, generation: UInt64) {
        guard let connection = connections[fd], connection.generation == generation else { return }
        connection.process()
    }

    /// Takes the connections already waiting in the backlog, whose requests have reached the server too, and
    /// stops accepting. On the accepting loop, before any loop drains.
    func stopAccepting() {
        guard let listener else { return }
        acceptConnections()
        epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, listener, nil)
        self.listener = nil
    }

    /// Answers every request that has reached the server with `Connection: close` and closes each connection
    /// between requests (`Connection.drain()`), and ends the loop once none is left or the deadline has passed.
    func beginDraining(deadline: ContinuousClock.Instant) {
        draining = true
        drainDeadline = deadline
        if index == 0 { core.acceptorClosed.store(true, ordering: .releasing) }
        for connection in Array(connections.values) { connection.drain() }
        if connections.isEmpty { stopped = true }
    }

    private func sweep(now: ContinuousClock.Instant) {
        if let pausedUntil = listenerPausedUntil, now >= pausedUntil, let listener, !draining {
            listenerPausedUntil = nil
            register(listener, events: UInt32(EPOLLIN.rawValue))
        }
        for connection in Array(connections.values) { connection.checkTimeouts(now: now) }
        if let drainDeadline, now >= drainDeadline {
            for connection in Array(connections.values) { connection.close() }
            stopped = true
        }
    }

    /// A fresh request id: unique per server run, cheap to make.
    func makeRequestID() -> String {
        requestCounter &+= 1
        return "\(requestIDPrefix)-\(requestCounter)"
    }

    var isDraining: Bool { draining }

    func currentDate() -> [UInt8] { dateCache.current() }

    private func register(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = UInt64(UInt32(bitPattern: fd))
        epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, fd, &event)
    }

    /// The shared scratch buffer reads go into before they are appended to a connection's input.
    var scratch: UnsafeMutableRawBufferPointer { readBuffer }
}
