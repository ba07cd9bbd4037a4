import GRDB

/// The records of one kind grouped by a value they are filtered by (``Grouping``): the countries each project is
/// in, or the themes of each record, as a set of slots (``RecordSlots``) per value. A list's filter on such a value
/// is then answered in memory, where SQLite looked up each record (each match of a text) and probed the links.
///
/// Read in one pass over the links and kept with the kind's rankings (``SortRankings``). A write of a record of the
/// kind names it, and its records are then filtered by SQLite; a write of a record of a kind the grouping reads
/// besides (``Grouping/alsoRead``) may move records not written between groups: those it moved are filtered by
/// SQLite too, where the history tells them (``RegistryStore/recordsRegrouped(in:since:_:)``).
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
    }

    let grouping: Grouping
    /// The generation of the data it was read from (``SelectionCounts/generation``).
    let generation: UInt64
    /// The newest entry of the history in the data it was read from: the changes after it are those it does not hold.
    let lastChange: Int64
    /// When it was read: tells these sets from others read from the same data, which may hold other slots.
    let readAt = ContinuousClock.now
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
        let records = try ColumnReader(db.cachedStatement(sql: RecordSlots.idOrderSQL(of: grouping.kind)), arguments: [])
        let rows = try ColumnReader(db.cachedStatement(sql: grouping.sql), arguments: [])
        let words = (slots.slotCount + 63) / 64
        // The record the rows have come to: its id's bytes (SQLite's, valid until the records' statement steps on)
        // and its slot, taken once a record rather than once a row, as each call into SQLite for a column costs
        // more than the comparison it serves.
        var record: (id: UnsafeRawBufferPointer, rowid: Int64, slot: Int?)?
        func nextRecord() throws {
            record = try records.next() ? (records.bytes(0), records.int64(1), nil) : nil
        }
        try nextRecord()
        var groups = Groups(words: words)
        while try rows.next() {
            let recordID = rows.bytes(0)
            var order: Int32 = 1
            while let current = record {
                order = BinaryCollation.order(current.id, recordID)
                if order >= 0 { break }
                try nextRecord()
            }
            // A row of no record (none is kept so) is left out, as a join leaves it out.
            guard order == 0, let current = record else { continue }
            let slot: Int
            if let known = current.slot {
                slot = known
            } else {
                guard let found = slots.slot(ofRowid: current.rowid) else { return nil }
                slot = found
                record?.slot = found
            }
            groups.insert(slot, in: rows.bytes(1))
        }
        return RecordSets(grouping: grouping, generation: generation, lastChange: try ChangeLog.newestEntry(db),
                          bitsByValue: groups.bitsByValue)
    }

    /// The sets being read: one bit per slot for each value seen. A record names one of a few values: each is
    /// found by its bytes, without a string made per row; a value as short as a country's code at once, by a
    /// word holding its bytes and length in a small table (`Dictionary`'s hashing cost more than searching the
    /// values one by one).
    private struct Groups {
        let words: Int
        var values: [[UInt8]] = []
        var sets: [[UInt64]] = []
        /// The short values' words and the index of each in `values`, by the word's hash; an index of -1 is empty.
        private var shortKeys = [UInt64](repeating: 0, count: Groups.tableSize)
        private var shortIndexes = [Int](repeating: -1, count: Groups.tableSize)
        private static let tableSize = 1024

        init(words: Int) {
            self.words = words
        }

        mutating func insert(_ slot: Int, in value: UnsafeRawBufferPointer) {
            let index = self.index(of: value)
            sets[index][slot / 64] |= 1 << UInt64(slot % 64)
        }

        private mutating func index(of value: UnsafeRawBufferPointer) -> Int {
            // Past half the table's room the values are searched one by one, as longer ones are.
            guard value.count <= 7, values.count < Groups.tableSize / 2 else {
                if let seen = values.firstIndex(where: { $0.withUnsafeBytes { BinaryCollation.order($0, value) } == 0 }) { return seen }
                return append(value)
            }
            var key = UInt64(value.count) << 56
            for (offset, byte) in value.enumerated() { key |= UInt64(byte) << UInt64(offset * 8) }
            var position = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 54) & (Groups.tableSize - 1)
            while shortIndexes[position] >= 0 {
                if shortKeys[position] == key { return shortIndexes[position] }
                position = (position + 1) & (Groups.tableSize - 1)
            }
            shortKeys[position] = key
            shortIndexes[position] = values.count
            return append(value)
        }

        private mutating func append(_ value: UnsafeRawBufferPointer) -> Int {
            values.append([UInt8](value))
            sets.append([UInt64](repeating: 0, count: words))
            return values.count - 1
        }

        var bitsByValue: [String: [UInt64]] {
            var bitsByValue: [String: [UInt64]] = [:]
            for (value, bits) in zip(values, sets) { bitsByValue[String(decoding: value, as: UTF8.self)] = bits }
            return bitsByValue
        }
    }
}
