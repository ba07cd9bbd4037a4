import GRDB
import Synchronization

/// Tells, after each commit on the writer's connection, whether it changed rows of the tables it watches: what
/// ``RegistryChanges`` needs to know, and no more.
///
/// GRDB asks every transaction observer, before every statement, whether it observes the statement's kinds of
/// events. GRDB's `DatabaseRegionObservation` answers by intersecting database regions each time, for every
/// statement of a transaction, even after it has seen the change that settles it. This observer answers with
/// a set lookup, and once a transaction has changed a watched table it observes no more insertions or updates
/// until the next transaction, so that the statements of a large write (an import's hundreds of thousands) cost
/// it next to nothing.
final class CommitObserver: TransactionObserver, Sendable {
    /// The watched tables' names, lowercased (SQLite's names are case-insensitive).
    private let tables: Set<String>
    private let onCommit: @Sendable () -> Void
    /// Whether the transaction under way changed a watched table. Only the writer's connection, one transaction
    /// at a time, touches it; atomic so that the observer is `Sendable`.
    private let changed = Atomic<Bool>(false)

    init(tables: some Sequence<String>, onCommit: @escaping @Sendable () -> Void) {
        self.tables = Set(tables.map { $0.lowercased() })
        self.onCommit = onCommit
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        let isDeletion = if case .delete = eventKind { true } else { false }
        // Whether deletions are observed is asked when a statement is prepared too (GRDB then keeps SQLite from
        // emptying a table without telling each row), and a prepared statement outlives its transaction: that
        // answer must not depend on the transaction.
        if !isDeletion && changed.load(ordering: .relaxed) { return false }
        let table = eventKind.tableName
        return tables.contains(table) || tables.contains(table.lowercased())
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    /// Changes GRDB could not see itself, told by `Database.notifyChanges(in:)`.
    func databaseDidChange() {
        changed.store(true, ordering: .relaxed)
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        guard changed.exchange(false, ordering: .relaxed) else { return }
        onCommit()
    }

    func databaseDidRollback(_ db: Database) {
        changed.store(false, ordering: .relaxed)
    }
}
