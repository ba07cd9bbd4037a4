import Foundation

/// A bounded pool of connections for the server's worker threads: at most `size` connections, opened on demand;
/// a checkout waits at most `checkoutTimeout` for one and then fails with `.poolTimeout` rather than hanging.
/// A connection found broken (the server restarted, its backend was terminated) is discarded and replaced by a
/// new one on the next checkout.
public final class PostgresPool: @unchecked Sendable {
    public let url: PostgresURL
    public let size: Int
    public let checkoutTimeout: Duration

    /// Guards `idle` and `open`; signalled whenever a connection or a slot for one becomes free.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Connections open or being opened, idle or checked out.
    private var open = 0

    public init(url: PostgresURL, size: Int, checkoutTimeout: Duration = .seconds(5)) {
        precondition(size > 0, "a pool needs room for one connection at least")
        self.url = url
        self.size = size
        self.checkoutTimeout = checkoutTimeout
    }

    /// Runs `body` with a connection of its own, returned to the pool afterwards. A connection left broken is
    /// closed; one left inside a transaction is rolled back first.
    public func withConnection<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// The number of connections open now, idle or in use.
    public var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return open
    }

    private func checkOut() throws(PostgresError) -> PostgresConnection {
        let deadline = Date() + TimeInterval(checkoutTimeout.components.seconds)
            + TimeInterval(checkoutTimeout.components.attoseconds) / 1e18
        condition.lock()
        while true {
            while let connection = idle.popLast() {
                if connection.pollForBreakage() {
                    condition.unlock()
                    return connection
                }
                open -= 1
            }
            if open < size {
                open += 1
                condition.unlock()
                do {
                    return try PostgresConnection(url: url)
                } catch {
                    release()
                    throw error
                }
            }
            guard condition.wait(until: deadline) || !idle.isEmpty || open < size else {
                condition.unlock()
                throw PostgresError(
                    .poolTimeout,
                    "all \(size) PostgreSQL connections stayed busy for \(checkoutTimeout); the database is overloaded or a connection is held too long"
                )
            }
        }
    }

    private func checkIn(_ connection: PostgresConnection) {
        if !connection.isBroken && connection.isInTransaction {
            _ = try? connection.execute("ROLLBACK")
        }
        guard !connection.isBroken else {
            release()
            return
        }
        condition.lock()
        idle.append(connection)
        condition.signal()
        condition.unlock()
    }

    /// Gives up the slot of a connection that was closed or never opened.
    private func release() {
        condition.lock()
        open -= 1
        condition.signal()
        condition.unlock()
    }
}
