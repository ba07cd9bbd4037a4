import Foundation
import GRDB

/// The slot of each search-index entry of one kind's records: its record's place among the kind's rowids. A list's
/// matches are entries; the rankings of the kind's fields (``FieldRanks``) hold each record's rank at its slot, so
/// that one lookup of the matches here serves every field an order compares.
///
/// Read once, from the kind's ids and the entries' record ids side by side (each in an index's own order), and
/// kept up to date by the writes that name their records. Where the kind's rowids lie close together, as they do
/// unless most of its records were deleted, a slot is a rowid counted from the first, and a ranking holds one for
/// each rowid between the first and the last; else the rowids are listed, and a slot is a rowid's index among them.
struct RecordSlots: Sendable {
    private enum Rowids {
        /// Slot `i` is rowid `first + i`.
        case span(first: Int64)
        /// Slot `i` is the `i`th of these, ascending.
        case listed([Int64])
    }

    /// The generation of the data it holds (``SelectionCounts/generation``), the writes applied since included.
    var generation: UInt64
    /// The newest entry of the history when the slots were read (``ChangeLog/newestEntry(_:)``), nil when not told:
    /// the writes applied since leave it, since a record deleted since keeps its entry's slot (``KindEntries``).
    let lastChange: Int64?
    private var rowids: Rowids
    /// How many slots there are: those of the records read, and of those created since.
    private(set) var slotCount: Int
    /// The slot of each entry.
    private var slots: EntryTable

    /// The most slots a span holds per record, and besides them: past that the rowids are listed.
    private static let slotsPerRecord = 2
    private static let spareSlots = 1024

    /// The slots of the records in `pairs` (a rowid and its record's entry each, no rowid twice).
    init(_ pairs: [(rowid: Int64, entry: Int64)], generation: UInt64, lastChange: Int64? = nil) {
        self.generation = generation
        self.lastChange = lastChange
        guard let first = pairs.lazy.map(\.rowid).min(), let last = pairs.lazy.map(\.rowid).max() else {
            rowids = .span(first: 0)
            slotCount = 0
            slots = EntryTable([])
            return
        }
        let (span, overflow) = last.subtractingReportingOverflow(first)
        if !overflow, span < Int64(pairs.count * RecordSlots.slotsPerRecord + RecordSlots.spareSlots) {
            rowids = .span(first: first)
            slotCount = Int(span) + 1
            slots = EntryTable(pairs.map { ($0.entry, Int32($0.rowid - first)) })
        } else {
            let sorted = pairs.sorted { $0.rowid < $1.rowid }
            rowids = .listed(sorted.map(\.rowid))
            slotCount = sorted.count
            slots = EntryTable(sorted.enumerated().map { ($1.entry, Int32($0)) })
        }
    }

    /// The slot of the record with `rowid`, nil outside the slots held.
    func slot(ofRowid rowid: Int64) -> Int? {
        switch rowids {
        case .span(let first):
            let (offset, overflow) = rowid.subtractingReportingOverflow(first)
            guard !overflow, offset >= 0, offset < Int64(slotCount) else { return nil }
            return Int(offset)
        case .listed(let listed):
            return listed.index(ofAscending: rowid)
        }
    }

    /// The rowid of slot `slot`, nil outside the slots held.
    func rowid(ofSlot slot: Int) -> Int64? {
        guard slot >= 0, slot < slotCount else { return nil }
        switch rowids {
        case .span(let first): return first + Int64(slot)
        case .listed(let listed): return listed[slot]
        }
    }

    /// The slot of the record of `entry`, nil when none is held.
    func slot(ofEntry entry: Int64) -> Int32? {
        slots.number(of: entry)
    }

    /// The slots of the records of `entries`, in their order; nil when one is not held.
    func slots(ofEntries entries: [Int64]) -> [Int32]? {
        slots.numbers(of: entries)
    }

    /// Holds `entry` for the record with `rowid` (a record written since): a record created since has a rowid past
    /// the others, and its slot comes after theirs. False, holding nothing, when the rowid has no slot and lies
    /// too far past the others, or before the last.
    mutating func set(_ entry: Int64, forRowid rowid: Int64) -> Bool {
        switch rowids {
        case .span(let first):
            let (offset, overflow) = rowid.subtractingReportingOverflow(first)
            guard !overflow, offset >= 0, offset < Int64(slotCount + RecordSlots.spareSlots),
                  slots.set(Int32(offset), for: entry) else { return false }
            slotCount = max(slotCount, Int(offset) + 1)
        case .listed(var listed):
            if let slot = listed.index(ofAscending: rowid) { return slots.set(Int32(slot), for: entry) }
            guard listed.last.map({ $0 < rowid }) ?? true, slots.set(Int32(listed.count), for: entry) else { return false }
            rowids = .span(first: 0)
            listed.append(rowid)
            rowids = .listed(listed)
            slotCount = listed.count
        }
        return true
    }

    var byteCount: Int {
        switch rowids {
        case .span: slots.byteCount
        case .listed(let listed): slots.byteCount + listed.count * MemoryLayout<Int64>.stride
        }
    }

    /// Each record of `kind`'s id and rowid, in the order of the ids as SQLite compares texts (``BinaryCollation``):
    /// read from the kind's id index alone.
    static func idOrderSQL(of kind: RecordKind) -> String {
        "SELECT id, rowid FROM \(kind.rawValue) ORDER BY id"
    }

    /// Reads the slots of every record of `kind` in the data of `generation`.
    static func read(_ kind: RecordKind, generation: UInt64, _ db: Database) throws -> RecordSlots {
        // Both in the order of the record's id as SQLite compares texts (bytes): each record meets its entry
        // in one pass over both, each read from an index in its own order.
        let records = try ColumnReader(db.cachedStatement(sql: idOrderSQL(of: kind)), arguments: [])
        let indexed = try ColumnReader(db.cachedStatement(sql: "SELECT record_id, id FROM search_entry WHERE type = ? ORDER BY record_id"),
                                       binding: kind.rawValue)
        var pairs: [(rowid: Int64, entry: Int64)] = []
        var moreRecords = try records.next()
        var moreEntries = try indexed.next()
        while moreRecords, moreEntries {
            let order = BinaryCollation.order(records.bytes(0), indexed.bytes(0))
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
        return RecordSlots(pairs, generation: generation, lastChange: try ChangeLog.newestEntry(db))
    }

    /// The slots of the records of `kind` written since (`written`, their ids), as they are now, held: false
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
}
