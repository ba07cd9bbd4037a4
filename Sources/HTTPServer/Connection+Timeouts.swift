/// Timeouts: slow heads and bodies, stalled writes, idle keep-alive connections, lingering and draining.
extension Connection {
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
        if draining, isIdle, let drainIdleDeadline, now >= drainIdleDeadline {
            // A last look at the socket: a request that arrived meanwhile is answered, not dropped.
            readable = true
            process()
            if isIdle { close() }
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
}
