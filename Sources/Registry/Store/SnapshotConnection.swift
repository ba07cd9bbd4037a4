import GRDB

/// The connection a snapshot reads through (``RegistryStore/snapshot(_:)``), carried to the reads made inside
/// it by a task-local value, so that they use it directly instead of asking GRDB for a reentrant read.
///
/// `@unchecked Sendable`: a task-local value must be `Sendable`, but this one is only read on the thread that
/// runs the snapshot, while the snapshot runs (nothing inside a snapshot starts a task that could inherit it).
final class SnapshotConnection: @unchecked Sendable {
    let database: Database
    /// The store whose snapshot it is.
    let owner: ObjectIdentifier
    /// The generation of the store's selection counts when the snapshot began.
    let countGeneration: UInt64

    init(database: Database, owner: ObjectIdentifier, countGeneration: UInt64) {
        self.database = database
        self.owner = owner
        self.countGeneration = countGeneration
    }
}
