/// Answers into bytes: a handler's response (stored in the response cache when its route allows) or an
/// answer from the cache, serialised by `ResponseHead.serialize`, and the access-log entry for each.
extension Connection {
    func bytes(of response: Response, for slot: Slot, keepAlive: Bool, finishedAt: ContinuousClock.Instant) -> [UInt8] {
        if let lifetime = slot.caching.lifetime, let cache = configuration.responseCache {
            cache.store(response, for: slot.request, lifetime: lifetime, serverName: configuration.serverName,
                        generation: slot.cacheGeneration, now: finishedAt)
        }
        return serialize(response, storedHead: nil, age: nil, for: slot, keepAlive: keepAlive, finishedAt: finishedAt)
    }

    func bytes(of hit: ResponseCache.Hit, for slot: Slot, keepAlive: Bool) -> [UInt8] {
        serialize(hit.response, storedHead: hit.storedHead, age: hit.age, for: slot, keepAlive: keepAlive, finishedAt: .now)
    }

    private func serialize(
        _ response: Response, storedHead: [UInt8]?, age: Int64?, for slot: Slot, keepAlive: Bool,
        finishedAt: ContinuousClock.Instant
    ) -> [UInt8] {
        let request = slot.request
        let sendsBody = request.method != .head && response.status.permitsBody
        let bytes = ResponseHead.serialize(
            response, storedHead: storedHead, serverName: configuration.serverName, sendsBody: sendsBody, age: age,
            date: loop.currentDate(), requestID: request.requestID, keepAlive: keepAlive, version: request.version
        )
        logAccess(request, status: response.status.code, bytes: sendsBody ? response.body.count : 0,
                  startedAt: slot.startedAt, finishedAt: finishedAt)
        return bytes
    }

    func logAccess(
        _ request: Request, status: Int, bytes: Int, startedAt: ContinuousClock.Instant, finishedAt: ContinuousClock.Instant
    ) {
        guard let accessLog = loop.core.accessLog else { return }
        accessLog(AccessLogEntry(
            method: request.method.rawValue, path: request.path, query: request.rawQuery,
            route: request.routeTemplate, status: status, bytes: bytes,
            duration: finishedAt - startedAt, requestID: request.requestID
        ))
    }
}
