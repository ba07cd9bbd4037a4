import Glibc
import CSystem

/// One client connection: reads bytes, parses requests, runs handlers, writes responses in request order,
/// and enforces the timeouts. Lives on, and is touched only by, the thread of its event loop.
final class Connection {
    /// A response place, in request order: pipelined requests are answered in the order they came,
    /// whichever handler finishes first.
    private struct Slot {
        var id: UInt64
        var request: Request
        var startedAt: ContinuousClock.Instant
        var bytes: [UInt8]?
        /// Whether the response came from the response cache (and so is not stored again).
        var fromCache = false
        /// The response cache's generation when the request arrived.
        var cacheGeneration = 0
    }

    let fd: Int32
    let generation: UInt64
    /// The client's IP address, read once when the connection is adopted and given to each of its requests.
    private let peerAddress: String?
    private unowned let loop: EventLoop
    private let configuration: ServerConfiguration

    private var input: [UInt8] = []
    private var inputStart = 0
    private var parser: RequestParser
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var slots: [Slot] = []
    private var nextSlotID: UInt64 = 0

    /// Edge-triggered readiness: whether unread data (or end of stream) may be waiting.
    private var readable = false
    private var peerHalfClosed = false
    private var writable = true
    private var peerClosed = false
    /// No further request is read: the connection closes once what is queued has been written.
    private var closeAfterFlush = false
    private var draining = false
    private var continueSent = false
    private var requestsServed = 0
    private var lingerDeadline: ContinuousClock.Instant?
    private(set) var isClosed = false

    private var lastActivity: ContinuousClock.Instant
    private var lastWriteProgress: ContinuousClock.Instant
    private var headStartedAt: ContinuousClock.Instant?
    /// When the body of the request being read began, once its head was read.
    private var bodyStartedAt: ContinuousClock.Instant?

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

    // MARK: - Events

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
    private func process() {
        if lingerDeadline != nil {
            discardWhileLingering()
            return
        }
        flush()
        while !isClosed && readable && !closeAfterFlush && slots.count < configuration.maxPipelinedRequests
                && !isOutputBacklogged {
            guard readOnce() else { break }
            parseAvailable()
        }
        if !isClosed { parseAvailable() }
        flush()
        closeIfDone()
    }

    /// One read into the loop's scratch buffer; false when nothing more can be read now.
    private func readOnce() -> Bool {
        let buffer = loop.scratch
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 {
            input.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            lastActivity = .now
            // A short read drained the socket; the next arrival raises a new edge. Read on when the peer
            // closed its side, to see the end of the stream.
            if count < buffer.count && !peerHalfClosed { readable = false }
            return true
        }
        if count == 0 {
            peerClosed = true
            readable = false
            return false
        }
        switch errno {
        case EINTR:
            return true
        case EAGAIN, EWOULDBLOCK:
            readable = false
        default:
            peerClosed = true
            readable = false
            close()
        }
        return false
    }

    private func parseAvailable() {
        while !isClosed && !closeAfterFlush && slots.count < configuration.maxPipelinedRequests && !isOutputBacklogged {
            let available = input.count - inputStart
            if available == 0 && !parser.isReadingBody { break }
            let (consumed, outcome) = input.withUnsafeBufferPointer { buffer in
                parser.parse(UnsafeBufferPointer(rebasing: buffer[inputStart...]))
            }
            inputStart += consumed
            switch outcome {
            case .needMoreData:
                if headStartedAt == nil && (inputStart < input.count || !parser.isIdle) { headStartedAt = .now }
                if bodyStartedAt == nil && parser.isReadingBody { bodyStartedAt = .now }
                sendContinueIfExpected()
                compactInput()
                return
            case .request(let request):
                headStartedAt = nil
                bodyStartedAt = nil
                continueSent = false
                dispatch(request)
            case .failure(let error):
                respondAndClose(error.problem.response, requestFrom: parser.pendingHead?.request)
            }
        }
        compactInput()
    }

    private func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 0 {
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
    }

