import Foundation
import PostgresClient

extension PostgresRegistryStore {
    /// A page of the history, oldest first, and how many changes the selection holds in all.
    /// People's contact details are left out unless `personal`.
    public func changes(_ query: ChangeQuery, personal: Bool) throws -> (changes: [Change], total: Int) {
        var conditions: [String] = []
        var parameters: [PostgresValue] = []
        /// `$n` for a new parameter of `value`.
        func parameter(_ value: PostgresValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        // An import is a change of every record it lists in `change_record`.
        switch (query.kind, query.recordID) {
        case let (kind?, id?):
            let (k, i) = (parameter(.text(kind.rawValue)), parameter(.text(id)))
            conditions.append("((record_kind = \(k) AND record_id = \(i)) OR id IN (SELECT change_id FROM change_record WHERE record_kind = \(k) AND record_id = \(i)))")
        case let (kind?, nil):
            let k = parameter(.text(kind.rawValue))
            conditions.append("(record_kind = \(k) OR id IN (SELECT change_id FROM change_record WHERE record_kind = \(k)))")
        case let (nil, id?):
            let i = parameter(.text(id))
            conditions.append("((record_kind <> 'import' AND record_id = \(i)) OR id IN (SELECT change_id FROM change_record WHERE record_id = \(i)))")
        case (nil, nil):
            break
        }
        if let since = query.since { conditions.append("id > \(parameter(.integer(since)))") }
        if let from = query.from { conditions.append("changed_at >= \(parameter(.text(ChangeLog.timestamp(from))))") }
        if let until = query.until { conditions.append("changed_at < \(parameter(.text(ChangeLog.timestamp(until))))") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let counted = parameters
        let page = "LIMIT \(parameter(.integer(Int64(query.limit)))) OFFSET \(parameter(.integer(Int64(query.offset))))"
        return try snapshot {
            try read { connection in
                let total = try connection.query("SELECT count(*) FROM change \(filter)", counted)[0].get(0, as: Int.self)
                var changes = try connection.query(
                    "SELECT \(RegistryStore.changeColumns(personal: personal)) FROM change \(filter) ORDER BY id \(page)", parameters
                ).rows.compactMap(Self.change(from:))
                // In one record's history an import shows what it did to that record.
                if let kind = query.kind, let id = query.recordID {
                    for index in changes.indices where changes[index].operation == .import {
                        changes[index].before = try Self.beforeImport(changes[index].id, kind, id, personal: personal, connection)
                        changes[index].after = try Self.version(after: changes[index].id, kind, id, personal: personal, connection)
                    }
                }
                return (changes, total)
            }
        }
    }

    /// The record of `kind` with `id` as it was at `time`; people's contact details are left out unless `personal`.
    public func record(_ kind: RecordKind, id: String, at time: Date, personal: Bool) throws -> RecordAtTime {
        let moment = ChangeLog.timestamp(time)
        let events = Self.recordEvents(personal: personal)
        let record: [PostgresValue] = [.text(kind.rawValue), .text(id)]
        return try snapshot {
            try read { connection in
                if let last = try connection.query("\(events) SELECT * FROM event WHERE changed_at <= $3 ORDER BY id DESC LIMIT 1",
                                                   record + [.text(moment)]).rows.first {
                    if try last.get("operation", as: String.self) == ChangeOperation.import.rawValue {
                        if let after = try Self.version(after: try last.get("id"), kind, id, personal: personal, connection) {
                            return .existed(after)
                        }
                        return .unknown
                    }
                    if let after = try last.get("after", as: String?.self) { return .existed(after) }
                    return .deleted(deletedAt: try last.get("changed_at"))
                }
                if let first = try connection.query("\(events) SELECT * FROM event ORDER BY id LIMIT 1", record).rows.first {
                    // A first change that was no creation: the record was there before its history began.
                    if let before = try first.get("before", as: String?.self) {
                        return .predatesHistory(served: before, historyBegins: try first.get("changed_at"))
                    }
                    return .notYetCreated(firstChange: try first.get("changed_at"))
                }
                // A record the history does not mention has not changed since it came, at a time not recorded.
                if let served = try Self.servedNow(kind, id, personal: personal, connection) {
                    return .predatesHistory(served: served, historyBegins: nil)
                }
                return .unknown
            }
        }
    }

    /// The id of the newest change; 0 when there is none.
    public func latestChangeID() throws -> Int64 {
        try read { try $0.query("SELECT coalesce(max(id), 0) FROM change")[0].get(0, as: Int64.self) }
    }

    /// `WITH event AS (…)`: the changes of the record `$1/$2`, its own and the imports that wrote it, with `id`,
    /// `changed_at`, `operation`, `before`, `after`.
    private static func recordEvents(personal: Bool) -> String {
        let form = { (table: String, column: String) in personal ? "\(table).\(column)" : "coalesce(\(table).\(column)_public, \(table).\(column))" }
        return """
            WITH event AS (
                SELECT id, changed_at, operation, \(form("change", "before")) AS before, \(form("change", "after")) AS after
                FROM change WHERE record_kind = $1 AND record_id = $2
                UNION ALL
                SELECT c.id, c.changed_at, c.operation, \(form("r", "before")) AS before, NULL AS after
                FROM change_record AS r JOIN change AS c ON c.id = r.change_id WHERE r.record_kind = $1 AND r.record_id = $2
            )
            """
    }

    /// The record as the import `change` found it (nil: the import created it).
    private static func beforeImport(_ change: Int64, _ kind: RecordKind, _ id: String, personal: Bool,
                                     _ connection: PostgresConnection) throws -> String? {
        try connection.query("""
            SELECT \(personal ? "before" : "coalesce(before_public, before)") FROM change_record
            WHERE record_kind = $1 AND record_id = $2 AND change_id = $3
            """, [.text(kind.rawValue), .text(id), .integer(change)]).rows.first?.get(0, as: String?.self)
    }

    /// The record as the change `change` left it, when that change keeps no `after` (an import): what the next
    /// change of the record found, or the record now.
    private static func version(after change: Int64, _ kind: RecordKind, _ id: String, personal: Bool,
                                _ connection: PostgresConnection) throws -> String? {
        if let next = try connection.query("\(recordEvents(personal: personal)) SELECT before FROM event WHERE id > $3 ORDER BY id LIMIT 1",
                                           [.text(kind.rawValue), .text(id), .integer(change)]).rows.first {
            return try next.get(0, as: String?.self)
        }
        return try servedNow(kind, id, personal: personal, connection)
    }

    /// The record as served now, nil when there is none.
    private static func servedNow(_ kind: RecordKind, _ id: String, personal: Bool, _ connection: PostgresConnection) throws -> String? {
        try connection.query("SELECT \(RegistryStore.servedColumn(kind, personal: personal)) FROM \(kind.rawValue) WHERE id = $1",
                             [.text(id)]).rows.first?.get(0, as: String.self)
    }

    private static func change(from row: PostgresRow) throws -> Change? {
        RegistryStore.change(id: try row.get(0), time: try row.get(1), author: try row.get(2), operation: try row.get(3),
                             kind: try row.get(4), recordID: try row.get(5), before: try row.get(7), after: try row.get(8),
                             reason: try row.get(6))
    }
}
