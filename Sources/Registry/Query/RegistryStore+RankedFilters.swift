import GRDB

/// The filters of a list that the kind's rankings answer (``SortRankings``): those of fields of the kind's own
/// table, and a project's country, answered by the projects' countries (``ProjectCountries``).
struct RankedFilters: Sendable {
    var fields: [RankedFilter] = []
    var projectCountry: String?
}

/// A list filter that the ranking of a field of the kind's own table answers (``SortRankings``): the records whose
/// value in the field equals one, lies at or past a bound, or at or before one.
struct RankedFilter: Sendable {
    enum Test: Sendable {
        case equal
        case atLeast
        case atMost
    }

    var field: SortRankings.Field
    var test: Test
    var value: DatabaseValue

    /// Whether a record of rank `key` in the field (`ranks`) passes, where `bound` is the filter's rank
    /// (``RegistryStore/rankBounds(of:placing:kind:_:)``; nil when no record passes).
    func passes(_ key: Int32, bound: Int32?, of ranks: FieldRanks) -> Bool {
        guard let bound else { return false }
        return switch test {
        case .equal: key == bound
        case .atLeast: key >= bound && key < ranks.valueCount
        case .atMost: key <= bound
        }
    }
}

extension RegistryStore {
    /// The filters of `query` besides its text, when every one is answered by the kind's rankings
    /// (``RankedFilters``): an organisation's or a project's country, a record's own kind, a project's budget
    /// bounds. Nil when the query has none, or one that is not.
    static func rankedFilters(of query: RecordQuery) -> RankedFilters? {
        var rest = query
        rest.rankedMatches = nil
        var filters = RankedFilters()
        /// Takes the filter on `field` off `rest` when the kind ranks the field.
        func take(_ field: RecordQuery.SortField, _ test: RankedFilter.Test, _ value: DatabaseValue, _ clear: (inout RecordQuery) -> Void) {
            guard let ranked = sortRankingField(field, of: query.kind) else { return }
            filters.fields.append(RankedFilter(field: ranked, test: test, value: value))
            clear(&rest)
        }
        if query.kind == .organisation, let country = query.country {
            take(.country, .equal, country.uppercased().databaseValue) { $0.country = nil }
        }
        if query.kind == .project, let country = query.country {
            filters.projectCountry = country.uppercased()
            rest.country = nil
        }
        if let kind = query.recordKind {
            take(.kind, .equal, kind.databaseValue) { $0.recordKind = nil }
        }
        if query.kind == .project {
            if let minimum = query.minBudgetCents { take(.totalBudget, .atLeast, minimum.databaseValue) { $0.minBudgetCents = nil } }
            if let maximum = query.maxBudgetCents { take(.totalBudget, .atMost, maximum.databaseValue) { $0.maxBudgetCents = nil } }
        }
        guard !filters.fields.isEmpty || filters.projectCountry != nil, conditions(for: rest).0.isEmpty else { return nil }
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
        var inCountry: ProjectCountries.Projects?
        guard placeProjectCountry(of: rankedFilters, generation: generation, &placing, &inCountry) else { return nil }
        guard let bounds = try rankBounds(of: filters, placing: placing, kind: kind, db) else { return nil }
        let writtenEntries = try writtenEntries(among: entries, placing.written, kind: kind, db)
        var passed: [Int64] = []
        var unplaced: [Int64] = []
        matches: for entry in entries {
            guard !writtenEntries.contains(entry), let slot = placing.slots.slot(ofEntry: entry) else {
                unplaced.append(entry)
                continue
            }
            for ((filter, column), bound) in zip(zip(filters, placing.columns), bounds) {
                guard let key = column.ranks.key(ofSlot: slot, descending: false) else {
                    unplaced.append(entry)
                    continue matches
                }
                if !filter.passes(key, bound: bound, of: column.ranks) { continue matches }
            }
            if let inCountry, !inCountry.contains(slot) { continue }
            passed.append(entry)
        }
        guard unplaced.count <= RegistryStore.unplacedMatchLimit else { return nil }
        if !unplaced.isEmpty { passed += try passing(RegistryStore.entryArray(unplaced)) }
        return passed
    }

    /// The bound of each filter among the ranks of its field (`placing`'s columns, in the filters' order): the
    /// rank of a record not written since the rankings were made that has the value (or the first past the bound,
    /// or the last before it), found through the field's index; nil for a filter no such record passes, and nil
    /// for all when that record's slot or rank is not held.
    func rankBounds(of filters: [RankedFilter], placing: SortRankings.Placing, kind: RecordKind,
                    _ db: Database) throws -> [Int32?]? {
        // Each bound is the rank of a record not written since the rankings were made; nil where no such record
        // has the value (or one past the bound): then no match the rankings place passes.
        var bounds: [Int32?] = []
        let written = RegistryStore.jsonArray(Array(placing.written))
        for (filter, column) in zip(filters, placing.columns) {
            let expression = filter.field.expression
            let empty = "(\(expression)) IS NULL"
            let notWritten = "t.id NOT IN (SELECT value FROM json_each(?))"
            let sql = switch filter.test {
            case .equal:
                "SELECT t.rowid FROM \(kind.rawValue) AS t WHERE \(expression) = ? AND \(notWritten) LIMIT 1"
            // Ordered by the value alone: records of one value share its rank, and the field's index then gives
            // the order (with the emptiness term too, SQLite sorted every record past the bound).
            case .atLeast:
                "SELECT t.rowid FROM \(kind.rawValue) AS t WHERE \(empty) = 0 AND \(expression) >= ? AND \(notWritten) ORDER BY \(expression) LIMIT 1"
            case .atMost:
                "SELECT t.rowid FROM \(kind.rawValue) AS t WHERE \(empty) = 0 AND \(expression) <= ? AND \(notWritten) ORDER BY \(expression) DESC LIMIT 1"
            }
            guard let rowid = try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: [filter.value, written]) else {
                bounds.append(nil)
                continue
            }
            guard let slot = placing.slots.slot(ofRowid: rowid), let bound = column.ranks.key(ofSlot: Int32(slot), descending: false) else {
                return nil
            }
            bounds.append(bound)
        }
        return bounds
    }

    /// The projects in the project country `filters` name, if any (`inCountry`), the projects written since the
    /// countries were read added to `placing`'s written; false, and the countries read again, when they are not
    /// kept for the data of `generation`.
    func placeProjectCountry(of filters: RankedFilters, generation: UInt64, _ placing: inout SortRankings.Placing,
                             _ inCountry: inout ProjectCountries.Projects?) -> Bool {
        guard let country = filters.projectCountry else { return true }
        guard let kept = sortRankings.projectCountries(generation: generation, changes: selectionCounts) else {
            prepareProjectCountries()
            return false
        }
        inCountry = kept.countries.projects(in: country)
        placing.written.formUnion(kept.written)
        return true
    }
}
