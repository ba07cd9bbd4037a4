/// Dispatching: a parsed request goes to the response cache, or to its route's handler on the event loop or
/// on a worker queue; the answer goes back to the request's slot.
extension Connection {
    func dispatch(_ parsed: Request) {
        var request = parsed
        request.peerAddress = peerAddress
        request.requestID = Connection.validRequestID(request.headers["X-Request-Id"]) ?? loop.makeRequestID()
        if !request.wantsKeepAlive || (draining && !anotherRequestFollows()) { closeAfterFlush = true }
        let slotID = nextSlotID
        nextSlotID &+= 1
        if let cache = configuration.responseCache, let hit = cache.lookup(request, now: .now) {
            request.routeTemplate = hit.routeTemplate
            slots.append(Slot(id: slotID, request: request, startedAt: .now))
            finish(slot: slotID, resume: false) { slot, keepAlive in
                bytes(of: hit, for: slot, keepAlive: keepAlive)
            }
            return
        }
        let match = loop.core.router.match(request)
        request.pathParameters = match.parameters
        request.routeTemplate = match.template
        slots.append(Slot(id: slotID, request: request, startedAt: .now, caching: match.caching,
                          cacheGeneration: configuration.responseCache?.generation ?? 0))

        switch match.execution {
        case .eventLoop:
            let response = Connection.answer(request, with: match.handler, core: loop.core)
            complete(slot: slotID, response: response, finishedAt: .now, resume: false)
        case .workerPool, .serial, .longRunning:
            let loop = self.loop, fd = self.fd, generation = self.generation, handler = match.handler
            let request = request
            let submit: (@escaping @Sendable () -> Void) -> Void = switch match.execution {
            case .serial: { loop.core.serialQueue.async(execute: $0) }
            case .longRunning: { loop.core.longRunningWorkers.submit($0) }
            default: { loop.core.workers.submit($0) }
            }
            submit {
                // Handler and compression both run here, not on the event loop, which other connections share.
                let response = Connection.answer(request, with: handler, core: loop.core)
                let finishedAt = ContinuousClock.now
                loop.execute {
                    loop.complete(fd: fd, generation: generation, slot: slotID, response: response, finishedAt: finishedAt)
                }
            }
        }
    }

    /// Runs a handler, turning thrown errors into problem responses, and compresses the answer: the one
    /// place a handler's response is prepared for the wire.
    private static func answer(_ request: Request, with handler: Handler, core: ServerCore) -> Response {
        var response: Response
        do {
            response = try handler(request)
        } catch let error as HTTPError {
            response = error.response
        } catch {
            core.errorLog?("Unhandled error on \(request.method) \(request.path) [\(request.requestID)]: \(error)")
            response = ProblemDetails(type: ProblemDetails.typeURI("internal-error"), title: "Internal Server Error",
                                      status: .internalServerError,
                                      detail: "The server failed to answer this request; request id \(request.requestID).")
                .response
        }
        core.configuration.contentCoding.apply(to: &response, for: request)
        return response
    }

    /// Places a handler's finished response in its slot and writes every response that is now next in order.
    /// - Parameter resume: whether to go on reading and parsing afterwards; false when called from within
    ///   the parse loop itself, which goes on by itself.
    func complete(slot id: UInt64, response: Response, finishedAt: ContinuousClock.Instant, resume: Bool = true) {
        if response.stream != nil {
            startStream(slot: id, response: response, resume: resume)
            return
        }
        finish(slot: id, resume: resume) { slot, keepAlive in
            bytes(of: response, for: slot, keepAlive: keepAlive, finishedAt: finishedAt)
        }
    }

    /// Fills a slot with the bytes `serialized` makes of its response (given the slot and whether the
    /// connection stays open after it), then writes every response that is now next in order.
    func finish(slot id: UInt64, resume: Bool, _ serialized: (Slot, Bool) -> [UInt8]) {
        guard let index = slots.firstIndex(where: { $0.id == id }) else { return }
        // Only the last response owed can close the connection; earlier ones keep it open for it.
        let keepAlive = index < slots.count - 1 || (!closeAfterFlush && (!draining || anotherRequestFollows()))
        if !keepAlive { closeAfterFlush = true }
        slots[index].bytes = serialized(slots[index], keepAlive)
        writeReadySlots()
        lastActivity = .now
        if resume { process() }
    }

    /// Moves every response that is next in order to the output; a streamed one stays first, its body moved
    /// as there is room, until it ends. Returns whether anything was moved.
    @discardableResult
    func writeReadySlots() -> Bool {
        var moved = false
        while !isClosed, let first = slots.first, let bytes = first.bytes {
            if !bytes.isEmpty {
                output.append(contentsOf: bytes)
                slots[0].bytes = []
                moved = true
            }
            if first.stream != nil {
                let pumped = pumpStream()
                moved = moved || pumped.moved
                guard pumped.ended, !isClosed, !slots.isEmpty else { return moved }
            }
            slots.removeFirst()
            requestsServed += 1
        }
        return moved
    }

    /// Queues an error response after those already owed, stops reading, and closes once it is written.
    func respondAndClose(_ problem: Response, requestFrom pending: Request?) {
        closeAfterFlush = true
        var request = pending ?? Request(method: .get, target: "/", version: .http1_1)
        request.requestID = loop.makeRequestID()
        let slotID = nextSlotID
        nextSlotID &+= 1
        slots.append(Slot(id: slotID, request: request, startedAt: .now))
        input.removeAll()
        inputStart = 0
        var response = problem
        configuration.contentCoding.apply(to: &response, for: request)
        complete(slot: slotID, response: response, finishedAt: .now, resume: false)
    }

    /// A client's request id, if it is 1 to 128 visible ASCII characters.
    private static func validRequestID(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 128,
              value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return value
    }
}
