import GRDB
import GRDBSQLite

extension RegistryStore {
    /// How large SQLite's write-ahead log may stay once its pages are in the database file. A large write (an
    /// import, `brobygger synthesize`) grows the log to its size, and SQLite otherwise reuses the file at that size
    /// for as long as the database is open: disk the operator does not see, and a log that a process started
    /// after one that did not close the file must read whole to rebuild its index (about a second for 2 GB).
    public static let writeAheadLogLimit = 64 << 20

    /// How long ``truncateWriteAheadLog()`` waits for readers that still use the log.
    static let truncationWait: Int32 = 1_000

    /// Copies every page of the write-ahead log into the database file and empties the log, as closing the last
    /// connection does: for the end of a process that may not close the file itself (a server whose network is
    /// still being read when it stops, a command that wrote a large registry). Readers that still use the log are
    /// waited for a second, not the busy timeout; returns false when they were still there (the log then stays
    /// as it is, and nothing is lost). An in-memory database has no log: true.
    @discardableResult
    public func truncateWriteAheadLog() throws -> Bool {
        guard database is DatabasePool else { return true }
        return try database.writeWithoutTransaction { db in
            sqlite3_busy_timeout(db.sqliteConnection, Self.truncationWait)
            defer { sqlite3_busy_timeout(db.sqliteConnection, Int32(Self.busyTimeout * 1_000)) }
            do {
                try db.checkpoint(.truncate)
                return true
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                return false
            }
        }
    }
}
