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

        /// Each value and the rowid of a record it groups, the rows of one record together.
        fileprivate var sql: String {
            switch self {
            case .projectCountries:
                "SELECT pc.country, t.rowid FROM project_country AS pc CROSS JOIN project AS t ON t.id = pc.project_id"
            case .themes(let kind):
                """
                SELECT rt.theme_id, t.rowid FROM record_theme AS rt CROSS JOIN \(kind.rawValue) AS t ON t.id = rt.record_id
                WHERE rt.record_kind = '\(kind.rawValue)'
                """
            }
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
        let rows = try ColumnReader(db.cachedStatement(sql: grouping.sql), arguments: [])
        let words = (slots.slotCount + 63) / 64
        // Rows come by record (the index SQLite reads), so each names one of a few values: found among those
        // seen, byte for byte, without a string made per row.
        var values: [[UInt8]] = []
        var sets: [[UInt64]] = []
        while try rows.next() {
            let name = rows.bytes(0)
            let index: Int
            if let seen = values.firstIndex(where: { $0.elementsEqual(name) }) {
                index = seen
            } else {
                index = values.count
                values.append([UInt8](name))
                sets.append([UInt64](repeating: 0, count: words))
            }
            guard let slot = slots.slot(ofRowid: rows.int64(1)) else { return nil }
            sets[index][slot / 64] |= 1 << UInt64(slot % 64)
        }
        var bitsByValue: [String: [UInt64]] = [:]
        for (name, bits) in zip(values, sets) { bitsByValue[String(decoding: name, as: UTF8.self)] = bits }
        return RecordSets(grouping: grouping, generation: generation, bitsByValue: bitsByValue)
    }
}
