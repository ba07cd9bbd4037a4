import Glibc

/// Streamed responses: the head goes out in request order like any other, then the body is taken from the
/// producer's ``StreamChannel`` whenever the output buffer has room, so that what a connection holds stays
/// bounded however fast the producer and however slow the client. The slot stays first until the body ends;
/// responses to later pipelined requests wait behind it.
extension Connection {
    /// The body of a streamed response whose head is placed.
    struct ActiveStream {
        var channel: StreamChannel
        var status: Int
        /// Bytes of the body sent on, as framed and compressed.
        var bytes = 0
        /// The body runs to the end of the connection (an HTTP/1.0 client): nothing may follow it.
        var closeDelimited: Bool
    }

    /// Places the head of a streamed response in its slot and starts its producer on a stream queue; `HEAD`
    /// gets the head only.
    func startStream(slot id: UInt64, response: Response, resume: Bool) {
        guard let index = slots.firstIndex(where: { $0.id == id }), let stream = response.stream else { return }
        let request = slots[index].request
        let sendsBody = request.method != .head && response.status.permitsBody
        let chunked = request.version != .http1_0
        let closeDelimited = sendsBody && !chunked
        if sendsBody {
            let loop = self.loop, fd = self.fd, generation = self.generation
            let channel = StreamChannel(limit: configuration.streamBufferLimit) {
                loop.execute { loop.resumeStream(fd: fd, generation: generation) }
            }
            slots[index].stream = ActiveStream(channel: channel, status: response.status.code, closeDelimited: closeDelimited)
            let errorLog = loop.core.errorLog
            loop.core.streamWorkers.submit {
                Connection.produce(stream, into: channel, chunked: chunked, request: request, errorLog: errorLog)
            }
        }
        if closeDelimited { closeAfterFlush = true }
        finish(slot: id, resume: resume) { slot, keepAlive in
            if !sendsBody {
                logAccess(request, status: response.status.code, bytes: 0, startedAt: slot.startedAt, finishedAt: .now)
            }
            return ResponseHead.serializeStreamed(
                response, serverName: configuration.serverName, date: loop.currentDate(), requestID: request.requestID,
                keepAlive: keepAlive && !closeDelimited, chunked: chunked && response.status.permitsBody,
                version: request.version)
        }
    }

    /// Runs a producer on its stream queue: a producer that stops because the connection is gone ends quietly;
    /// one that fails cuts the body short, which the client sees as a connection reset.
    private static func produce(_ stream: ResponseStream, into channel: StreamChannel, chunked: Bool, request: Request,
                                errorLog: (@Sendable (String) -> Void)?) {
        let writer: ResponseBodyWriter
        do {
            writer = try ResponseBodyWriter(channel: channel, chunked: chunked, gzipLevel: stream.gzipLevel)
        } catch {
            errorLog?("Streamed response to \(request.method) \(request.path) [\(request.requestID)] could not start: \(error)")
            channel.finish(.failed)
            return
        }
        do {
            try stream.produce(writer)
            try writer.finish()
            channel.finish(.complete)
        } catch is ResponseBodyWriter.Cancelled {
            writer.settle()
            channel.finish(.failed)
        } catch {
            writer.settle()
            errorLog?("Streamed response to \(request.method) \(request.path) [\(request.requestID)] failed after \(writer.byteCount) bytes: \(error)")
            channel.finish(.failed)
        }
    }

    /// Moves the body of the first slot's stream to the output while there is room. Returns whether anything
    /// was moved and whether the stream has ended (the slot may then go).
    func pumpStream() -> (moved: Bool, ended: Bool) {
        guard var stream = slots.first?.stream else { return (false, true) }
        var moved = false
        while !isOutputBacklogged {
            let room = Connection.outputHighWater - (output.count - outputOffset)
            let (parts, end) = stream.channel.take(upTo: room)
            for part in parts {
                output.append(contentsOf: part)
                stream.bytes += part.count
                moved = true
            }
            if let end {
                endStream(stream, end)
                return (moved, true)
            }
            if parts.isEmpty { break }
        }
        slots[0].stream = stream
        return (moved, false)
    }

    /// Logs the finished stream; after a body that runs to the end of the connection, or one cut short, no
    /// further response may follow on this connection.
    private func endStream(_ stream: ActiveStream, _ end: StreamChannel.End) {
        let slot = slots[0]
        logAccess(slot.request, status: stream.status, bytes: stream.bytes, startedAt: slot.startedAt, finishedAt: .now)
        switch end {
        case .complete where !stream.closeDelimited:
            return
        case .complete:
            closeAfterFlush = true
            slots.removeSubrange(1...)
        case .failed:
            // Neither framing can say that the body is incomplete: a reset does.
            slots.removeAll()
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            close()
        }
    }

    /// Moves streamed body to the socket for as long as the socket takes it and the producer has some ready.
    func pumpStreams() {
        while !isClosed, writable, slots.first?.stream != nil, writeReadySlots() {
            flush()
        }
    }

    /// The connection is gone: the producers of its streams stop at their next write.
    func cancelStreams() {
        for slot in slots { slot.stream?.channel.cancel() }
    }
}