    /// Answers `Expect: 100-continue` once the head is read, when no earlier response is still owed.
    private func sendContinueIfExpected() {
        guard !continueSent, slots.isEmpty, let head = parser.pendingHead, head.expectsContinue else { return }
        continueSent = true
        output.append(contentsOf: Connection.continueResponse)
    }

    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    // MARK: - Requests

    private func dispatch(_ parsed: Request) {
        var request = parsed
        request.peerAddress = peerAddress
        request.requestID = Connection.validRequestID(request.headers["X-Request-Id"]) ?? loop.makeRequestID()
        if !request.wantsKeepAlive || draining { closeAfterFlush = true }
        if let cache = configuration.responseCache, let hit = cache.lookup(request, now: .now) {
            let slotID = nextSlotID
            nextSlotID &+= 1
            switch hit {
            case .stored(let entry):
                request.routeTemplate = entry.routeTemplate
                slots.append(Slot(id: slotID, request: request, startedAt: .now, bytes: nil, fromCache: true))
                finish(slot: slotID, resume: false) { slot, keepAlive in
                    cachedBytes(entry, for: slot.request, keepAlive: keepAlive, startedAt: slot.startedAt)
                }
            case .notModified(let response, let route):
                request.routeTemplate = route
                slots.append(Slot(id: slotID, request: request, startedAt: .now, bytes: nil, fromCache: true))
                complete(slot: slotID, response: response, finishedAt: .now, resume: false)
            }
            return
        }
        let match = loop.core.router.match(request)
        request.pathParameters = match.parameters
        request.routeTemplate = match.template
        let slotID = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(id: slotID, request: request, startedAt: .now, bytes: nil,
                          cacheGeneration: configuration.responseCache?.generation ?? 0))

