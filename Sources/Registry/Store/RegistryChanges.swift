import Foundation
import GRDB
import Locking

/// When the registry's data last changed, and whom to tell when it changes: after every commit through the
/// store that inserted, updated or deleted rows, the time of the last change moves on and every handler
/// registered with `onChange` runs (on the thread that committed, after the commit), told what changed
/// (``RegistryChange``) when the write described it (``describeCommit(of:in:)``).
///
/// What depends on the data subscribes here: search statistics, the server's response cache, the
/// `Last-Modified` of representations. Commits are noticed by a transaction observer of every table but the
/// installation's bookkeeping (``bookkeepingTables``; ``CommitObserver``); commits of another process to the same
/// file (`brobygger import` beside the server) are noticed within a poll interval once
/// ``watchOtherWriters(_:every:)`` runs.
public final class RegistryChanges: Sendable {
    /// Runs after a commit that changed data, told what changed.
    public typealias Handler = @Sendable (RegistryChange) -> Void
    /// Runs after a commit that changed data, told what changed and whether this store's own write described it
    /// (``describeCommit(of:in:)``), rather than another process's history or change feed: only the first tells
    /// every row it changed.
    typealias DescribedHandler = @Sendable (RegistryChange, _ describedHere: Bool) -> Void

    private struct State {
        var lastChange: Date?
        var handlers: [DescribedHandler] = []
    }

    private let state = Mutex(State())
    /// The records the write transaction under way on the writer's connection changes, as it described them:
    /// its commit is told as a change of those records. Taken by that commit, and cleared by its rollback.
    private let describedCommit = Mutex<[NetworkNode.Key]?>(nil)
    /// Keeps the observation of commits running for as long as the store lives.
    private let observer = Mutex<CommitObserver?>(nil)
    /// The poll of ``watchOtherWriters(_:every:)``, the `data_version` it last read, and the newest entry of the
    /// history it has told.
    private let watcher = Mutex<(timer: (any DispatchSourceTimer)?, dataVersion: Int?, historyEntry: Int64?)>((nil, nil, nil))

    /// Tables whose rows are not registry data: a token used or revoked, or a secret made, changes no
    /// representation, so it must not empty caches nor move `Last-Modified`.
    static let bookkeepingTables: Set<String> = ["access_token", "instance_secret", "schema_migration"]

