import Foundation

/// A bounded pool of connections for the server's worker threads: at most `size` connections, opened on demand;
/// a checkout waits at most `checkoutTimeout` for one and then fails with `.poolTimeout` rather than hanging.
/// A connection found broken (the server restarted, its backend was terminated, or it did not answer within the
/// URL's ``PostgresURL/responseTimeout``) is discarded and replaced by a new one on the next checkout.
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

    /// Runs `body` in a transaction on a connection of its own, as a write does. When the connection is lost
    /// while the `COMMIT` is under way, the change may or may not have been made; the transaction's outcome is
    /// then looked up (`txid_status`) on new connections until the server answers or the checkout timeout
    /// passes: `body`'s value when it was committed, the lost connection's error when it was not or when the
    /// server did not answer in time.
    public func withTransaction<Result>(_ body: (PostgresConnection) throws -> Result) throws -> Result {
        var value: Result?
        do {
            return try withConnection { connection in
                try connection.transaction(notingItsID: true) { connection in
                    let result = try body(connection)
                    value = result
                    return result
                }
            }
        } catch let error as PostgresError {
            guard let transactionID = error.interruptedTransaction, let value, committed(transactionID) == true else { throw error }
            return value
        }
    }

    /// Whether the transaction `id` was committed, asked on new connections until the server answers for it or
    /// the checkout timeout passes; nil when it did not answer in time or no longer knows the transaction.
    func committed(_ id: Int64) -> Bool? {
        let deadline = ContinuousClock.now + checkoutTimeout
        while true {
            let status = Result { try withConnection { try $0.query("SELECT txid_status($1)", [.integer(id)])[0].get(0, as: String?.self) } }
            switch status {
            case .success("committed"): return true
            case .success("aborted"): return false
            // A transaction whose backend was cut off may be shown in progress until its end is recorded.
            case .success("in progress"), .failure: break
            case .success: return nil
            }
            guard ContinuousClock.now < deadline else { return nil }
            Thread.sleep(forTimeInterval: 0.05)
        }
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
                    let connection = try PostgresConnection(url: url)
                    connection.responseTimeout = url.responseTimeout
                    return connection
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
        // Statements sent without waiting whose results no one read: their transaction is not to be kept either.
        _ = try? connection.finishPipeline()
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
