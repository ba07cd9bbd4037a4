import GRDB

/// The countries each project is in (`project_country`: a partner's country as the project lists it, or else its
/// organisation's), as a set of project slots (``RecordSlots``) per country: a text's matches in a country are
/// then found in memory, where SQLite looked up each match's record and probed the country's projects for it.
///
/// Read in one pass over the countries' projects and kept with the kind's rankings (``SortRankings``). A write of
/// a project names it, and its entries are then filtered by SQLite; a write of an organisation may change the
/// countries of any project it is a partner of, so that the sets answer for no data after one.
struct ProjectCountries: Sendable {
    /// The generation of the data it was read from (``SelectionCounts/generation``).
    let generation: UInt64
    /// One bit per slot, by country.
    private let bitsByCountry: [String: [UInt64]]

    /// The projects in one country, one bit per slot.
    struct Projects: Sendable {
        fileprivate let bits: [UInt64]

        /// Whether the project at `slot` is among them.
        func contains(_ slot: Int32) -> Bool {
            guard slot >= 0, Int(slot) / 64 < bits.count else { return false }
            return bits[Int(slot) / 64] & (1 << UInt64(slot % 64)) != 0
        }
    }

    /// The projects in `country` (upper case): looked up once for all of a list's matches.
    func projects(in country: String) -> Projects {
        Projects(bits: bitsByCountry[country] ?? [])
    }

    var byteCount: Int { bitsByCountry.values.reduce(0) { $0 + $1.count * MemoryLayout<UInt64>.stride } }

    /// Reads the countries of every project of the data of `generation` (the snapshot's of `db`), at the slots
    /// of `slots`, read in the same data; nil when a project's rowid has no slot there.
    static func read(slots: RecordSlots, generation: UInt64, _ db: Database) throws -> ProjectCountries? {
        let rows = try ColumnReader(db.cachedStatement(sql: """
            SELECT pc.country, t.rowid FROM project_country AS pc CROSS JOIN project AS t ON t.id = pc.project_id
            """), arguments: [])
        let words = (slots.slotCount + 63) / 64
        // Rows come by project (the index SQLite reads), so each names one of a few countries: found among those
        // seen, byte for byte, without a string made per row.
        var countries: [[UInt8]] = []
        var sets: [[UInt64]] = []
        while try rows.next() {
            let name = rows.bytes(0)
            let index: Int
            if let seen = countries.firstIndex(where: { $0.elementsEqual(name) }) {
                index = seen
            } else {
                index = countries.count
                countries.append([UInt8](name))
                sets.append([UInt64](repeating: 0, count: words))
            }
            guard let slot = slots.slot(ofRowid: rows.int64(1)) else { return nil }
            sets[index][slot / 64] |= 1 << UInt64(slot % 64)
        }
        var bitsByCountry: [String: [UInt64]] = [:]
        for (name, bits) in zip(countries, sets) { bitsByCountry[String(decoding: name, as: UTF8.self)] = bits }
        return ProjectCountries(generation: generation, bitsByCountry: bitsByCountry)
    }
}
