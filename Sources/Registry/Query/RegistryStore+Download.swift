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

    public init(records: [Record], next: ListPosition?) {
        self.records = records
        self.next = next
    }
}

extension RegistryStore {
    /// Up to `count` records of the query's selection as served, labelled in `language`, in the query's order,
    /// after `position` (from the start when nil). The query's `limit` and `offset` are not used.
    ///
    /// Each batch is a read of its own: a client that takes its time between batches holds no reader and
    /// blocks no checkpoint. A record changed between two batches is read as it is when its batch is read, and
    /// the query's filters are those of each batch's read.
    public func servedBatch(_ query: RecordQuery, after position: ListPosition?, count: Int,
                            language: String, personal: Bool) throws -> ServedBatch {
        let (conditions, arguments) = RegistryStore.conditions(for: query)
        let (source, sourceArguments, terms) = RegistryStore.ordering(of: query)
        let segments = position.map { KeysetSegment.segments(after: $0, terms: terms) } ?? [KeysetSegment.whole(terms)]
        let selected = """
            t.id, t.\(RegistryStore.servedColumn(query.kind, personal: personal)), t.\(RegistryStore.nameColumn(language)), \(terms.map(\.expression).joined(separator: ", "))
            """
        return try read { db in
            var records: [ServedBatch.Record] = []
            records.reserveCapacity(count)
            var last: [DatabaseValue] = []
            for segment in segments where records.count < count {
                let (sql, segmentArguments) = segment.select(selected, from: source, where: conditions,
                                                             limit: count - records.count, offset: 0)
                var allArguments = sourceArguments
                allArguments += arguments
                allArguments += segmentArguments
                // The bytes as SQLite holds them: the served JSON is copied, not made a `Row`, `Data` or `String`.
                let rows = try ColumnReader(try db.cachedStatement(sql: sql), arguments: allArguments)
                while try rows.next() {
                    records.append(ServedBatch.Record(id: rows.text(0) ?? "", json: [UInt8](rows.bytes(1)),
                                                      label: rows.text(2) ?? ""))
                    if records.count == count { last = (0..<terms.count).map { rows.databaseValue(Int32(3 + $0)) } }
                }
            }
            return ServedBatch(records: records, next: records.count == count ? ListPosition(last) : nil)
        }
    }
}

extension RegistryStore {
    /// The records of `kind` at the positions `range` of `ids`, as served, labelled in `language`, in the order of
    /// `ids`; an id with no record is left out. A batch of a download whose selection was put in order once
    /// (``selectionIDs(_:)``), or of a text's matches in their order: read without a `LIMIT`, which had SQLite keep the
    /// batch's rows sorted as they came (twice the time of sorting them once).
    ///
    /// Ids that came with their rowids are read by them, and every row read must be the record of the id kept at its
    /// place: a record deleted since may have left its rowid to one created since. Where one is not, or is gone, the
    /// slice is read again by its ids.
    public func servedRecords(_ kind: RecordKind, ids: RecordIDs, in range: Range<Int>, language: String,
                              personal: Bool) throws -> [ServedBatch.Record] {
        return try read { db in
            /// The records of the slice's `hit`s joined to the table on `key` (`rowid` or `id`), in the slice's order,
            /// as long as each is the record of the id kept at its place.
            func records(joinedOn key: String, _ hits: String) throws -> [ServedBatch.Record] {
                let rows = try ColumnReader(
                    db.cachedStatement(sql: """
                        SELECT t.id, t.\(RegistryStore.servedColumn(kind, personal: personal)), \
                        t.\(RegistryStore.nameColumn(language)), hit.key
                        FROM json_each(?) AS hit CROSS JOIN \(kind.rawValue) AS t ON t.\(key) = hit.value ORDER BY hit.key
                        """),
                    arguments: [hits])
                var records: [ServedBatch.Record] = []
                records.reserveCapacity(range.count)
                while try rows.next() {
                    guard ids.holds(rows.bytes(0), at: range.lowerBound + Int(rows.int64(3))) else { break }
                    records.append(ServedBatch.Record(id: rows.text(0) ?? "", json: [UInt8](rows.bytes(1)), label: rows.text(2) ?? ""))
                }
                return records
            }
            if let rowids = ids.rowids(in: range) {
                let byRowid = try records(joinedOn: "rowid", RegistryStore.entryArray(rowids))
                if byRowid.count == range.count { return byRowid }
            }
            return try records(joinedOn: "id", RegistryStore.jsonArray(ids.ids(in: range)))
        }
    }

    /// The ids of every record of the query's selection, in the query's order, in one read: for a download, whose
    /// batches then read slices of them (``servedRecords(_:ids:in:language:personal:)``), where a keyset read a filtered
    /// or twice-sorted selection, or a text's matches, again for every batch. The query's `limit` and `offset` are
    /// not used.
    public func selectionIDs(_ query: RecordQuery) throws -> RecordIDs {
        let (conditions, arguments) = RegistryStore.conditions(for: query)
        let (source, sourceArguments, terms) = RegistryStore.ordering(of: query)
        let (sql, segmentArguments) = KeysetSegment.whole(terms).select("t.id, t.rowid", from: source, where: conditions,
                                                                         limit: Int.max, offset: 0)
        var allArguments = sourceArguments
        allArguments += arguments
        allArguments += segmentArguments
        return try read { db in
            var ids = RecordIDs()
            let rows = try ColumnReader(db.makeStatement(sql: sql), arguments: allArguments)
            while try rows.next() { ids.append(rows.bytes(0), rowid: rows.int64(1)) }
            return ids
        }
    }
}
