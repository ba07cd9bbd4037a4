import GRDB

/// A batch of a selection as served, and where the next batch starts; `next` is nil after the last.
public struct ServedBatch: Sendable {
    /// A record as served, its JSON as the UTF-8 bytes the store holds.
    public struct Record: Sendable {
        public var id: String
        public var json: [UInt8]
        public var label: String
    }

    public var records: [Record]
    public var next: ListPosition?
}

extension RegistryStore {
    /// Up to `count` records of the query's selection as served, labelled in `language`, in the query's order,
    /// after `position` (from the start when nil). The query's `limit` and `offset` are not used.
    ///
    /// Each batch is a read of its own: a client that takes its time between batches holds no reader and
    /// blocks no checkpoint. A record changed between two batches is read as it is when its batch is read.
    public func servedBatch(_ query: RecordQuery, after position: ListPosition?, count: Int,
                            language: String, personal: Bool) throws -> ServedBatch {
        var (conditions, arguments) = RegistryStore.conditions(for: query)
        let (join, joinArguments, terms) = RegistryStore.ordering(of: query)
        if let position {
            let (condition, keysetArguments) = RegistryStore.keyset(after: position, terms: terms)
            conditions.append(condition)
            arguments += keysetArguments
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT t.id, t.\(RegistryStore.servedColumn(query.kind, personal: personal)), t.\(RegistryStore.nameColumn(language)), \(terms.map(\.expression).joined(separator: ", "))
            FROM \(query.kind.rawValue) AS t \(join) \(whereClause)
            ORDER BY \(terms.map { $0.expression + ($0.descending ? " DESC" : "") }.joined(separator: ", "))
            LIMIT ?
            """
        var allArguments = joinArguments
        allArguments += arguments
        allArguments += [count]
        return try read { db in
            var records: [ServedBatch.Record] = []
            records.reserveCapacity(count)
            var last: [DatabaseValue] = []
            let rows = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: allArguments)
            while let row = try rows.next() {
                // The bytes as SQLite holds them: the served JSON is copied, not made a `String` and validated.
                let json = try row.withUnsafeData(atIndex: 1) { data in data.map { [UInt8]($0) } ?? [] }
                records.append(ServedBatch.Record(id: row[0], json: json, label: row[2]))
                if records.count == count { last = (0..<terms.count).map { row[3 + $0] as DatabaseValue } }
            }
            return ServedBatch(records: records, next: records.count == count ? ListPosition(last) : nil)
        }
    }

    /// The condition that a record comes after `position` in the order of `terms`: for some term, it equals
    /// the position on every term before and comes after it on this one. A term whose value is NULL is
    /// passed over: every record after it in the order is NULL there as well, and told apart by a later term.
    static func keyset(after position: ListPosition, terms: [(expression: String, descending: Bool)])
        -> (condition: String, arguments: StatementArguments) {
        let values = position.databaseValues
        var alternatives: [String] = []
        var arguments: StatementArguments = []
        for (index, term) in terms.enumerated() where !values[index].isNull {
            var parts: [String] = []
            for earlier in 0..<index {
                parts.append("(\(terms[earlier].expression)) IS ?")
                arguments += [values[earlier]]
            }
            parts.append("(\(term.expression)) \(term.descending ? "<" : ">") ?")
            arguments += [values[index]]
            alternatives.append("(" + parts.joined(separator: " AND ") + ")")
        }
        return (alternatives.isEmpty ? "0" : "(" + alternatives.joined(separator: " OR ") + ")", arguments)
    }
}
