#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HTTPServer
import Locking
import struct Synchronization.Atomic
import Testing
import TestSupport

/// A graceful stop while many keep-alive clients send requests in a loop: every request that reached the
/// server (its buffers or its socket's) is answered, the last one on each connection with `Connection: close`;
/// a connection closes only between requests, so a client sees either a complete response or the end of the
/// stream before any byte of one, never a reset; and the server stops.
@Suite struct ShutdownUnderLoadTests {
    /// The stop's deadline: far beyond what a drain needs, so that a loaded machine running the whole suite does
    /// not reach it (at the deadline the server closes what is left, answered or not, which
    /// `GracefulShutdownTests.theDeadlineBoundsTheDrain` tests).
    static let drainDeadline = Duration.seconds(60)

    static func server() throws -> TestServer {
        try TestServer { $0.shutdownDeadline = drainDeadline }
    }

    /// What the clients saw.
    struct Tally: Sendable {
        var answered = 0
        var endedWithClose = 0
        var endedBeforeAResponse = 0
        var failures: [String] = []
    }

    @Test func rawKeepAliveClientsLoseNoRequest() throws {
        let server = try Self.server()
        defer { server.stop() }
        let port = server.port
        let clients = 32
        let tally = Mutex(Tally())
        let connected = Atomic<Int>(0)
        let finished = DispatchGroup()
        for _ in 0..<clients {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                let outcome = ShutdownUnderLoadTests.loop(port: port, connected: connected)
                tally.withLock { tally in
                    tally.answered += outcome.answered
                    tally.endedWithClose += outcome.endedWithClose
                    tally.endedBeforeAResponse += outcome.endedBeforeAResponse
                    tally.failures += outcome.failures
                }
            }
        }
        #expect(eventually(timeout: .seconds(10)) {
            connected.load(ordering: .relaxed) == clients && server.hits.count("/hello") >= clients * 20
        })
        server.server.shutdown()
        #expect(finished.wait(timeout: .now() + .seconds(90)) == .success)
        #expect(server.waitForStop(timeout: Self.drainDeadline), "the server did not stop")
        let seen = tally.withLock { $0 }
        #expect(seen.failures.isEmpty, "\(seen.failures.prefix(5))")
        // Every request the server read was answered, and every client ended cleanly.
        #expect(server.hits.count("/hello") == seen.answered)
        #expect(seen.endedWithClose + seen.endedBeforeAResponse == clients)
        // Under load each connection gets its next request within the idle grace: most end with `Connection: close`.
        #expect(seen.endedWithClose * 2 > clients, "\(seen)")
        #expect(server.server.openConnections == 0)
    }

    /// One client: requests on one connection until it is closed.
    private static func loop(port: Int, connected: borrowing Atomic<Int>) -> Tally {
        var tally = Tally()
        let client: RawClient
        do {
            client = try RawClient(port: port, timeout: .seconds(15))
        } catch {
            tally.failures.append("connect: \(error)")
            return tally
        }
        defer { client.close() }
        connected.add(1, ordering: .relaxed)
        while true {
            do {
                try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                guard response.status == 200, response.text == "hello" else {
                    tally.failures.append("\(response.status) \(response.text)")
                    return tally
                }
                tally.answered += 1
                if response.closesConnection {
                    if try client.isClosedByServer() {
                        tally.endedWithClose += 1
                    } else {
                        tally.failures.append("bytes after Connection: close")
                    }
                    return tally
                }
            } catch ClientError.closedEarly(let received) where received.isEmpty {
                // Closed between requests: the server never read this one.
                tally.endedBeforeAResponse += 1
                return tally
            } catch {
                // A reset means the server closed with the request unread in its socket.
                tally.failures.append("\(error)")
                return tally
            }
        }
    }

    /// Threads of `http.client` connections, each sending requests until its connection is closed.
    private static let script = #"""
    import http.client, json, sys, threading
    port, clients = int(sys.argv[1]), int(sys.argv[2])
    lock = threading.Lock()
    tally = {"answered": 0, "ended_with_close": 0, "ended_before_a_response": 0, "failures": []}
    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        outcome = None
        answered = 0
        try:
            while outcome is None:
                conn.request("GET", "/hello")
                response = conn.getresponse()
                body = response.read()
                if response.status != 200 or body != b"hello":
                    outcome = ("failure", f"{response.status} {body!r}")
                    break
                answered += 1
                if response.will_close:
                    outcome = ("ended_with_close", None)
        except http.client.RemoteDisconnected:
            outcome = ("ended_before_a_response", None)
        except Exception as error:
            outcome = ("failure", repr(error))
        finally:
            conn.close()
        with lock:
            tally["answered"] += answered
            if outcome[0] == "failure":
                tally["failures"].append(outcome[1])
            else:
                tally[outcome[0]] += 1
    threads = [threading.Thread(target=run) for _ in range(clients)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
    print(json.dumps(tally))
    """#

    @Test func pythonKeepAliveClientsLoseNoRequest() throws {
        let python = try ExternalProcess.locate("python3")
        let server = try Self.server()
        defer { server.stop() }
        let clients = 16
        let result = Mutex<Result<ProcessResult, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let port = server.port
        Thread.detachNewThread {
            let run = Result { try ExternalProcess.run(python, ["-c", Self.script, String(port), String(clients)]) }
            result.withLock { $0 = run }
            done.signal()
        }
        #expect(eventually(timeout: .seconds(15)) { server.hits.count("/hello") >= clients * 20 })
        server.server.shutdown()
        #expect(done.wait(timeout: .now() + .seconds(90)) == .success)
        #expect(server.waitForStop(timeout: Self.drainDeadline), "the server did not stop")
        let output = try #require(try result.withLock { $0 }?.get())
        #expect(output.status == 0, "\(output.stderr)")
        let tally = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect((tally["failures"] as? [String])?.isEmpty == true, "\(tally)")
        #expect(tally["answered"] as? Int == server.hits.count("/hello"))
        let ended = (tally["ended_with_close"] as? Int ?? 0) + (tally["ended_before_a_response"] as? Int ?? 0)
        #expect(ended == clients)
    }
}
