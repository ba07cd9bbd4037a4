import GRDB

extension RegistryStore {
    /// The records a page of a sorted list without a text may hold, by rowid, found by the kind's rankings
    /// (``SortRankings``) in memory: where SQLite would read the whole selection to sort it (an order of two
    /// fields, a filter whose index gives another order), or walk much of the table to find the few records of a
    /// selection that sit together in the order.
    ///
    /// Every record the rankings place passes the list's filters by its ranks (``RankedFilters``), and the first
    /// `offset + limit` of those that pass (or `limit` after `after`) in the sort's order are the candidates, with
    /// every record written since the rankings were made, which they do not place. The page is then read from
    /// those alone, filtered and sorted by SQLite as any page is: a record of the page is either written since or
    /// among the first that the rankings place, so the page is the same. A record deleted since leaves a slot whose
    /// rowid reads as nothing, so the candidates hold one more of the first for each record written.
    ///
    /// Nil when the kind has too few records to be ranked, the query has a filter the rankings do not answer, the
    /// rankings are not kept for this data (they are made again then), too many records were written since, the page lies too deep, or `after` is a
    /// record written since or not where its record is now.
    func rankedListCandidates(_ query: RecordQuery, after: ListPosition?, terms: [(expression: String, descending: Bool)],
                              generation: UInt64, _ db: Database) throws -> [Int64]? {
        guard query.rankedMatches == nil, !query.sort.isEmpty else { return nil }
        let depth = (after == nil ? query.offset : 0) + query.limit
        // A kind of few records is sorted by SQLite at once, and not worth its rankings.
        guard depth <= RegistryStore.unplacedPageDepthLimit,
              try RegistryStore.estimatedRecordCount(of: query.kind, db) >= RegistryStore.sortRankingMinimumMatches else { return nil }
        var filters = RankedFilters()
        if !RegistryStore.conditions(for: query).0.isEmpty {
            guard let answered = RegistryStore.rankedFilters(of: query) else { return nil }
            filters = answered
        }
        let order = RegistryStore.sortRankingColumns(of: query)
        let filterColumns = filters.fields.map { SortRankings.Column(field: $0.field, descending: false) }
        guard var placing = sortRankings.rankings(order + filterColumns, generation: generation, changes: selectionCounts) else {
            prepareSortRankings(order + filterColumns)
            return nil
        }
        var inCountry: ProjectCountries.Projects?
        guard placeProjectCountry(of: filters, generation: generation, &placing, &inCountry) else { return nil }
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
        let writtenSlots = written.compactMap { placing.slots.slot(ofRowid: $0) }.map(Int32.init).sorted()
        var start: [Int32]?
        if let after {
            guard let keys = try positionKeys(after, placing: ordered, kind: query.kind, terms: terms, db) else { return nil }
            start = keys
        }

        // The id's ranking, the order's last, places every record the rankings were made from: a slot it leaves
        // out held no record then. The written slots are passed over in order, as the slots come.
        guard let id = ordered.columns.last?.ranks else { return nil }
        var nextWritten = 0
        var passing = id.slots(among: 0..<Int32(placing.slots.slotCount)) { _ in true }
        if !writtenSlots.isEmpty {
            passing.removeAll { slot in
                while nextWritten < writtenSlots.count, writtenSlots[nextWritten] < slot { nextWritten += 1 }
                return nextWritten < writtenSlots.count && writtenSlots[nextWritten] == slot
            }
        }
        for ((filter, column), bound) in zip(zip(filters.fields, filtering.columns), bounds) {
            let ranks = column.ranks
            passing = ranks.slots(among: passing) { filter.passes($0, bound: bound, of: ranks) }
        }
        if let inCountry { passing.removeAll { !inCountry.contains($0) } }
        guard let keys = SortKeys(slots: passing, placing: ordered) else { return nil }
        // A record deleted since (or moved to another rowid) leaves its slot, which may take a place among the first.
        let wanted = depth + placing.written.count
        let first = keys.sortedIndices(after: start, first: wanted).prefix(wanted)
        var candidates = first.compactMap { placing.slots.rowid(ofSlot: Int(passing[$0])) }
        candidates += written
        return candidates
    }
}
