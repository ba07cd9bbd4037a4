import Foundation
import GRDB

/// The records of one kind grouped by a value they are filtered by (``Grouping``): the countries each project is
/// in, or the themes of each record, as a set of slots (``RecordSlots``) per value. A list's filter on such a value
/// is then answered in memory, where SQLite looked up each record (each match of a text) and probed the links.
///
/// Read in one pass over the links and kept with the kind's rankings (``SortRankings``). A write of a record of the
/// kind names it, and its records are then filtered by SQLite; a write of a record of a kind the grouping reads
/// besides (``Grouping/alsoRead``) may change the sets of any record, so that they answer for no data after one.
struct RecordSets: Sendable {
    /// What groups the records: a project's countries (`project_country`: a partner's country as the project lists
    /// it, or else its organisation's), or the themes of records of a kind (`record_theme`).
    enum Grouping: Hashable, Sendable {
        case projectCountries
        case themes(RecordKind)

        /// The kind of the records grouped.
        var kind: RecordKind {
            switch self {
            case .projectCountries: .project
            case .themes(let kind): kind
            }
        }

        /// The kinds whose records the grouping reads besides those grouped: a write of one may change the
        /// groups of records not written.
        var alsoRead: Set<RecordKind> {
            switch self {
            case .projectCountries: RegistryStore.filtersRead(of: .project)
            case .themes: [.theme]
            }
        }

        /// Each record's id and a value it is grouped by, in the order of the ids (BINARY, as the kind's id index
        /// holds them), the rows of one record together.
        fileprivate var sql: String {
            switch self {
            case .projectCountries:
                "SELECT project_id, country FROM project_country ORDER BY project_id"
            case .themes(let kind):
                "SELECT record_id, theme_id FROM record_theme WHERE record_kind = '\(kind.rawValue)' ORDER BY record_id"
            }
        }

        /// Each record's id and rowid, in the order of the ids: read from the kind's id index alone.
        fileprivate var recordsSQL: String {
            "SELECT id, rowid FROM \(kind.rawValue) ORDER BY id"
        }
    }

    let grouping: Grouping
    /// The generation of the data it was read from (``SelectionCounts/generation``).
    let generation: UInt64
    /// One bit per slot, by value.
    private let bitsByValue: [String: [UInt64]]

    /// The records of one value, one bit per slot.
    struct Members: Sendable {
        fileprivate let bits: [UInt64]

        /// Whether the record at `slot` is among them.
        func contains(_ slot: Int32) -> Bool {
            guard slot >= 0, Int(slot) / 64 < bits.count else { return false }
            return bits[Int(slot) / 64] & (1 << UInt64(slot % 64)) != 0
        }

        /// How many records are among them.
        var count: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

        /// Calls `body` with each slot, ascending, that is among the records of every one of `sets` (at least one).
        static func forEachSlot(inAll sets: [Members], _ body: (Int32) -> Void) {
            guard let words = sets.map(\.bits.count).min() else { return }
            for index in 0..<words {
                var word = sets[0].bits[index]
                for set in sets.dropFirst() { word &= set.bits[index] }
                while word != 0 {
                    body(Int32(index * 64 + word.trailingZeroBitCount))
                    word &= word - 1
                }
            }
        }
    }

    /// The records of `value` (a country in upper case, a theme's id): looked up once for all of a list's records.
    func members(of value: String) -> Members {
        Members(bits: bitsByValue[value] ?? [])
    }

    var byteCount: Int { bitsByValue.values.reduce(0) { $0 + $1.count * MemoryLayout<UInt64>.stride } }

    /// Reads the groups of every record of the data of `generation` (the snapshot's of `db`), at the slots of
    /// `slots`, read in the same data; nil when a record's rowid has no slot there.
    static func read(_ grouping: Grouping, slots: RecordSlots, generation: UInt64, _ db: Database) throws -> RecordSets? {
        // The groups' rows and the records' ids come in the same order, each from an index of its own, and are
        // joined as they come: SQLite's join looked up every row's record in the id index, a descent of the index
        // for each of the 651,622 countries of 100,000 projects, and that was most of the read.
        let records = try ColumnReader(db.cachedStatement(sql: grouping.recordsSQL), arguments: [])
        let rows = try ColumnReader(db.cachedStatement(sql: grouping.sql), arguments: [])
        let words = (slots.slotCount + 63) / 64
        var hasRecord = try records.next()
        // Each record names one of a few values: found among those seen, byte for byte, without a string made per
        // row.
        var values: [[UInt8]] = []
        var sets: [[UInt64]] = []
        while try rows.next() {
            let recordID = rows.bytes(0)
            var order: Int32 = 1
            while hasRecord {
                order = binaryOrder(records.bytes(0), recordID)
                if order >= 0 { break }
                hasRecord = try records.next()
            }
            // A row of no record (none is kept so) is left out, as a join leaves it out.
            guard hasRecord, order == 0 else { continue }
            let name = rows.bytes(1)
            let index: Int
            if let seen = values.firstIndex(where: { RecordSets.binaryOrder($0, name) == 0 }) {
                index = seen
            } else {
                index = values.count
                values.append([UInt8](name))
                sets.append([UInt64](repeating: 0, count: words))
            }
            guard let slot = slots.slot(ofRowid: records.int64(1)) else { return nil }
            sets[index][slot / 64] |= 1 << UInt64(slot % 64)
        }
        var bitsByValue: [String: [UInt64]] = [:]
        for (name, bits) in zip(values, sets) { bitsByValue[String(decoding: name, as: UTF8.self)] = bits }
        return RecordSets(grouping: grouping, generation: generation, bitsByValue: bitsByValue)
    }

    /// How `one` sorts against `other` under SQLite's BINARY collation (negative: before, 0: the same bytes,
    /// positive: after): their common length compared byte by byte, then the shorter first.
    static func binaryOrder(_ one: some ContiguousBytes, _ other: some ContiguousBytes) -> Int32 {
        one.withUnsafeBytes { one in
            other.withUnsafeBytes { other in
                let common = min(one.count, other.count)
                if common > 0, let first = one.baseAddress, let second = other.baseAddress {
                    let order = memcmp(first, second, common)
                    if order != 0 { return order }
                }
                return one.count < other.count ? -1 : (one.count > other.count ? 1 : 0)
            }
        }
    }
}
