import Glibc

/// Reading and parsing: bytes from the socket into the input buffer, requests out of it.
extension Connection {
    /// One read into the loop's scratch buffer; false when nothing more can be read now.
    func readOnce() -> Bool {
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

    func parseAvailable() {
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

    /// While draining: whether another request follows the ones read so far, after reading what the socket
    /// already holds. The answer to the last request read says `Connection: close`; any later one is
    /// answered too, so a request that reached the server is never dropped by its stopping.
    func anotherRequestFollows() -> Bool {
        // What the socket holds is bounded by its buffer; this bound only stops a client that keeps sending.
        while !isClosed && input.count - inputStart < Connection.drainReadLimit {
            readable = true
            guard readOnce() else { break }
        }
        return inputStart < input.count || !parser.isIdle
    }

    private static let drainReadLimit = 1024 * 1024

    func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
        } else if inputStart > 0 {
            input.removeSubrange(0..<inputStart)
            inputStart = 0
        }
    }

    /// Answers `Expect: 100-continue` once the head is read, when no earlier response is still owed.
    func sendContinueIfExpected() {
        guard !continueSent, slots.isEmpty, let head = parser.pendingHead, head.expectsContinue else { return }
        continueSent = true
        output.append(contentsOf: Connection.continueResponse)
    }

    private static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