        switch match.execution {
        case .eventLoop:
            let response = Connection.run(match.handler, request, errorLog: loop.core.errorLog)
            complete(slot: slotID, response: response, finishedAt: .now, resume: false)
        case .workerPool:
            let loop = self.loop, fd = self.fd, generation = self.generation, handler = match.handler
            let request = request
            let errorLog = loop.core.errorLog
            loop.core.workers.submit {
                var answered = Connection.run(handler, request, errorLog: errorLog)
                // Compress here, not on the event loop, which other connections share.
                loop.core.configuration.contentCoding.apply(to: &answered, for: request)
                let response = answered
                let finishedAt = ContinuousClock.now
                loop.execute {
                    loop.complete(fd: fd, generation: generation, slot: slotID, response: response, finishedAt: finishedAt)
                }
            }
        }
    }

    /// Runs a handler, turning thrown errors into problem responses.
    private static func run(_ handler: Handler, _ request: Request, errorLog: (@Sendable (String) -> Void)?) -> Response {
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return error.response
        } catch {
            errorLog?("Unhandled error on \(request.method) \(request.path) [\(request.requestID)]: \(error)")
            return ProblemDetails(type: ProblemDetails.typeURI("internal-error"), title: "Internal Server Error",
                                  status: .internalServerError,
                                  detail: "The server failed to answer this request; request id \(request.requestID).")
                .response
        }
    }

    /// Places a finished response in its slot and writes every response that is now next in order.
    /// - Parameter resume: whether to go on reading and parsing afterwards; false when called from within
    ///   the parse loop itself, which goes on by itself.
    func complete(slot id: UInt64, response: Response, finishedAt: ContinuousClock.Instant, resume: Bool = true) {
        finish(slot: id, resume: resume) { slot, keepAlive in
            serialize(response, for: slot, keepAlive: keepAlive, finishedAt: finishedAt)
        }
    }

    /// Fills a slot with the bytes `serialized` makes of its response (given the slot and whether the
    /// connection stays open after it), then writes every response that is now next in order.
    private func finish(slot id: UInt64, resume: Bool, _ serialized: (Slot, Bool) -> [UInt8]) {
        guard let index = slots.firstIndex(where: { $0.id == id }) else { return }
        // Only the last response owed can close the connection; earlier ones keep it open for it.
        let keepAlive = index < slots.count - 1 || (!closeAfterFlush && !draining)
        slots[index].bytes = serialized(slots[index], keepAlive)
        while let first = slots.first, let bytes = first.bytes {
            output.append(contentsOf: bytes)
            slots.removeFirst()
            requestsServed += 1
        }
        lastActivity = .now
        if resume { process() }
    }

    /// Queues an error response after those already owed, stops reading, and closes once it is written.
    private func respondAndClose(_ response: Response, requestFrom pending: Request?) {
        closeAfterFlush = true
        var request = pending ?? Request(method: .get, target: "/", version: .http1_1)
        request.requestID = loop.makeRequestID()
        let slotID = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(id: slotID, request: request, startedAt: .now, bytes: nil))
        input.removeAll()
        inputStart = 0
        complete(slot: slotID, response: response, finishedAt: .now, resume: false)
    }

    // MARK: - Responses

    private func serialize(_ response: Response, for slot: Slot, keepAlive: Bool, finishedAt: ContinuousClock.Instant) -> [UInt8] {
        let request = slot.request
        var response = response
        if !slot.fromCache {
            configuration.contentCoding.apply(to: &response, for: request)
            configuration.responseCache?.store(response, for: request, serverName: configuration.serverName,
                                               generation: slot.cacheGeneration, now: finishedAt)
        }
        if !keepAlive { closeAfterFlush = true }
        let status = response.status
        let sendsBody = request.method != .head && status.permitsBody
        var head: [UInt8] = []
        head.reserveCapacity(256 + response.headers.count * 32 + (sendsBody ? response.body.count : 0))
        ResponseHead.appendStatusAndFields(of: response, serverName: configuration.serverName, to: &head)
        ResponseHead.appendField(ResponseHead.datePrefix, loop.currentDate(), to: &head)
        ResponseHead.appendField(ResponseHead.requestIDPrefix, request.requestID.utf8, to: &head)
        if status.permitsBody {
            ResponseHead.appendContentLength(response.body.count, to: &head)
        } else if status.code == 304, let length = response.headers["Content-Length"] {
            ResponseHead.appendField(ResponseHead.contentLengthPrefix, length.utf8, to: &head)
        }
        appendConnectionField(keepAlive: keepAlive, version: request.version, to: &head)
        head.append(contentsOf: ResponseHead.crlf)
        if sendsBody { head.append(contentsOf: response.body) }
        logAccess(request, status: status.code, bytes: sendsBody ? response.body.count : 0, startedAt: slot.startedAt,
                  finishedAt: finishedAt)
        return head
    }

    /// The bytes of a stored response from the response cache, with this request's own fields.
    private func cachedBytes(
        _ entry: ResponseCache.Entry, for request: Request, keepAlive: Bool, startedAt: ContinuousClock.Instant
    ) -> [UInt8] {
        if !keepAlive { closeAfterFlush = true }
        let now = ContinuousClock.now
        let sendsBody = request.method != .head
        let body = entry.response.body
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entry.head.count + 160 + (sendsBody ? body.count : 0))
        bytes.append(contentsOf: entry.head)
        ResponseHead.appendField(ResponseHead.agePrefix, String(entry.age(at: now)).utf8, to: &bytes)
        ResponseHead.appendField(ResponseHead.datePrefix, loop.currentDate(), to: &bytes)
        ResponseHead.appendField(ResponseHead.requestIDPrefix, request.requestID.utf8, to: &bytes)
        appendConnectionField(keepAlive: keepAlive, version: request.version, to: &bytes)
        bytes.append(contentsOf: ResponseHead.crlf)
        if sendsBody { bytes.append(contentsOf: body) }
        logAccess(request, status: entry.response.status.code, bytes: sendsBody ? body.count : 0, startedAt: startedAt, finishedAt: now)
        return bytes
    }

    /// `Connection: close` on the last response; `keep-alive` to an HTTP/1.0 client that keeps the connection.
    private func appendConnectionField(keepAlive: Bool, version: HTTPVersion, to bytes: inout [UInt8]) {
        if !keepAlive {
            bytes.append(contentsOf: ResponseHead.connectionClose)
        } else if version == .http1_0 {
            bytes.append(contentsOf: ResponseHead.connectionKeepAlive)
        }
    }

    private func logAccess(
        _ request: Request, status: Int, bytes: Int, startedAt: ContinuousClock.Instant, finishedAt: ContinuousClock.Instant
    ) {
        guard let accessLog = loop.core.accessLog else { return }
        accessLog(AccessLogEntry(
            method: request.method.rawValue, path: request.path, query: request.rawQuery,
            route: request.routeTemplate, status: status, bytes: bytes,
            duration: finishedAt - startedAt, requestID: request.requestID
        ))
    }

    /// A client's request id, if it is 1 to 128 visible ASCII characters.
    private static func validRequestID(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return value
    }

    // MARK: - Writing and closing

    private func flush() {
        guard !isClosed, writable else { return }
        while outputOffset < output.count {
            let written = output.withUnsafeBytes { bytes in
                send(fd, bytes.baseAddress.map { $0 + outputOffset }, bytes.count - outputOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                outputOffset += written
                lastWriteProgress = .now
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                writable = false
                return
            }
            close()
            return
        }
        output.removeAll(keepingCapacity: output.capacity <= 256 * 1024)
        outputOffset = 0
    }

    private var hasPendingOutput: Bool { outputOffset < output.count }

    /// Whether so much is waiting to be written that no further request is read: a client that sends
    /// requests but does not read the answers cannot make the server buffer without bound. Reading
    /// resumes when the socket takes the output (EPOLLOUT runs `process()`).
    private var isOutputBacklogged: Bool { output.count - outputOffset >= Connection.outputHighWater }

    private static let outputHighWater = 256 * 1024

    private func closeIfDone() {
        guard !isClosed, slots.isEmpty, !hasPendingOutput else { return }
        if closeAfterFlush {
            linger()
        } else if peerClosed {
            close()
        } else if draining && isIdle {
            close()
        }
    }

    /// Whether nothing of a request is pending: the connection may be closed without losing work.
    private var isIdle: Bool {
        slots.isEmpty && !hasPendingOutput && parser.isIdle && inputStart == input.count
    }

    /// Closes the sending side and discards what the client still sends for a short while before closing,
    /// so that a response sent before unread request bytes is not destroyed by a TCP reset.
    private func linger() {
        if peerClosed {
            close()
            return
        }
        Glibc.shutdown(fd, Int32(SHUT_WR))
        lingerDeadline = .now + .seconds(2)
        discardWhileLingering()
    }

    private func discardWhileLingering() {
        let buffer = loop.scratch
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { continue }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            close()
            return
        }
    }

    /// Stops reading new requests; closes at once if idle, otherwise after the current response.
    func drain() {
        draining = true
        if isIdle { close() }
    }

    func checkTimeouts(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        if let lingerDeadline {
            if now >= lingerDeadline { close() }
            return
        }
        if hasPendingOutput {
            if now - lastWriteProgress > configuration.writeStallTimeout { close() }
            return
        }
        guard slots.isEmpty, !closeAfterFlush else { return }
        if parser.isReadingBody {
            if now - lastActivity > configuration.bodyStallTimeout {
                timeOut("The request body stalled for longer than \(configuration.bodyStallTimeout).")
            } else if let bodyStartedAt, now - bodyStartedAt > configuration.bodyDeadline {
                timeOut("The request body was not received within \(configuration.bodyDeadline).")
            }
        } else if let headStartedAt {
            if now - headStartedAt > configuration.headerTimeout {
                timeOut("The request head was not received within \(configuration.headerTimeout).")
            }
        } else {
            let limit = requestsServed == 0 ? configuration.headerTimeout : configuration.idleTimeout
            if now - lastActivity > limit { close() }
        }
    }

    private func timeOut(_ detail: String) {
        let problem = ProblemDetails(type: ProblemDetails.typeURI("request-timeout"), title: "Request Timeout",
                                     status: .requestTimeout, detail: detail)
        respondAndClose(problem.response, requestFrom: parser.pendingHead?.request)
        flush()
        closeIfDone()
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        loop.remove(self)
        Glibc.close(fd)
    }
}
