import Foundation
import GRDB

extension RegistryStore {
    /// A page of the history, oldest first, and how many changes the selection holds in all.
    /// People's contact details are left out unless `personal`.
    public func changes(_ query: ChangeQuery, personal: Bool) throws -> (changes: [Change], total: Int) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        // An import is a change of every record it lists in `change_record`.
        switch (query.kind, query.recordID) {
        case let (kind?, id?):
            conditions.append("((record_kind = ? AND record_id = ?) OR id IN (SELECT change_id FROM change_record WHERE record_kind = ? AND record_id = ?))")
            arguments += [kind.rawValue, id, kind.rawValue, id]
        case let (kind?, nil):
            conditions.append("(record_kind = ? OR id IN (SELECT change_id FROM change_record WHERE record_kind = ?))")
            arguments += [kind.rawValue, kind.rawValue]
        case let (nil, id?):
            conditions.append("((record_kind <> 'import' AND record_id = ?) OR id IN (SELECT change_id FROM change_record WHERE record_id = ?))")
            arguments += [id, id]
        case (nil, nil):
            break
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
            var changes = rows.compactMap(RegistryStore.change)
            // In one record's history an import shows what it did to that record.
            if let kind = query.kind, let id = query.recordID {
                for index in changes.indices where changes[index].operation == .import {
                    changes[index].before = try RegistryStore.beforeImport(changes[index].id, kind, id, personal: personal, db)
                    changes[index].after = try RegistryStore.version(after: changes[index].id, kind, id, personal: personal, db)
                }
            }
            return (changes, total)
        }
    }

    /// The record of `kind` with `id` as it was at `time` (RFC 3339, compared as stored: UTC with milliseconds);
    /// people's contact details are left out unless `personal`.
    public func record(_ kind: RecordKind, id: String, at time: Date, personal: Bool) throws -> RecordAtTime {
        let moment = ChangeLog.timestamp(time)
        return try read { db in
            let events = RegistryStore.recordEvents(personal: personal)
            if let last = try Row.fetchOne(db, sql: "\(events) SELECT * FROM event WHERE changed_at <= ?3 ORDER BY id DESC LIMIT 1",
                                           arguments: [kind.rawValue, id, moment]) {
                if last["operation"] == ChangeOperation.import.rawValue {
                    if let after = try RegistryStore.version(after: last["id"], kind, id, personal: personal, db) { return .existed(after) }
                    return .unknown
                }
                if let after: String = last["after"] { return .existed(after) }
                return .deleted(deletedAt: last["changed_at"])
            }
            if let first = try Row.fetchOne(db, sql: "\(events) SELECT * FROM event ORDER BY id LIMIT 1", arguments: [kind.rawValue, id]) {
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

    /// `WITH event AS (…)`: the changes of the record `?1/?2`, its own and the imports that wrote it (whose `after`
    /// is not kept; see ``version(after:_:_:personal:_:)``), with `id`, `changed_at`, `operation`, `before`, `after`.
    private static func recordEvents(personal: Bool) -> String {
        let form = { (table: String, column: String) in personal ? "\(table).\(column)" : "coalesce(\(table).\(column)_public, \(table).\(column))" }
        return """
            WITH event AS (
                SELECT id, changed_at, operation, \(form("change", "before")) AS before, \(form("change", "after")) AS after
                FROM change WHERE record_kind = ?1 AND record_id = ?2
                UNION ALL
                SELECT c.id, c.changed_at, c.operation, \(form("r", "before")) AS before, NULL AS after
                FROM change_record AS r JOIN change AS c ON c.id = r.change_id WHERE r.record_kind = ?1 AND r.record_id = ?2
            )
            """
    }

    /// The record as the import `change` found it (nil: the import created it).
    private static func beforeImport(_ change: Int64, _ kind: RecordKind, _ id: String, personal: Bool, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT \(personal ? "before" : "coalesce(before_public, before)") FROM change_record
            WHERE record_kind = ? AND record_id = ? AND change_id = ?
            """, arguments: [kind.rawValue, id, change])
    }

    /// The record as the change `change` left it, when that change keeps no `after` (an import): what the next
    /// change of the record found, or the record now.
    private static func version(after change: Int64, _ kind: RecordKind, _ id: String, personal: Bool, _ db: Database) throws -> String? {
        if let next = try Row.fetchOne(db, sql: "\(recordEvents(personal: personal)) SELECT before FROM event WHERE id > ?3 ORDER BY id LIMIT 1",
                                       arguments: [kind.rawValue, id, change]) {
            return next["before"]
        }
        return try String.fetchOne(
            db, sql: "SELECT \(RegistryStore.servedColumn(kind, personal: personal)) FROM \(kind.rawValue) WHERE id = ?", arguments: [id])
    }

    /// The id of the newest change; 0 when there is none.
    public func latestChangeID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM change") ?? 0 }
    }

    /// The columns of a change, its record's public forms in place of the full ones unless `personal`.
    static func changeColumns(personal: Bool) -> String {
        let forms = personal ? "before, after" : "coalesce(before_public, before) AS before, coalesce(after_public, after) AS after"
        return "id, changed_at, author, operation, record_kind, record_id, reason, \(forms)"
    }

    private static func change(from row: Row) -> Change? {
        change(id: row["id"], time: row["changed_at"], author: row["author"], operation: row["operation"], kind: row["record_kind"],
               recordID: row["record_id"], before: row["before"], after: row["after"], reason: row["reason"])
    }

    /// A change from the text of its columns; nil for an operation or kind this version does not know.
    static func change(id: Int64, time: String, author: String, operation: String, kind: String, recordID: String,
                       before: String?, after: String?, reason: String?) -> Change? {
        guard let operation = ChangeOperation(rawValue: operation) else { return nil }
        let recordKind = RecordKind(rawValue: kind)
        guard recordKind != nil || operation == .import else { return nil }
        return Change(id: id, time: time, author: author, operation: operation, kind: recordKind,
                      recordID: recordID, before: before, after: after, reason: reason)
    }
}
