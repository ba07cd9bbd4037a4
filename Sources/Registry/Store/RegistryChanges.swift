import Foundation
import GRDB
import Synchronization

/// When the registry's data last changed, and whom to tell when it changes: after every commit through the
/// store that inserted, updated or deleted rows, the time of the last change moves on and every handler
/// registered with `onChange` runs (on the thread that committed, after the commit).
///
/// What depends on the data subscribes here: search statistics, the server's response cache, the
/// `Last-Modified` of representations. Changes made to the database file by another process are not seen.
public final class RegistryChanges: Sendable {
    /// Runs after a commit that changed data.
    public typealias Handler = @Sendable () -> Void

    private struct State {
        var lastChange: Date?
        var handlers: [Handler] = []
    }

    private let state = Mutex(State())

    init() {}

    /// When a commit through the store last changed data; nil when none has since the store was opened.
    public var lastChange: Date? { state.withLock { $0.lastChange } }

    /// Registers `handler` to run after every commit that changes data.
    public func onChange(_ handler: @escaping Handler) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// Records a change committed now and tells the handlers.
    func committed() {
        let handlers = state.withLock { state in
            state.lastChange = Date()
            return state.handlers
        }
        for handler in handlers { handler() }
    }

    /// Watches the store's writer: calls `committed()` after each commit that changed rows.
    final class Observer: TransactionObserver {
        private let changes: RegistryChanges
        private var changed = false

        init(_ changes: RegistryChanges) {
            self.changes = changes
        }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }

        func databaseDidChange(with event: DatabaseEvent) {
            changed = true
            // One change is enough to know; the rest of the transaction need not be reported row by row.
            stopObservingDatabaseChangesUntilNextTransaction()
        }

        func databaseDidCommit(_ db: Database) {
            guard changed else { return }
            changed = false
            changes.committed()
        }

        func databaseDidRollback(_ db: Database) {
            changed = false
        }
    }
}
