import GRDB
import GRDBSQLite

extension Database {
    /// What dangles of the references the schema guards, or nil when none does, as the commit would find it.
    ///
    /// Every foreign key of the schema is deferred, so SQLite counts the violations a transaction has made so
    /// far and refuses the commit while any remain: that count (`SQLITE_DBSTATUS_DEFERRED_FKS`) answers at no
    /// cost. Only when it is not zero does the full check run, to name what dangles: `PRAGMA foreign_key_check`
    /// reads every table, so a write that ran it each time cost as much as the registry is large.
    func danglingReference() throws -> String? {
        var current: Int32 = 0
        var highest: Int32 = 0
        guard sqlite3_db_status(sqliteConnection, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0) == SQLITE_OK,
              current == 0
        else {
            do {
                try checkForeignKeys()
            } catch let error as DatabaseError {
                return error.message ?? "\(error)"
            }
            return nil
        }
        return nil
    }
}