    /// Starts watching every commit of `writer` that changes rows of a table other than the bookkeeping ones,
    /// as the schema is now (open the store after migrating).
    init(observing writer: any DatabaseWriter) throws {
        let tables = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        }
        let observer = CommitObserver(tables: tables.filter { !RegistryChanges.bookkeepingTables.contains($0) }) { [weak self] in
            guard let self else { return }
            let described = describedCommit.withLock { $0.take() }
            committed(described.map(RegistryChange.records) ?? .unknown, describedHere: described != nil)
        }
        writer.add(transactionObserver: observer, extent: .observerLifetime)
        self.observer.withLock { $0 = observer }
    }

    /// Changes that a store reports itself (``noteChange()``): PostgreSQL's, told by its change feed.
    init() {}

    deinit {
        watcher.withLock { $0.timer?.cancel() }
    }

    /// Records a change committed now by some connection, and tells the handlers; `describedHere` when this
    /// store's own write described it.
    func noteChange(_ change: RegistryChange = .unknown, describedHere: Bool = false) {
        committed(change, describedHere: describedHere)
    }

    /// Says that the write transaction under way in `db` (on the observed writer) changes only the records
    /// `keys` name, so that its commit is told as ``RegistryChange/records(_:)`` rather than
    /// ``RegistryChange/unknown``. Call it inside the transaction, once its changes are known.
    ///
    /// The writer runs one transaction at a time, and GRDB tells the change observation of a commit before
    /// the transaction's own observers (it was registered first), so the description reaches the commit it
    /// belongs to; a rollback, or a commit that changed no observed row, clears it.
    func describeCommit(of keys: [NetworkNode.Key], in db: Database) {
        describedCommit.withLock { $0 = keys }
        db.afterNextTransaction(onCommit: { [weak self] _ in self?.describedCommit.withLock { $0 = nil } },
                                onRollback: { [weak self] _ in self?.describedCommit.withLock { $0 = nil } })
    }

    /// Notices commits that other connections make to the database file — another process such as
    /// `brobygger import` or `brobygger token`, or a second server on the same file — by reading SQLite's
    /// `PRAGMA data_version` on `writer`'s connection every `interval`: the number changes only when a
    /// connection other than the one asking has committed, so the store's own commits (which the observation
    /// reports at once) do not count twice. A change runs the handlers as a commit through the store does, told
    /// as a change of the records that the history's new entries name (``ChangeLog/recordsChanged(after:limit:_:)``),
    /// or of anything when there are none or too many. Bookkeeping tables are not told apart here: a token
    /// another process creates also empties the caches.
    ///
    /// Commits of another process that make no history entry (a tool other than Brobygger) are told as changes
    /// of anything only when no entry came with them in the same interval: with one, they are told as the
    /// entry's records.
    func watchOtherWriters(_ writer: any DatabaseWriter, every interval: Duration) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "brobygger.data-version", qos: .utility))
        timer.schedule(deadline: .now() + interval.dispatchInterval, repeating: interval.dispatchInterval,
                       leeway: (interval / 10).dispatchInterval)
        timer.setEventHandler { [weak self] in
            guard let self, let version = RegistryChanges.dataVersion(writer) else { return }
            let changed = watcher.withLock { state -> Bool in
                defer { state.dataVersion = version }
                return state.dataVersion.map { $0 != version } ?? false
            }
            if changed { committed(otherWritersChange(writer), describedHere: false) }
        }
        // The version before the history: a commit between the two reads is then seen again at the next poll
        // (told as a change of anything, its entries read already), never missed.
        let first = RegistryChanges.dataVersion(writer)
        let entry = try? writer.read(ChangeLog.newestEntry)
        watcher.withLock { state in
            state.timer?.cancel()
            state = (timer, first, entry)
        }
        timer.resume()
    }

    /// What the commits of other connections since the last poll changed: the records the history's entries
    /// after the newest one told name, as far as a network update reads them, else anything.
    private func otherWritersChange(_ writer: any DatabaseWriter) -> RegistryChange {
        guard let seen = watcher.withLock({ $0.historyEntry }),
              let (newest, records) = try? writer.read({ try ChangeLog.recordsChanged(after: seen, limit: NetworkCache.updateLimit, $0) })
        else { return .unknown }
        watcher.withLock { $0.historyEntry = newest }
        return records.map(RegistryChange.records) ?? .unknown
    }

    /// `PRAGMA data_version` on the writer's connection; nil when it cannot be read now.
    private static func dataVersion(_ writer: any DatabaseWriter) -> Int? {
        try? writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
    }

    /// When a commit through the store last changed data; nil when none has since the store was opened.
    public var lastChange: Date? { state.withLock { $0.lastChange } }

    /// Registers `handler` to run after every commit that changes data.
    public func onChange(_ handler: @escaping Handler) {
        onChange { (change: RegistryChange, _: Bool) in handler(change) }
    }

    /// Registers `handler` to run after every commit that changes data, told whether this store described it.
    func onChange(_ handler: @escaping DescribedHandler) {
        state.withLock { $0.handlers.append(handler) }
    }

    /// Registers `handler` to run after every commit that changes data, whatever it changed.
    public func onChange(_ handler: @escaping @Sendable () -> Void) {
        onChange { (_: RegistryChange) in handler() }
    }

    /// Records a change committed now, here or by another connection, and tells the handlers.
    private func committed(_ change: RegistryChange, describedHere: Bool) {
        let handlers = state.withLock { state in
            state.lastChange = Date()
            return state.handlers
        }
        for handler in handlers { handler(change, describedHere) }
    }
}
