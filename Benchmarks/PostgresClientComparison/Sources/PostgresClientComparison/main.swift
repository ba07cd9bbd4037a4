import Dispatch
import Foundation
import Logging
import PostgresClient
import PostgresNIO

// The two reads a registry store makes most: one row by primary key, and a page of 100 rows after a key. Both
// clients run each statement prepared, decode every column into Swift values, and are called synchronously from
// plain threads (as the server's worker queues call the store), each thread on its own connection.

let rowCount = 10_000
let pageSize = 100
let payload = String(repeating: "{\"name\":\"Ærø bridge\",\"kind\":\"project\"}", count: 5)

guard let urlText = ProcessInfo.processInfo.environment["BROBYGGER_TEST_POSTGRES_URL"] else {
    print("BROBYGGER_TEST_POSTGRES_URL is not set: run scripts/bench-postgres-client")
    exit(2)
}
let arguments = CommandLine.arguments.dropFirst()
let seconds = arguments.first.flatMap(Double.init) ?? 3
let url = try PostgresURL(parsing: urlText)

/// The two statements measured, the same SQL for both clients.
enum Read: Sendable {
    case row, page
    static let rowSQL = "SELECT id, name, payload FROM bench_items WHERE id = $1"
    static let pageSQL = "SELECT id, name, payload FROM bench_items WHERE id > $1 ORDER BY id LIMIT \(pageSize)"
}

/// A client under measurement: one connection, used by one thread.
protocol Session {
    /// Runs `read` for `id` and returns a sum over every column of every row, so that nothing is left undecoded.
    func run(_ read: Read, id: Int) throws -> Int
}

/// The project's client: libpq, blocking calls on the calling thread.
final class LibPQSession: Session {
    let connection: LibPQConnection
    init() throws { connection = try LibPQConnection(url: url) }

    func run(_ read: Read, id: Int) throws -> Int {
        let result = try connection.query(read == .row ? Read.rowSQL : Read.pageSQL, [.integer(Int64(id))])
        var sum = 0
        for row in result.rows {
            sum += try row.get(0, as: Int.self) + row.get(1, as: String.self).utf8.count + row.get(2, as: String.self).utf8.count
        }
        return sum
    }
}

/// PostgresNIO's form of a prepared statement: one id bound, three columns read.
protocol ItemStatement: PostgresPreparedStatement where Row == (Int, String, String) {
    var id: Int { get }
}

extension ItemStatement {
    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        return bindings
    }
    func decodeRow(_ row: PostgresNIO.PostgresRow) throws -> Row { try row.decode(Row.self) }
}

struct RowByID: ItemStatement {
    static let sql = Read.rowSQL
    var id: Int
}

struct PageAfter: ItemStatement {
    static let sql = Read.pageSQL
    var id: Int
}

/// Waits on the calling thread for async work, the bridge a synchronous handler needs to use PostgresNIO.
func blocking<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) throws -> Value {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var outcome: Result<Value, any Error>?
    Task {
        do { outcome = .success(try await work()) } catch { outcome = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let outcome else { fatalError("the task ended without an outcome") }
    return try outcome.get()
}

let logger = Logger(label: "bench")

/// PostgresNIO: async calls on its event loops, awaited from the calling thread.
final class NIOSession: Session {
    let connection: PostgresNIO.PostgresConnection
    init(id: Int) throws {
        let configuration = PostgresNIO.PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        connection = try blocking {
            try await PostgresNIO.PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
        }
    }

    func run(_ read: Read, id: Int) throws -> Int {
        let connection = self.connection
        return try blocking {
            var sum = 0
            switch read {
            case .row:
                for try await (id, name, payload) in try await connection.execute(RowByID(id: id), logger: logger) {
                    sum += id + name.utf8.count + payload.utf8.count
                }
            case .page:
                for try await (id, name, payload) in try await connection.execute(PageAfter(id: id), logger: logger) {
                    sum += id + name.utf8.count + payload.utf8.count
                }
            }
            return sum
        }
    }
}

/// Runs `operation` on `threads` threads for `seconds` after a short warm-up; returns queries/s and latencies.
func measure(threads: Int, makeSession: @escaping @Sendable (Int) throws -> any Session,
             operation: @escaping @Sendable (any Session, Int) throws -> Int) -> (rate: Double, p50: Double, p99: Double) {
    let start = DispatchSemaphore(value: 0)
    let ready = DispatchGroup()
    let finished = DispatchGroup()
    let lock = NSLock()
    nonisolated(unsafe) var latencies: [Double] = []
    nonisolated(unsafe) var stopAt = ContinuousClock.now
    for thread in 0..<threads {
        ready.enter()
        finished.enter()
        Thread {
            defer { finished.leave() }
            var generator = SystemRandomNumberGenerator()
            let session: any Session
            do { session = try makeSession(thread) } catch { fatalError("connect: \(error)") }
            for _ in 0..<200 { _ = try? operation(session, Int.random(in: 1...rowCount, using: &generator)) }
            ready.leave()
            start.wait()
            var mine: [Double] = []
            mine.reserveCapacity(100_000)
            while ContinuousClock.now < stopAt {
                let began = ContinuousClock.now
                do { _ = try operation(session, Int.random(in: 1...rowCount, using: &generator)) } catch { fatalError("\(error)") }
                let took = began.duration(to: .now)
                mine.append(Double(took.components.attoseconds) / 1e12 + Double(took.components.seconds) * 1e6)
            }
            lock.lock()
            latencies += mine
            lock.unlock()
        }.start()
    }
    ready.wait()
    stopAt = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    for _ in 0..<threads { start.signal() }
    finished.wait()
    latencies.sort()
    let percentile = { (p: Double) in latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    return (Double(latencies.count) / seconds, percentile(0.50), percentile(0.99))
}

let setup = try LibPQConnection(url: url)
try setup.execute("DROP TABLE IF EXISTS bench_items; CREATE TABLE bench_items (id bigint PRIMARY KEY, name text NOT NULL, payload text NOT NULL)")
try setup.query(
    "INSERT INTO bench_items SELECT i, 'project ' || i, $1 FROM generate_series(1, $2::bigint) AS i", [.text(payload), .integer(Int64(rowCount))])
try setup.execute("ANALYZE bench_items")

let clients: [(String, @Sendable (Int) throws -> any Session)] = [
    ("libpq (PostgresClient)", { _ in try LibPQSession() }),
    ("PostgresNIO", { id in try NIOSession(id: id) }),
]
let operations: [(String, @Sendable (any Session, Int) throws -> Int)] = [
    ("row by id", { session, id in try session.run(.row, id: id) }),
    ("page of \(pageSize)", { session, id in try session.run(.page, id: min(id, rowCount - pageSize)) }),
]
print("each case \(seconds) s; latency in microseconds")
for (operationName, operation) in operations {
    for threads in [1, 8] {
        for (clientName, makeSession) in clients {
            let (rate, p50, p99) = measure(threads: threads, makeSession: makeSession, operation: operation)
            let label = "\(operationName), \(threads) thread\(threads == 1 ? "" : "s"), \(clientName)"
            print(label.padding(toLength: 50, withPad: " ", startingAt: 0)
                + String(format: "%9.0f queries/s  p50 %7.0f  p99 %7.0f", rate, p50, p99))
        }
    }
}
try setup.execute("DROP TABLE bench_items")
