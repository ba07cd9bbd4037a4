import Foundation
import GRDB

/// The search-index entry of each record of one kind, by the record's rowid: what turns the rowids a sort's
/// index holds in order into the entries a ranking places (``SortRankings``). Joining every record to its entry in
/// SQLite cost a descent of the entries' index per record, most of a ranking's making; this is read once, from the
/// kind's ids and the entries' record ids side by side (each in an index's own order), and kept.
///
/// Held only where the kind's rowids lie close together, as they do unless most of its records were deleted: one
/// slot per rowid between the first and the last.
struct RecordEntries: Sendable {
    /// The generation of the data it holds (``SelectionCounts/generation``), before the writes applied since.
    var generation: UInt64
    /// The rowid of `entries[0]`.
    private let firstRowid: Int64
    /// The entry of the record whose rowid is `firstRowid + i` at `i`; 0 where there is none.
    private var entries: [Int64]

    /// The most slots held per record, and besides them: past that the records' rowids are too spread out.
    private static let slotsPerRecord = 2
    private static let spareSlots = 1024

    /// Each record's entry in `pairs`, by rowid; nil when the rowids are spread too thinly.
    init?(_ pairs: [(rowid: Int64, entry: Int64)], generation: UInt64) {
        self.generation = generation
        guard let first = pairs.lazy.map(\.rowid).min(), let last = pairs.lazy.map(\.rowid).max() else {
            firstRowid = 0
            entries = []
            return
        }
        let (span, overflow) = last.subtractingReportingOverflow(first)
        guard !overflow, span < Int64(pairs.count * RecordEntries.slotsPerRecord + RecordEntries.spareSlots) else { return nil }
        firstRowid = first
        entries = [Int64](repeating: 0, count: Int(span) + 1)
        for pair in pairs { entries[Int(pair.rowid - first)] = pair.entry }
    }

    /// The entry of the record with `rowid`, nil when none is held.
    func entry(ofRowid rowid: Int64) -> Int64? {
        let (offset, overflow) = rowid.subtractingReportingOverflow(firstRowid)
        guard !overflow, offset >= 0, offset < Int64(entries.count) else { return nil }
        let entry = entries[Int(offset)]
        return entry == 0 ? nil : entry
    }

    /// Holds `entry` for the record with `rowid` (a record written since); false, holding nothing, when the
    /// rowid lies too far from the others.
    mutating func set(_ entry: Int64, forRowid rowid: Int64) -> Bool {
        let (offset, overflow) = rowid.subtractingReportingOverflow(firstRowid)
        guard !overflow, offset >= 0 else { return false }
        if offset >= Int64(entries.count) {
            // A record created since has the next rowid: the slots grow to it.
            guard offset < Int64(entries.count + RecordEntries.spareSlots) else { return false }
            entries += repeatElement(0, count: Int(offset) - entries.count + 1)
        }
        entries[Int(offset)] = entry
        return true
    }

    var byteCount: Int { entries.count * MemoryLayout<Int64>.stride }

    /// Reads the entries of every record of `kind` into the data of `generation`; nil when the kind's rowids are
    /// spread too thinly.
    static func read(_ kind: RecordKind, generation: UInt64, _ db: Database) throws -> RecordEntries? {
        // Both in the order of the record's id as SQLite compares texts (bytes): each record meets its entry
        // in one pass over both, each read from an index in its own order.
        let records = try ColumnReader(db.cachedStatement(sql: "SELECT id, rowid FROM \(kind.rawValue) ORDER BY id"), arguments: [])
        let indexed = try ColumnReader(db.cachedStatement(sql: "SELECT record_id, id FROM search_entry WHERE type = ? ORDER BY record_id"),
                                       binding: kind.rawValue)
        var pairs: [(rowid: Int64, entry: Int64)] = []
        var moreRecords = try records.next()
        var moreEntries = try indexed.next()
        while moreRecords, moreEntries {
            let order = compareBytes(records.bytes(0), indexed.bytes(0))
            if order < 0 {
                moreRecords = try records.next()
            } else if order > 0 {
                moreEntries = try indexed.next()
            } else {
                pairs.append((records.int64(1), indexed.int64(1)))
                moreRecords = try records.next()
                moreEntries = try indexed.next()
            }
        }
        return RecordEntries(pairs, generation: generation)
    }

    /// The entries of the records of `kind` written since (`written`, their ids), as they are now, held: false
    /// when one of them lies too far from the others.
    mutating func apply(written: [String], kind: RecordKind, generation: UInt64, _ db: Database) throws -> Bool {
        if !written.isEmpty {
            let sql = """
                SELECT t.rowid, e.id FROM json_each(?) AS w CROSS JOIN \(kind.rawValue) AS t ON t.id = w.value
                CROSS JOIN search_entry AS e ON e.type = '\(kind.rawValue)' AND e.record_id = t.id
                """
            let rows = try ColumnReader(db.cachedStatement(sql: sql), binding: RegistryStore.jsonArray(written))
            while try rows.next() {
                guard set(rows.int64(1), forRowid: rows.int64(0)) else { return false }
            }
        }
        self.generation = generation
        return true
    }

    /// How `a` and `b` compare as SQLite's `BINARY` collation compares texts: byte by byte, then by length.
    private static func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int32 {
        let shorter = min(a.count, b.count)
        if shorter > 0, let aBase = a.baseAddress, let bBase = b.baseAddress {
            let order = memcmp(aBase, bBase, shorter)
            if order != 0 { return order }
        }
        return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
    }
}
