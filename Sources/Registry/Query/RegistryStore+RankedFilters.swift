import GRDB

/// The filters of a list that the kind's rankings answer (``SortRankings``): those of fields of the kind's own
/// table, and a project's country or a record's theme, answered by the kind's record sets (``RecordSets``).
struct RankedFilters: Sendable {
    var fields: [RankedFilter] = []
    /// The groups a record is in to pass: a value of each grouping.
    var groups: [(grouping: RecordSets.Grouping, value: String)] = []
    /// The filters (indices in `fields`) of the start and the end of a record active on a day: besides passing
    /// both, the record has one of the two (``RegistryStore/conditions(for:projectCountry:probingThemes:)``).
    var activeDates: (start: Int, end: Int)?

    /// Whether a record whose keys in the fields' rankings `key(index)` gives passes the filters that test
    /// fields together: those it passes one by one are passed by `RankedFilter.passes`.
    func passTogether(_ key: (Int) -> Int32?, valueCount: (Int) -> Int32) -> Bool {
        guard let (start, end) = activeDates else { return true }
        return RankedFilters.hasADate(start: key(start), startValues: valueCount(start), end: key(end), endValues: valueCount(end))
    }

    /// Whether a record whose keys in the rankings of its start and end are `start` and `end` has one of the two:
    /// an empty value's key is its ranking's count of values.
    @inline(__always)
    static func hasADate(start: Int32?, startValues: Int32, end: Int32?, endValues: Int32) -> Bool {
        let startEmpty = start.map { $0 >= startValues } ?? false
        let endEmpty = end.map { $0 >= endValues } ?? false
        return !(startEmpty && endEmpty)
    }
}

/// A list filter that the ranking of a field of the kind's own table answers (``SortRankings``): the records whose
/// value in the field equals one, lies at or past a bound, or at or before one (strictly or not), or the
/// opposite of that (`negated`); records without a value pass only when `emptyPasses`.
///
/// The records of some values in the range may fail nonetheless (`failing`): an end of reduced precision
/// ("2027", "2027-06") is compared as its last day, where the ranking orders it by its text, before the days of
/// its year or month. A day `D` lies between such an end `v` and its last day only when `v` is a prefix of `D`,
/// so those prefixes of a filter's day whose last day is not before it are all the values that fail in the range.
struct RankedFilter: Sendable {
    enum Test: Sendable {
        case equal
        case atLeast
        case above
        case atMost
        case below

        /// The comparison of SQL that keeps the field's values that pass.
        var comparison: String {
            switch self {
            case .equal: "="
            case .atLeast: ">="
            case .above: ">"
            case .atMost: "<="
            case .below: "<"
            }
        }
    }

    /// A filter's bound among the ranks of its field: the rank where its range ends (nil when the range holds no
    /// record), and the ranks in it of the values that fail (``RankedFilter/failing``).
    struct Bound: Sendable {
        var rank: Int32?
        var failing: [Int32] = []
    }

    var field: SortRankings.Field
    var test: Test
    var value: DatabaseValue
    var failing: [DatabaseValue] = []
    var negated = false
    var emptyPasses = false

    /// Whether a record of rank `key` in the field (whose ranking holds `valueCount` values) passes, where `bound`
    /// is the filter's (``RegistryStore/rankBounds(of:placing:kind:_:)``).
    func passes(_ key: Int32, bound: Bound, valueCount: Int32) -> Bool {
        RankTest(self, bound: bound, valueCount: valueCount).passes(key)
    }

    /// A filter's test of a rank, as plain numbers: it is made once for a pass over every slot of a kind, where
    /// the filter and its bound, reached for each slot, were retained and released each time.
    struct RankTest {
        /// The ranks in the filter's range, `lowest...highest` (none when `highest < lowest`).
        private let lowest: Int32
        private let highest: Int32
        /// The ranks in the range that fail (``RankedFilter/failing``): at most a year and a month, -1 for none.
        private let failing: (Int32, Int32)
        private let negated: Bool
        private let emptyPasses: Bool
        private let valueCount: Int32

        init(_ filter: RankedFilter, bound: Bound, valueCount: Int32) {
            self.valueCount = valueCount
            negated = filter.negated
            emptyPasses = filter.emptyPasses
            if let rank = bound.rank {
                switch filter.test {
                case .equal: (lowest, highest) = (rank, rank)
                case .atLeast, .above: (lowest, highest) = (rank, valueCount - 1)
                case .atMost, .below: (lowest, highest) = (0, rank)
                }
            } else {
                (lowest, highest) = (0, -1)
            }
            precondition(bound.failing.count <= 2, "the failing values of a day are its year and its month")
            failing = (bound.failing.first ?? -1, bound.failing.dropFirst().first ?? -1)
        }

        /// Whether a record of rank `key` passes.
        @inline(__always)
        func passes(_ key: Int32) -> Bool {
            guard key < valueCount else { return emptyPasses }
            let inRange = key >= lowest && key <= highest && key != failing.0 && key != failing.1
            return inRange != negated
        }
    }

