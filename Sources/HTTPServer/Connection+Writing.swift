import Glibc

/// Writing and closing: queued responses onto the socket, and a close that does not destroy the last answer.
extension Connection {
    func flush() {
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

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Whether so much is waiting to be written that no further request is read: a client that sends
    /// requests but does not read the answers cannot make the server buffer without bound. Reading
    /// resumes when the socket takes the output (EPOLLOUT runs `process()`).
    var isOutputBacklogged: Bool { output.count - outputOffset >= Connection.outputHighWater }

    static let outputHighWater = 256 * 1024

    func closeIfDone() {
        guard !isClosed, slots.isEmpty, !hasPendingOutput else { return }
        if closeAfterFlush {
            linger()
        } else if peerClosed {
            close()
        } else if draining && isIdle, let drainIdleDeadline, ContinuousClock.now >= drainIdleDeadline {
            close()
        }
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

    func discardWhileLingering() {
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
}
