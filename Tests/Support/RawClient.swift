#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A blocking TCP client for 127.0.0.1 that sends exact bytes and reads raw HTTP/1.1 responses.
///
/// Every receive is bounded by `SO_RCVTIMEO` and every send by `SO_SNDTIMEO`, so a test that waits for
/// something the server never sends fails with `ClientError.timedOut` instead of hanging.
public final class RawClient {
    public let fd: Int32
    /// Bytes received and not yet returned.
    private var pending: [UInt8] = []
    private var closed = false

    /// Connects to `port` on the loopback address.
    /// - Parameter receiveBufferSize: a small `SO_RCVBUF`, set before connecting, to make the server's writes stall.
    public init(port: Int, timeout: Duration = .seconds(10), receiveBufferSize: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            closed = true
            throw ClientError.connect(errno: errno)
        }
        var interval = timeval(tv_sec: Int(timeout.components.seconds),
                               tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBufferSize {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if status != 0 {
            // A class whose initialiser throws after every property is set is deinitialised: `close()` there
            // closes the socket once. Closing it here too would close whatever descriptor another thread was
            // given that number in between (another test's client or server connection).
            let code = errno
            close()
            throw ClientError.connect(errno: code)
        }
    }

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }

    /// Closes the sending side: the server sees the end of the stream.
    public func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw ClientError.send(errno: errno)
            }
            offset += sent
        }
    }

    /// Receives once into `pending`; returns false at the end of the stream.
    private func receiveMore() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                pending.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: throw ClientError.timedOut(received: pending.count)
            default: throw ClientError.receive(errno: errno)
            }
        }
    }

    /// Reads one response. The body is framed by chunked transfer coding (decoded strictly: a malformed chunk
    /// throws) or by `Content-Length`, absent for `HEAD`, 1xx, 204 and 304, and otherwise runs to the end of
    /// the stream.
    public func readResponse(method: String = "GET") throws -> RawResponse {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let found = pending.firstRange(of: terminator) {
                headEnd = found.lowerBound
                break
            }
            guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
        }
        guard let headEnd else { throw ClientError.closedEarly(received: pending) }
        var response = try RawResponse(head: Array(pending[..<headEnd]))
        pending.removeFirst(headEnd + terminator.count)

        let hasNoBody = method == "HEAD" || (100..<200).contains(response.status) || response.status == 204
            || response.status == 304
        if hasNoBody { return response }
        if response.header("Transfer-Encoding")?.lowercased() == "chunked" {
            try readChunkedBody(into: &response)
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText) else { throw ClientError.malformedResponse("Content-Length \(lengthText)") }
            while pending.count < length {
                guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
            }
            response.body = Array(pending[..<length])
            pending.removeFirst(length)
        } else {
            while try receiveMore() {}
            response.body = pending
            pending = []
        }
        return response
    }

    /// Reads a chunked body (RFC 9112, 7.1): hexadecimal sizes, each chunk followed by CRLF, a last chunk of
    /// size 0 and an empty trailer section.
    private func readChunkedBody(into response: inout RawResponse) throws {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !sizeText.isEmpty, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw ClientError.malformedResponse("chunk size line \(line.debugDescription)")
            }
            if size == 0 {
                guard try readLine().isEmpty else { throw ClientError.malformedResponse("trailer fields after the last chunk") }
                break
            }
            while pending.count < size + 2 {
                guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
            }
            guard pending[size] == 0x0D, pending[size + 1] == 0x0A else {
                throw ClientError.malformedResponse("chunk of \(size) bytes not followed by CRLF")
            }
            body.append(contentsOf: pending[..<size])
            response.chunkSizes.append(size)
            pending.removeFirst(size + 2)
        }
        response.body = body
    }

    /// Reads one line ending in CRLF and returns it without the CRLF.
    private func readLine() throws -> String {
        while true {
            if let end = pending.firstRange(of: [0x0D, 0x0A]) {
                let line = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
                pending.removeFirst(end.upperBound)
                return line
            }
            guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
        }
    }

    /// Receives until `marker` is among the pending bytes, without parsing them; `readResponse` reads them later.
    public func receive(until marker: [UInt8]) throws {
        while pending.firstRange(of: marker) == nil {
            guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
        }
    }

    /// Receives until at least `count` bytes are pending, without parsing them; `readResponse` reads them later.
    public func receive(atLeast count: Int) throws {
        while pending.count < count {
            guard try receiveMore() else { throw ClientError.closedEarly(received: pending) }
        }
    }

    /// Sends a request and reads its response.
    public func exchange(_ request: String, method: String = "GET") throws -> RawResponse {
        try send(request)
        return try readResponse(method: method)
    }

    /// Reads until the server closes the connection and returns what arrived before the end of the stream.
    /// The close must be orderly: a reset throws `ClientError.receive(errno: ECONNRESET)`.
    public func readToEnd() throws -> [UInt8] {
        while try receiveMore() {}
        defer { pending = [] }
        return pending
    }

    /// Like `readToEnd()`, but a reset also ends the stream: for a server that drops the connection on purpose.
    public func readToEndAllowingReset() throws -> [UInt8] {
        do {
            while try receiveMore() {}
        } catch ClientError.receive(errno: ECONNRESET) {
            // Dropped with unread or unsent data.
        }
        defer { pending = [] }
        return pending
    }

    /// Whether a read would not block now (data or the end of the stream arrived), waiting up to `timeout`.
    public func waitReadable(timeout: Duration) -> Bool {
        if !pending.isEmpty { return true }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return poll(&descriptor, 1, milliseconds) > 0
    }

    /// Whether the server has closed the connection with nothing more sent: the next read sees the end of the stream.
    public func isClosedByServer() throws -> Bool {
        try readToEnd().isEmpty
    }
}
