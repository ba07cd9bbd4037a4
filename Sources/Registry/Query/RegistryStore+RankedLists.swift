import GRDB

extension RegistryStore {
    /// The records of a list without a text that the kind's rankings (``SortRankings``) select in memory: the slots
    /// of the records they place that pass the list's filters by their ranks (``RankedFilters``), ascending, less
    /// those of the records written since the rankings were made, which are given apart, by their rowids now.
    struct RankedSelection {
        /// The rankings of the `order` asked for, the id's last, and the records written since.
        var placing: SortRankings.Placing
        /// The slots that pass; nil for every slot the id's ranking places (a list without filters, and no record
        /// written since), which are not listed.
        var passing: [Int32]?
        var written: [Int64]

        /// How many records of the slots pass.
        var count: Int {
            passing?.count ?? placing.columns.last?.ranks.placedCount ?? 0
        }

        /// The first `count` that pass, in the order (``FirstInOrder``), past the position of keys `start`.
        func first(_ count: Int, after start: [Int32]?) -> [Int32]? {
            if let passing { return FirstInOrder.slots(count, of: passing, placing: placing, after: start) }
            return FirstInOrder.slots(count, of: 0..<Int32(placing.slots.slotCount), placing: placing, after: start)
        }
    }

    /// The selection of `query` (a list without a text) by the kind's rankings, with those of `order` (its last the
    /// id's) to place it. Nil when the kind has too few records to be ranked, the query has a filter the rankings
    /// do not answer, the rankings are not kept for this data (they are made again then), or too many records were
    /// written since.
    func rankedSelection(_ query: RecordQuery, order: [SortRankings.Column], generation: UInt64,
                         _ db: Database) throws -> RankedSelection? {
        guard query.rankedMatches == nil, order.last?.field == .id(of: query.kind) else { return nil }
        // A kind of few records is sorted by SQLite at once, and not worth its rankings.
        guard try RegistryStore.estimatedRecordCount(of: query.kind, db) >= RegistryStore.sortRankingMinimumMatches else { return nil }
        var filters = RankedFilters()
        if !RegistryStore.conditions(for: query).0.isEmpty {
            guard let answered = RegistryStore.rankedFilters(of: query) else { return nil }
            filters = answered
        }
        let filterColumns = filters.fields.map { SortRankings.Column(field: $0.field, descending: false) }
        guard var placing = sortRankings.rankings(order + filterColumns, generation: generation, changes: selectionCounts) else {
            prepareSortRankings(order + filterColumns)
            return nil
        }
        guard let groups = try placeGroups(of: filters, generation: generation, &placing, db) else { return nil }
        guard placing.written.count <= RegistryStore.unplacedMatchLimit else {
            prepareSortRankings(order + filterColumns)
            return nil
        }
        var ordered = placing
        ordered.columns = Array(placing.columns.prefix(order.count))
        var filtering = placing
        filtering.columns = Array(placing.columns.dropFirst(order.count))
        guard let bounds = try rankBounds(of: filters.fields, placing: filtering, kind: query.kind, db) else { return nil }

        // The records written since, as they are now; their slots, which may hold what they were, are left out.
        let written = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT rowid FROM \(query.kind.rawValue) WHERE id IN (SELECT value FROM json_each(?))"),
            arguments: [RegistryStore.jsonArray(Array(placing.written))])
        let writtenSlots = Set(written.compactMap { placing.slots.slot(ofRowid: $0) }.map(Int32.init))
        guard filters.fields.isEmpty, groups.isEmpty, writtenSlots.isEmpty else {
            // The id's ranking, the order's last, places every record the rankings were made from: a slot it
            // leaves out held no record then.
            guard let id = ordered.columns.last?.ranks else { return nil }
            let columns = [(ranks: id, descending: false)] + filtering.columns.map { (ranks: $0.ranks, descending: false) }
            let passing = FirstInOrder.withKeyReaders(of: columns) { readers in
                RegistryStore.slots(passing: filters, bounds: bounds, groups: groups, writtenSlots: writtenSlots,
                                    slotCount: placing.slots.slotCount, id: readers[0], fields: Array(readers.dropFirst()))
            }
            return RankedSelection(placing: ordered, passing: passing, written: written)
        }
        return RankedSelection(placing: ordered, passing: nil, written: written)
    }

    /// The slots, ascending, that the id's ranking places, that are not among `writtenSlots`, whose keys in the
    /// filters' `fields` pass `filters` within their `bounds`, and that are in every one of `groups`: in one pass
    /// over the slots, or over the members of the groups when there are any.
    private static func slots(passing filters: RankedFilters, bounds: [RankedFilter.Bound], groups: [RecordSets.Members],
                              writtenSlots: Set<Int32>, slotCount: Int, id: FieldRanks.KeyReader,
                              fields: [FieldRanks.KeyReader]) -> [Int32] {
        let tests = filters.fields.indices.map { RankedFilter.RankTest(filters.fields[$0], bound: bounds[$0], valueCount: fields[$0].valueCount) }
        // The written slots as one bit each: every slot considered is tested, and hashing each into a set cost more
        // than the rest of its tests.
        var writtenBits = [UInt64](repeating: 0, count: writtenSlots.isEmpty ? 0 : (slotCount + 63) / 64)
        for slot in writtenSlots where slot >= 0 && Int(slot) / 64 < writtenBits.count {
            writtenBits[Int(slot) / 64] |= 1 << UInt64(slot % 64)
        }
        let written = writtenBits
        // A record active on a day has a start or an end (``RankedFilters/passTogether(_:valueCount:)``).
        let activeDates = filters.activeDates.map { (start: fields[$0.start], end: fields[$0.end]) }
        var passing: [Int32] = []
        func consider(_ slot: Int32) {
            guard id.key(slot) != nil,
                  Int(slot) / 64 >= written.count || written[Int(slot) / 64] & (1 << UInt64(slot % 64)) == 0 else { return }
            for index in tests.indices {
                guard let key = fields[index].key(slot), tests[index].passes(key) else { return }
            }
            if let (start, end) = activeDates,
               !RankedFilters.hasADate(start: start.key(slot), startValues: start.valueCount, end: end.key(slot), endValues: end.valueCount) {
                return
            }
            passing.append(slot)
        }
        if groups.isEmpty {
            for slot in 0..<Int32(slotCount) { consider(slot) }
        } else {
            RecordSets.Members.forEachSlot(inAll: groups, consider)
        }
        return passing
    }

    /// The records a page of a list without a text may hold, by rowid, found by the kind's rankings in
    /// memory (``rankedSelection(_:order:generation:_:)``): where SQLite would read the whole selection to sort it
    /// (an order of two fields, a filter whose index gives another order), or walk much of the table to find the
    /// few records of a selection that sit together in the order.
    ///
    /// The first `offset + limit` of the records the rankings select (or `limit` after `after`) in the sort's order
    /// are the candidates, with every record written since the rankings were made, which they do not place. The
    /// page is then read from those alone, filtered and sorted by SQLite as any page is: a record of the page is
    /// either written since or among the first that the rankings place, so the page is the same. A record deleted
    /// since leaves a slot whose rowid reads as nothing, so the candidates hold one more of the first for each
    /// record written.
    ///
    /// Nil where the rankings do not select the list, the page lies too deep, or `after` is a record written since
    /// or not where its record is now.
    func rankedListCandidates(_ query: RecordQuery, after: ListPosition?, terms: [(expression: String, descending: Bool)],
                              generation: UInt64, _ db: Database) throws -> [Int64]? {
        let depth = (after == nil ? query.offset : 0) + query.limit
        guard depth <= RegistryStore.unplacedPageDepthLimit,
              let selection = try rankedSelection(query, order: RegistryStore.sortRankingColumns(of: query),
                                                  generation: generation, db) else { return nil }
        let placing = selection.placing
        var start: [Int32]?
        if let after {
            guard let keys = try positionKeys(after, placing: placing, kind: query.kind, terms: terms, db) else { return nil }
            start = keys
        }
        // A record deleted since (or moved to another rowid) leaves its slot, which may take a place among the first.
        guard let first = selection.first(depth + placing.written.count, after: start) else { return nil }
        return first.compactMap { placing.slots.rowid(ofSlot: Int($0)) } + selection.written
    }

    /// The number of records of a list without a text, counted by the kind's rankings
    /// (``rankedSelection(_:order:generation:_:)``): those they select, and those written since that pass the
    /// list's filters now, tested by SQLite. Nil where the rankings do not select the list, or a record written
    /// since is gone: the slot it had may still pass.
    func rankedCount(_ query: RecordQuery, generation: UInt64, _ db: Database) throws -> Int? {
        let id = SortRankings.Column(field: .id(of: query.kind), descending: false)
        guard let selection = try rankedSelection(query, order: [id], generation: generation, db),
              selection.written.count == selection.placing.written.count else { return nil }
        guard !selection.written.isEmpty else { return selection.count }
        let (conditions, arguments) = RegistryStore.walkedConditions(for: query)
        var all: StatementArguments = [RegistryStore.entryArray(selection.written)]
        all += arguments
        let sql = """
            SELECT count(*) FROM \(query.kind.rawValue) AS t
            \(RegistryStore.whereClause(["t.rowid IN (SELECT value FROM json_each(?))"] + conditions))
            """
        return try selection.count + (Int.fetchOne(db.cachedStatement(sql: sql), arguments: all) ?? 0)
    }
}