    /// The values of reduced precision among the ends before `day` whose last day is not before it
    /// (``RegistryStore/endExpression``): its year and its month, where the day names them.
    static func endsNotBefore(_ day: ISODate) -> [DatabaseValue] {
        var ends: [ISODate] = []
        if day.month != nil, let year = ISODate(year: day.year) { ends.append(year) }
        if day.day != nil, let month = ISODate(year: day.year, month: day.month) { ends.append(month) }
        return ends.map(\.description.databaseValue)
    }
}

extension RegistryStore {
    /// The filters of `query` besides its text, when every one is answered by the kind's rankings
    /// (``RankedFilters``): an organisation's or a project's country, a record's theme and own kind, a project's
    /// budget bounds, a record's dates. Nil when the query has none, or one that is not.
    static func rankedFilters(of query: RecordQuery) -> RankedFilters? {
        var rest = query
        rest.rankedMatches = nil
        var filters = RankedFilters()
        /// Takes the filters `made` on the fields `ranked` off `rest` when the kind ranks every one of them;
        /// whether it did.
        @discardableResult
        func take(_ ranked: [RecordQuery.SortField], _ clear: (inout RecordQuery) -> Void,
                  _ made: ([SortRankings.Field]) -> [RankedFilter]) -> Bool {
            let fields = ranked.compactMap { sortRankingField($0, of: query.kind) }
            guard fields.count == ranked.count else { return false }
            filters.fields += made(fields)
            clear(&rest)
            return true
        }
        if query.kind == .organisation, let country = query.country {
            take([.country], { $0.country = nil }) { [RankedFilter(field: $0[0], test: .equal, value: country.uppercased().databaseValue)] }
        }
        if query.kind == .project, let country = query.country {
            filters.groups.append((.projectCountries, country.uppercased()))
            rest.country = nil
        }
        if let theme = query.theme, groupings(of: query.kind).contains(.themes(query.kind)) {
            filters.groups.append((.themes(query.kind), theme))
            rest.theme = nil
        }
        if let kind = query.recordKind {
            take([.kind], { $0.recordKind = nil }) { [RankedFilter(field: $0[0], test: .equal, value: kind.databaseValue)] }
        }
        if query.kind == .project {
            if let minimum = query.minBudgetCents {
                take([.totalBudget], { $0.minBudgetCents = nil }) { [RankedFilter(field: $0[0], test: .atLeast, value: minimum.databaseValue)] }
            }
            if let maximum = query.maxBudgetCents {
                take([.totalBudget], { $0.maxBudgetCents = nil }) { [RankedFilter(field: $0[0], test: .atMost, value: maximum.databaseValue)] }
            }
        }
        if let day = query.startAfter {
            take([.start], { $0.startAfter = nil }) { [RankedFilter(field: $0[0], test: .above, value: day.description.databaseValue)] }
        }
        if let day = query.endBefore {
            take([.end], { $0.endBefore = nil }) { fields in
                [RankedFilter(field: fields[0], test: .below, value: day.description.databaseValue,
                              failing: RankedFilter.endsNotBefore(day))]
            }
        }
        if let day = query.activeOn {
            let start = filters.fields.count
            // Started by the day, and not ended before it; either may be unknown, not both.
            let taken = take([.start, .end], { $0.activeOn = nil }) { fields in
                [RankedFilter(field: fields[0], test: .atMost, value: day.description.databaseValue, emptyPasses: true),
                 RankedFilter(field: fields[1], test: .below, value: day.description.databaseValue,
                              failing: RankedFilter.endsNotBefore(day), negated: true, emptyPasses: true)]
            }
            if taken { filters.activeDates = (start, start + 1) }
        }
        guard !filters.fields.isEmpty || !filters.groups.isEmpty, conditions(for: rest).0.isEmpty else { return nil }
        return filters
    }

    /// Those of `entries` (a text's matches of records of `kind`) that `filters` keep, in the data of `generation`
    /// (the snapshot's of `db`): each filter's bound is the rank of a record of the snapshot that has the value
    /// (the first past the bound, or before it), and each match passes by its record's rank in memory, where
    /// SQLite read each match's record. Matches the rankings do not place (written since they were made, or new)
    /// are filtered by `passing`, as the count filters every match otherwise. Nil when the rankings are not kept
    /// for this data or too many matches are not placed.
    func entriesPassing(_ rankedFilters: RankedFilters, among entries: [Int64], kind: RecordKind, generation: UInt64,
                        passing: (String) throws -> [Int64], _ db: Database) throws -> [Int64]? {
        let filters = rankedFilters.fields
        // The id's ranking too: the kind's slots, and the records written since, come with the rankings.
        let columns = filters.map { SortRankings.Column(field: $0.field, descending: false) }
            + [SortRankings.Column(field: .id(of: kind), descending: false)]
        guard var placing = sortRankings.rankings(columns, generation: generation, changes: selectionCounts) else {
            return nil
        }
        guard let groups = try placeGroups(of: rankedFilters, generation: generation, &placing, db) else { return nil }
        guard let bounds = try rankBounds(of: filters, placing: placing, kind: kind, db) else { return nil }
        let writtenEntries = try writtenEntries(among: entries, placing.written, kind: kind, db)
        var passed: [Int64] = []
        var unplaced: [Int64] = []
        var keys = [Int32?](repeating: nil, count: filters.count)
        matches: for entry in entries {
            guard writtenEntries.index(ofAscending: entry) == nil, let slot = placing.slots.slot(ofEntry: entry) else {
                unplaced.append(entry)
                continue
            }
            for (index, ((filter, column), bound)) in zip(zip(filters, placing.columns), bounds).enumerated() {
                guard let key = column.ranks.key(ofSlot: slot, descending: false) else {
                    unplaced.append(entry)
                    continue matches
                }
                if !filter.passes(key, bound: bound, valueCount: column.ranks.valueCount) { continue matches }
                keys[index] = key
            }
            guard rankedFilters.passTogether({ keys[$0] }, valueCount: { placing.columns[$0].ranks.valueCount }) else { continue }
            if !groups.allSatisfy({ $0.contains(slot) }) { continue }
            passed.append(entry)
        }
        guard unplaced.count <= RegistryStore.unplacedMatchLimit else { return nil }
        if !unplaced.isEmpty { passed += try passing(RegistryStore.entryArray(unplaced)) }
        return passed
    }

