import GRDB
import GRDBSQLite

extension Database {
    /// Runs `body` with SQLite allowed about `steps` virtual-machine instructions across all its statements, and
    /// returns nil when they ran out first: for a plan that is usually far cheaper than another but cannot know
    /// beforehand when it is not.
    ///
    /// SQLite's progress handler counts the instructions and interrupts the running statement, which ends with
    /// `SQLITE_INTERRUPT`; a read-only statement leaves its transaction open, so the caller reads on in the same
    /// snapshot. Only for reads: an interrupted write rolls its transaction back. Not to be nested: the inner
    /// call removes the outer one's handler when it ends.
    func withinSteps<T>(_ steps: Int, _ body: () throws -> T) throws -> T? {
        guard let connection = sqliteConnection else { return try body() }
        let remaining = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        remaining.initialize(to: max(1, steps / Database.stepsPerProgressCall))
        sqlite3_progress_handler(connection, Int32(Database.stepsPerProgressCall), { context in
            guard let remaining = context?.assumingMemoryBound(to: Int.self) else { return 1 }
            remaining.pointee -= 1
            return remaining.pointee > 0 ? 0 : 1
        }, remaining)
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            remaining.deallocate()
        }
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT && remaining.pointee <= 0 {
            return nil
        }
    }

    /// How often the progress handler is called: often enough for a budget of a few thousand steps, seldom
    /// enough to cost nothing measurable.
    private static let stepsPerProgressCall = 1_000
}
