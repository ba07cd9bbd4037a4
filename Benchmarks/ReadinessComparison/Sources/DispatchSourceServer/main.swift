// An HTTP/1.1 keep-alive server for `GET /healthz` whose readiness comes from libdispatch: a read source per
// connection, events handled on a serial queue per connection (spread over the global pool). It uses the
// project's own RequestParser and answers with the same bytes as `brobygger serve`, so that the only
// difference to the real server is how readiness reaches the code.
import Dispatch
import Foundation
import HTTPServer

final class Connection: @unchecked Sendable {
    let fd: Int32
    let queue: DispatchQueue
    var source: DispatchSourceRead?
    var parser = RequestParser()
    var input: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 65536)

    init(fd: Int32) {
        self.fd = fd
        queue = DispatchQueue(label: "connection.\(fd)")
    }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [self] in readable() }
        source.setCancelHandler { [fd] in close(fd) }
        self.source = source
        source.resume()
    }

    func readable() {
        let count = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            if count == 0 || (errno != EAGAIN && errno != EINTR) { source?.cancel() }
            return
        }
        input.append(contentsOf: scratch[0..<count])
        var output: [UInt8] = []
        var consumed = 0
        while consumed < input.count {
            let (used, outcome) = input.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[consumed...])) }
            consumed += used
            guard case .request = outcome else { break }
            output += Response.healthzBytes()
        }
        input.removeFirst(consumed)
        _ = output.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
}

extension Response {
    static func healthzBytes() -> [UInt8] {
        let body = #"{"status":"ok"}"#
        let date = HTTPDate.format(secondsSince1970: HTTPDate.now())
        return Array(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
            + "Vary: Accept-Encoding\r\nServer: brobygger\r\nDate: \(date)\r\nX-Request-Id: 1-1\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)").utf8)
    }
}

signal(SIGPIPE, SIG_IGN)
let port = UInt16(CommandLine.arguments.dropFirst().first ?? "18780") ?? 18780
let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
var yes: Int32 = 1
setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = port.bigEndian
address.sin_addr.s_addr = inet_addr("127.0.0.1")
let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
}
guard bound == 0, listen(listener, 1024) == 0 else { fatalError("cannot listen on \(port)") }
_ = fcntl(listener, F_SETFL, O_NONBLOCK)
/// Accepts connections on a read source of its own queue and starts one `Connection` per client.
final class Acceptor: @unchecked Sendable {
    let listener: Int32
    let queue = DispatchQueue(label: "accept")
    var source: DispatchSourceRead?
    var connections: [Int32: Connection] = [:]

    init(listener: Int32) { self.listener = listener }

    func start() {
        let source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: queue)
        source.setEventHandler { [self] in acceptAll() }
        self.source = source
        source.resume()
    }

    func acceptAll() {
        while true {
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { return }
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            var noDelay: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
            let connection = Connection(fd: fd)
            connections[fd] = connection
            connection.start()
        }
    }
}

let acceptor = Acceptor(listener: listener)
acceptor.start()
print("listening on 127.0.0.1:\(port)")
dispatchMain()
