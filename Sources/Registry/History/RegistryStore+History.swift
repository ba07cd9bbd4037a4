import Foundation
import GRDB

extension RegistryStore {
    /// A page of the history, oldest first, and how many changes the selection holds in all.
    /// People's contact details are left out unless `personal`.
    public func changes(_ query: ChangeQuery, personal: Bool) throws -> (changes: [Change], total: Int) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let kind = query.kind {
            conditions.append("record_kind = ?")
            arguments += [kind.rawValue]
        }
        if let id = query.recordID {
            conditions.append("record_id = ?")
            arguments += [id]
        }
        if let since = query.since {
            conditions.append("id > ?")
            arguments += [since]
        }
        if let from = query.from {
            conditions.append("changed_at >= ?")
            arguments += [ChangeLog.timestamp(from)]
        }
        if let until = query.until {
            conditions.append("changed_at < ?")
            arguments += [ChangeLog.timestamp(until)]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM change \(filter)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(RegistryStore.changeColumns(personal: personal)) FROM change \(filter) ORDER BY id LIMIT ? OFFSET ?",
                arguments: arguments + [query.limit, query.offset])
            return (rows.compactMap(RegistryStore.change), total)
        }
    }

    /// The record of `kind` with `id` as it was at `time` (RFC 3339, compared as stored: UTC with milliseconds);
    /// people's contact details are left out unless `personal`.
    public func record(_ kind: RecordKind, id: String, at time: Date, personal: Bool) throws -> RecordAtTime {
        let moment = ChangeLog.timestamp(time)
        return try read { db in
            let last = try Row.fetchOne(db, sql: """
                SELECT \(RegistryStore.changeColumns(personal: personal)) FROM change WHERE record_kind = ? AND record_id = ? AND changed_at <= ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [kind.rawValue, id, moment])
            if let last {
                if let after: String = last["after"] { return .existed(after) }
                return .deleted(deletedAt: last["changed_at"])
            }
            if let first = try Row.fetchOne(db, sql: """
                SELECT \(RegistryStore.changeColumns(personal: personal)) FROM change WHERE record_kind = ? AND record_id = ? ORDER BY id LIMIT 1
                """, arguments: [kind.rawValue, id]) {
                // A first change that was no creation: the record was there before its history began.
                if let before: String = first["before"] { return .predatesHistory(served: before, historyBegins: first["changed_at"]) }
                return .notYetCreated(firstChange: first["changed_at"])
            }
            // A record the history does not mention has not changed since it came, at a time not recorded.
            if let served = try String.fetchOne(
                db, sql: "SELECT \(RegistryStore.servedColumn(kind, personal: personal)) FROM \(kind.rawValue) WHERE id = ?", arguments: [id]) {
                return .predatesHistory(served: served, historyBegins: nil)
            }
            return .unknown
        }
    }

    /// The id of the newest change; 0 when there is none.
    public func latestChangeID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM change") ?? 0 }
    }

    /// The columns of a change, its record's public forms in place of the full ones unless `personal`.
    private static func changeColumns(personal: Bool) -> String {
        let forms = personal ? "before, after" : "coalesce(before_public, before) AS before, coalesce(after_public, after) AS after"
        return "id, changed_at, author, operation, record_kind, record_id, reason, \(forms)"
    }

    private static func change(from row: Row) -> Change? {
        guard let operation = ChangeOperation(rawValue: row["operation"]), let kind = RecordKind(rawValue: row["record_kind"]) else {
            return nil
        }
        return Change(id: row["id"], time: row["changed_at"], author: row["author"], operation: operation, kind: kind,
                      recordID: row["record_id"], before: row["before"], after: row["after"], reason: row["reason"])
    }
}
