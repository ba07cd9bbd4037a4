import Foundation
import Locking
import struct Synchronization.Atomic
#if canImport(Glibc)
import Glibc
#endif

/// A TCP relay in front of the test server that cuts the first connection whose client sends `COMMIT` (a simple
/// query), either before the server sees it or after the server has answered it, so that a client loses the
/// answer of a commit the way it does when the network or the server fails at that moment. Every other
/// connection, and everything before the cut, is relayed as it is.
final class CommitCuttingProxy: @unchecked Sendable {
    /// Where the connection is cut.
    enum Cut {
        /// The `COMMIT` is not passed on: the server sees the connection end inside the transaction.
        case beforeTheServerSeesTheCommit
        /// The `COMMIT` is passed on and the server's answer (sent once the commit is durable) is dropped.
        case afterTheServerCommits
    }

    var port: Int { listener.port }
    private let listener: LoopbackListener
    private let upstreamPort: Int
    private let cut: Cut
    private let state = Mutex<(armed: Bool, cuts: Int)>((true, 0))

    /// How many connections were cut (at most one).
    var cuts: Int { state.withLock { $0.cuts } }

    init(upstreamPort: Int, cut: Cut) throws {
        self.upstreamPort = upstreamPort
        self.cut = cut
        listener = try LoopbackListener()
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops accepting; relayed connections end when their peers close them.
    func stop() {
        listener.close()
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener.descriptor, nil, nil)
            guard client >= 0 else { return }
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = LoopbackListener.address(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            let link = Link(client: client, server: server)
            Thread { [self] in relayFromClient(link) }.start()
            Thread { [self] in relayFromServer(link) }.start()
        }
    }

    /// The two sockets of one relayed connection, closed once by whichever side ends it.
    private final class Link: @unchecked Sendable {
        let client: Int32
        let server: Int32
        /// Set when the server's next answer is to be dropped and the connection cut.
        let cutAtNextAnswer = Atomic<Bool>(false)
        private let closed = Atomic<Bool>(false)

        init(client: Int32, server: Int32) {
            self.client = client
            self.server = server
        }

        func end() {
            guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
            close(client)
            close(server)
        }
    }

    /// The simple-query message `COMMIT`: `Q`, its length, the text and its NUL.
    private static let commitMessage: [UInt8] = [UInt8(ascii: "Q"), 0, 0, 0, 11] + Array("COMMIT".utf8) + [0]

    private func relayFromClient(_ link: Link) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(link.client, &buffer, buffer.count)
            guard count > 0 else { return link.end() }
            let chunk = Array(buffer[0..<count])
            if Self.contains(chunk, Self.commitMessage), takeTheCut() {
                switch cut {
                case .beforeTheServerSeesTheCommit:
                    return link.end()
                case .afterTheServerCommits:
                    link.cutAtNextAnswer.store(true, ordering: .sequentiallyConsistent)
                }
            }
            guard writeAll(link.server, chunk) else { return link.end() }
        }
    }

    private func relayFromServer(_ link: Link) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(link.server, &buffer, buffer.count)
            guard count > 0, !link.cutAtNextAnswer.load(ordering: .sequentiallyConsistent),
                  writeAll(link.client, Array(buffer[0..<count])) else {
                return link.end()
            }
        }
    }

    /// Whether this is the connection to cut: the first `COMMIT` seen by the proxy.
    private func takeTheCut() -> Bool {
        state.withLock { state in
            guard state.armed else { return false }
            state.armed = false
            state.cuts += 1
            return true
        }
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in haystack[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
