import Foundation
import GRDB

/// Records changes in the `change` table, inside the transaction that makes them.
enum ChangeLog {
    /// The time of a change as stored: RFC 3339 in UTC with milliseconds, so that text order is time order.
    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Records one change; returns its id.
    @discardableResult
    static func record(_ operation: ChangeOperation, kind: RecordKind, id: String, before: String?, after: String?,
                       author: String, reason: String?, at time: String = timestamp(), in db: Database) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO change (changed_at, author, operation, record_kind, record_id, before, after, reason, before_public, after_public)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [time, author, operation.rawValue, kind.rawValue, id, before, after, reason,
                        try PersonalData.publicForm(kind, served: before), try PersonalData.publicForm(kind, served: after)])
        return db.lastInsertedRowID
    }
}
