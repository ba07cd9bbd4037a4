import Foundation
import PostgresClient
import Locking
import Testing

/// The bounded pool: never more connections than its size, a checkout that times out with a clear error, and a
/// broken connection replaced on the next checkout.
@Suite struct PostgresPoolTests {
    @Test func aCheckoutBeyondTheSizeTimesOut() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 2, checkoutTimeout: .milliseconds(300))
        try pool.withConnection { first in
            try pool.withConnection { second in
                #expect(first.backendProcessID != second.backendProcessID)
                let started = ContinuousClock.now
                let error = #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }
                let waited = ContinuousClock.now - started
                #expect(error?.kind == .poolTimeout)
                #expect(error?.message.contains("all 2 PostgreSQL connections") == true)
                #expect(waited >= .milliseconds(250) && waited < .seconds(3))
            }
        }
        #expect(pool.openConnections == 2)
        try pool.withConnection { _ in }
        #expect(pool.openConnections == 2)
    }

    @Test func aWaitingCheckoutGetsTheConnectionReleased() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 1, checkoutTimeout: .seconds(10))
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let holder = Thread {
            _ = try? pool.withConnection { _ in
                holding.signal()
                Thread.sleep(forTimeInterval: 0.2)
            }
            done.signal()
        }
        holder.start()
        holding.wait()
        let value = try pool.withConnection { try $0.query("SELECT 7")[0].get(0, as: Int.self) }
        #expect(value == 7)
        done.wait()
        #expect(pool.openConnections == 1)
    }

    @Test func manyThreadsShareNoMoreThanTheSize() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 3, checkoutTimeout: .seconds(30))
        let backends = Mutex<Set<Int32>>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    for _ in 0..<20 {
                        let pid = try pool.withConnection { try $0.query("SELECT pg_backend_pid()")[0].get(0, as: Int32.self) }
                        _ = backends.withLock { $0.insert(pid) }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        #expect(failures.withLock { $0 } == [])
        let used = backends.withLock { $0.count }
        #expect(used >= 1 && used <= 3)
        #expect(pool.openConnections <= 3)
    }

    @Test func aBrokenConnectionIsReplacedOnTheNextCheckout() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 1)
        let before = try pool.withConnection { $0.backendProcessID }
        try TestServer.terminateBackend(before)
        let after = try pool.withConnection { connection in
            try connection.query("SELECT pg_backend_pid()")[0].get(0, as: Int32.self)
        }
        #expect(after != before)
        #expect(pool.openConnections == 1)
    }

    @Test func aConnectionLostInUseIsDiscarded() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 1)
        let error = #expect(throws: PostgresError.self) {
            try pool.withConnection { connection in
                try TestServer.terminateBackend(connection.backendProcessID)
                try connection.query("SELECT 1")
            }
        }
        #expect(error?.kind == .connectionLost)
        #expect(pool.openConnections == 0)
        #expect(try pool.withConnection { try $0.query("SELECT 1")[0].get(0, as: Int.self) } == 1)
    }

    @Test func aConnectionLeftInATransactionIsRolledBack() throws {
        let pool = PostgresPool(url: try TestServer.url(), size: 1)
        try pool.withConnection { connection in
            try connection.execute("CREATE TEMP TABLE leftovers (id bigint)")
            try connection.execute("BEGIN")
            try connection.query("INSERT INTO leftovers VALUES ($1)", [1])
        }
        try pool.withConnection { connection in
            let count = try connection.query("SELECT count(*) FROM leftovers")[0].get(0, as: Int.self)
            #expect(!connection.isInTransaction)
            #expect(count == 0)
        }
    }
}
