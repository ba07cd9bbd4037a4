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

    /// Begins the one entry of an import, whose `record_id` is its provenance document; ``finishImport`` gives it
    /// what the import did. Returns its id.
    static func beginImport(document: String, author: String, reason: String?, in db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO change (changed_at, author, operation, record_kind, record_id, after, reason) VALUES (?, ?, ?, ?, ?, '{}', ?)",
            arguments: [timestamp(), author, ChangeOperation.import.rawValue, ChangeOperation.import.rawValue, document, reason])
        return db.lastInsertedRowID
    }

    /// Lists a record the import `change` created (`before` nil) or changed; the first write of it in the import is
    /// the one kept, so `before` is the record as the import found it.
    static func importWrote(_ change: Int64, kind: RecordKind, id: String, before: String?, in db: Database) throws {
        try db.cachedStatement(sql: importListing.head + " VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [kind.rawValue, id, change, before, try PersonalData.publicForm(kind, served: before)])
    }

    /// The insert of ``importWrote(_:kind:id:before:in:)``, up to its values.
    static let importListing = BatchedInserts.Insert(
        head: "INSERT OR IGNORE INTO change_record (record_kind, record_id, change_id, before, before_public)", columns: 5)

    /// Gives the import's entry what it did (`summary`, a JSON object), or removes the entry when the import wrote
    /// nothing: importing a file again changes nothing and makes no entry.
    static func finishImport(_ change: Int64, summary: String, wroteAnything: Bool, in db: Database) throws {
        let listed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM change_record WHERE change_id = ?)", arguments: [change]) ?? false
        if listed || wroteAnything {
            try db.execute(sql: "UPDATE change SET after = ? WHERE id = ?", arguments: [summary, change])
        } else {
            try db.execute(sql: "DELETE FROM change WHERE id = ?", arguments: [change])
        }
    }
}
