import Foundation
import GRDB
import Synchronization

/// When the registry's data last changed, and whom to tell when it changes: after every commit through the
/// store that inserted, updated or deleted rows, the time of the last change moves on and every handler
/// registered with `onChange` runs (on the thread that committed, after the commit).
///
/// What depends on the data subscribes here: search statistics, the server's response cache, the
/// `Last-Modified` of representations. Commits are noticed by GRDB's `DatabaseRegionObservation` of every
/// table but the installation's bookkeeping (``bookkeepingTables``); changes made to the database file by
/// another process are not seen.
public final class RegistryChanges: Sendable {
    /// Runs after a commit that changed data.
    public typealias Handler = @Sendable () -> Void

    private struct State {
        var lastChange: Date?
        var handlers: [Handler] = []
    }

    private let state = Mutex(State())
    /// Keeps the observation running for as long as the store lives.
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    /// Tables whose rows are not registry data: a token used or revoked, or a secret made, changes no
    /// representation, so it must not empty caches nor move `Last-Modified`.
    static let bookkeepingTables: Set<String> = ["access_token", "instance_secret", "schema_migration"]

    /// Starts watching every commit of `writer` that changes rows of a table other than the bookkeeping ones,
    /// as the schema is now (open the store after migrating).
    init(observing writer: any DatabaseWriter) throws {
        let tables = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
        let observed = tables.filter { !RegistryChanges.bookkeepingTables.contains($0) }.map { Table($0) }
        let failure = Mutex<(any Error)?>(nil)
        let cancellable = DatabaseRegionObservation(tracking: observed).start(
            in: writer,
            onError: { error in failure.withLock { $0 = error } },
            onChange: { [weak self] _ in self?.committed() })
        // The observation starts synchronously, so a failure to start is known here.
        if let error = failure.withLock({ $0 }) { throw error }
        observation.withLock { $0 = cancellable }
    }

    /// When a commit through the store last changed data; nil when none has since the store was opened.
    public var lastChange: Date? { state.withLock { $0.lastChange } }

    /// Registers `handler` to run after every commit that changes data.
    public func onChange(_ handler: @escaping Handler) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// Records a change committed now and tells the handlers.
    private func committed() {
        let handlers = state.withLock { state in
            state.lastChange = Date()
            return state.handlers
        }
        for handler in handlers { handler() }
    }
}
