import GRDB
import Locking

/// Read-only connections to the registry's database file that a snapshot takes for its duration and gives back,
/// beside the `DatabasePool`'s own readers.
///
/// The pool hands out a reader through a barrier on a concurrent Dispatch queue and a semaphore, and runs every
/// read on the reader's serial queue. With the server's worker queues reading at once, that hand-out is where
/// they wait on each other (futex waits and thread switches, not work). Here a connection is taken from a list
/// under a `Mutex` held for a few instructions; each connection is used by one snapshot at a time, so the
/// `DatabaseQueue` that confines it never makes the caller wait. Its read transaction is begun and ended by
/// statements prepared once, not by GRDB's savepoint machinery, which prepares its `BEGIN` anew each time.
final class ReadConnections: Sendable {
    private let path: String
    private let configuration: Configuration
    /// The most connections kept: a snapshot that finds none free while this many exist reads through the pool.
    let limit: Int
    private let state = Mutex(State())

    private struct State {
        var idle: [DatabaseQueue] = []
        var opened = 0
    }

    /// Connections to the database file at `path`, opened as they are first needed (read-only, with
    /// `configuration`'s functions and settings), at most `limit` of them.
    init(path: String, configuration: Configuration, limit: Int) {
        var readOnly = configuration
        readOnly.readonly = true
        self.path = path
        self.configuration = readOnly
        self.limit = limit
    }

    /// Runs `body` in a read transaction on a connection of this set; nil, without running it, when all
    /// `limit` connections are in use.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let connection = try take() else { return nil }
        var healthy = true
        defer { give(connection, reusable: healthy) }
        do {
            return try connection.inDatabase { db in
                try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
                do {
                    let value = try body(db)
                    try db.cachedStatement(sql: "COMMIT").execute()
                    return value
                } catch {
                    // A read transaction has nothing to undo; ending it keeps the connection from holding
                    // back checkpoints of the write-ahead log.
                    if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                    throw error
                }
            }
        } catch {
            healthy = connection.inDatabase { !$0.isInsideTransaction }
            throw error
        }
    }

    private func take() throws -> DatabaseQueue? {
        enum Taken { case idle(DatabaseQueue), reservedNew, none }
        let taken: Taken = state.withLock { state in
            if let connection = state.idle.popLast() { return .idle(connection) }
            guard state.opened < limit else { return .none }
            state.opened += 1
            return .reservedNew
        }
        switch taken {
        case .idle(let connection):
            return connection
        case .none:
            return nil
        case .reservedNew:
            do {
                return try DatabaseQueue(path: path, configuration: configuration)
            } catch {
                state.withLock { $0.opened -= 1 }
                throw error
            }
        }
    }

    private func give(_ connection: DatabaseQueue, reusable: Bool) {
        state.withLock { state in
            if reusable { state.idle.append(connection) } else { state.opened -= 1 }
        }
    }
}