    /// The bound of each filter among the ranks of its field (`placing`'s columns, in the filters' order): the
    /// rank of a record not written since the rankings were made that has the value (or the first past the bound,
    /// or the last before it), found through the field's index, and the ranks of such records of its failing
    /// values; nil for all when that record's slot or rank is not held.
    func rankBounds(of filters: [RankedFilter], placing: SortRankings.Placing, kind: RecordKind,
                    _ db: Database) throws -> [RankedFilter.Bound]? {
        // Each rank is that of a record not written since the rankings were made: where no such record has the
        // value (or one past the bound), no record the rankings place has it either.
        let written = RegistryStore.jsonArray(Array(placing.written))
        let notWritten = "t.id NOT IN (SELECT value FROM json_each(?))"
        /// The rank in `ranks` of the record of `rowid`, if held.
        func rank(of rowid: Int64, _ ranks: FieldRanks) -> Int32? {
            placing.slots.slot(ofRowid: rowid).flatMap { ranks.key(ofSlot: Int32($0), descending: false) }
        }
        var bounds: [RankedFilter.Bound] = []
        for (filter, column) in zip(filters, placing.columns) {
            let expression = filter.field.expression
            // Ordered by the value alone: records of one value share its rank, and the field's index then gives
            // the order (with the emptiness term too, SQLite sorted every record past the bound).
            let sql = switch filter.test {
            case .equal:
                "SELECT t.rowid FROM \(kind.rawValue) AS t WHERE \(expression) \(filter.test.comparison) ? AND \(notWritten) LIMIT 1"
            case .atLeast, .above: """
                SELECT t.rowid FROM \(kind.rawValue) AS t WHERE (\(expression)) IS NULL = 0
                AND \(expression) \(filter.test.comparison) ? AND \(notWritten) ORDER BY \(expression) LIMIT 1
                """
            case .atMost, .below: """
                SELECT t.rowid FROM \(kind.rawValue) AS t WHERE (\(expression)) IS NULL = 0
                AND \(expression) \(filter.test.comparison) ? AND \(notWritten) ORDER BY \(expression) DESC LIMIT 1
                """
            }
            var bound = RankedFilter.Bound()
            if let rowid = try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: [filter.value, written]) {
                guard let found = rank(of: rowid, column.ranks) else { return nil }
                bound.rank = found
            }
            // As a range of one value: a date's index leads with its emptiness, and SQLite scanned it whole for
            // an equality.
            let failing = """
                SELECT t.rowid FROM \(kind.rawValue) AS t WHERE (\(expression)) IS NULL = 0
                AND \(expression) >= ? AND \(expression) <= ? AND \(notWritten) LIMIT 1
                """
            for value in filter.failing {
                guard let rowid = try Int64.fetchOne(db.cachedStatement(sql: failing), arguments: [value, value, written]) else {
                    continue
                }
                guard let found = rank(of: rowid, column.ranks) else { return nil }
                bound.failing.append(found)
            }
            bounds.append(bound)
        }
        return bounds
    }

    /// The records of each group `filters` name (a project's country, a theme), the records written since the
    /// groups were read, or moved between them by writes of other kinds (``keptRecordSets(_:generation:_:)``), added
    /// to `placing`'s written; nil, and the groups read again, when one is not kept for the data of `generation`.
    func placeGroups(of filters: RankedFilters, generation: UInt64, _ placing: inout SortRankings.Placing,
                     _ db: Database) throws -> [RecordSets.Members]? {
        var members: [RecordSets.Members] = []
        for (grouping, value) in filters.groups {
            guard let kept = try keptRecordSets(grouping, generation: generation, db) else {
                prepareRecordSets(grouping)
                return nil
            }
            members.append(kept.sets.members(of: value))
            placing.written.formUnion(kept.written)
        }
        return members
    }
}
