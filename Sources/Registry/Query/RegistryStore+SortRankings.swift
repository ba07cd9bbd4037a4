import GRDB

extension RegistryStore {
    /// A page of the records a text filter selects, with other filters or none, sorted by fields, with each match
    /// placed by `placing`'s rankings (``sortRankingColumns(of:)`` of the same query): the matches are sorted by their
    /// keys in memory and only the page's records are read, or, with other filters, runs of the matches in that
    /// order are joined to their records and filtered until the page is full (``filteredRuns``). Matches that the
    /// rankings cannot place (new, or written since they were made) are sorted in among the others by SQLite
    /// (``pageAroundUnplaced``). With other filters, when `counted` gives the matches that the list's count kept
    /// (``countedEntries(_:kind:source:conditions:rankedFilters:generation:_:)``), only those are put in order, as if there were
    /// no other filter. Nil when that cannot be done cheaply, the record of `after` was written since, or `after`
    /// is not where its record is now: the page is then read from SQLite.
    func rankedSortPage(_ entries: [Int64], placing: SortRankings.Placing, total: Int, query: RecordQuery,
                        after: ListPosition?, terms: [(expression: String, descending: Bool)], selected: String,
                        columnCount: Int, conditions: (conditions: [String], arguments: StatementArguments),
                        counted: () throws -> [Int64]?,
                        _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?)? {
        let written = try writtenEntries(among: entries, placing.written, kind: query.kind, db)
        // The matches the other filters keep, when the count knows them: the page is then the first of those, and
        // no match is filtered again (each a lookup of its record in SQLite).
        var kept: [Int64]?
        if !conditions.conditions.isEmpty, let matches = try counted(), matches.count == total { kept = matches }
        guard written.isEmpty, let keys = SortKeys(kept ?? entries, placing: placing) else {
            // Until the rankings are made again, every page of these matches sorts the unplaced ones in.
            prepareSortRankings(RegistryStore.sortRankingColumns(of: query))
            return try pageAroundUnplaced(kept ?? entries, passing: kept != nil, written: written, placing: placing,
                                          total: total, query: query, after: after, terms: terms, selected: selected,
                                          columnCount: columnCount, conditions: conditions, db)
        }
        if kept != nil { countedMatches.notePageMade() }
        let entries = kept ?? entries
        let conditions = kept == nil ? conditions : (conditions: [], arguments: [])
        let placed: [Int]
        // Without other filters the page is the first of the matches: only those are put in order.
        let skip = after == nil ? query.offset : 0
        let first = conditions.conditions.isEmpty ? skip + query.limit : nil
        if let after {
            guard let start = try positionKeys(after, placing: placing, kind: query.kind, terms: terms, db) else { return nil }
            placed = keys.sortedIndices(after: start, first: first)
        } else {
            placed = keys.sortedIndices(first: first)
        }
        let sql = """
            SELECT \(selected) FROM \(RegistryStore.entrySource(of: query.kind))
            \(RegistryStore.whereClause(conditions.conditions)) ORDER BY hit.key
            """
        var rows: [Row] = []
        if conditions.conditions.isEmpty {
            let chosen = placed.dropFirst(skip).prefix(query.limit).map { entries[$0] }
            guard !chosen.isEmpty else { return ([], total, nil) }
            rows = try placedRows(of: chosen, placing: placing, kind: query.kind, selected: selected, db)
                ?? Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [RegistryStore.entryArray(chosen)])
            guard rows.count == chosen.count else { return nil }
        } else {
            rows = try RegistryStore.filteredRuns(of: placed.map { entries[$0] }[...], among: placed.count, selected: total, skip: skip,
                                                  limit: query.limit, sql: sql, arguments: conditions.arguments, db).map(\.row)
        }
        let last = rows.last.map { row in ListPosition((0..<terms.count).map { row[columnCount + $0] as DatabaseValue }) }
        return (rows, total, last)
    }

    /// The rows `selected` of the records of `entries` (placed, none written since the rankings were made), in their
    /// order, read by their rowids (``recordRowids(of:lookingUp:placing:kind:_:)``); nil where those cannot be told.
    private func placedRows(of entries: [Int64], placing: SortRankings.Placing, kind: RecordKind, selected: String,
                            _ db: Database) throws -> [Row]? {
        guard let rowids = try recordRowids(of: entries, lookingUp: [], placing: placing, kind: kind, db) else { return nil }
        let sql = "SELECT \(selected) FROM \(RegistryStore.rowidSource(of: kind)) ORDER BY hit.key"
        return try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [RegistryStore.entryArray(rowids)])
    }

    /// The rowids of the records of `entries`, in their order: held by the slots, or for those `lookingUp` (written
    /// since the slots were read, or not held by them) read through their entries. Read so, each record cost two
    /// b-tree descents more (its entry's record id, then its id's rowid), each to a page that a connection has not
    /// cached since the data last changed. Nil when the slots may no longer hold the records' rowids
    /// (``KindEntries``), or a record is not found.
    private func recordRowids(of entries: [Int64], lookingUp: Set<Int64>, placing: SortRankings.Placing, kind: RecordKind,
                              _ db: Database) throws -> [Int64]? {
        guard let generation = snapshotCountGeneration,
              try kindEntries(kind, slots: placing.slots, generation: generation, db) != nil else { return nil }
        var looked: [Int64: Int64] = [:]
        let unheld = entries.filter { lookingUp.contains($0) || placing.slots.slot(ofEntry: $0) == nil }
        if !unheld.isEmpty {
            let found = try ColumnReader(
                db.cachedStatement(sql: "SELECT hit.value, t.rowid FROM \(RegistryStore.entrySource(of: kind))"),
                arguments: [RegistryStore.entryArray(unheld)])
            while try found.next() { looked[found.int64(0)] = found.int64(1) }
        }
        var rowids: [Int64] = []
        rowids.reserveCapacity(entries.count)
        for entry in entries {
            if let rowid = looked[entry] {
                rowids.append(rowid)
            } else if !lookingUp.contains(entry), let slot = placing.slots.slot(ofEntry: entry),
                      let rowid = placing.slots.rowid(ofSlot: Int(slot)) {
                rowids.append(rowid)
            } else {
                return nil
            }
        }
        return rowids
    }

    /// The records of the kind's table `t` given by their rowids as a JSON array (`json_each(?)`, as `hit`).
    static func rowidSource(of kind: RecordKind) -> String {
        "json_each(?) AS hit CROSS JOIN \(kind.rawValue) AS t ON t.rowid = hit.value"
    }

    /// Those of `entries` that are entries of the records `written` (ids of records of `kind`), ascending: a record
    /// written since a ranking was made may have moved in its order, and an entry written since may be one the
    /// ranking holds for a record since deleted. Few: the caller tells a match among them by a few comparisons
    /// (``Swift/Array/index(ofAscending:)``), where hashing each of thousands of matches cost more.
    func writtenEntries(among entries: [Int64], _ written: Set<String>, kind: RecordKind, _ db: Database) throws -> [Int64] {
        guard !written.isEmpty else { return [] }
        let writtenEntries = try RegistryStore.entries(ofRecords: written, kind: kind, db).sorted()
        guard !writtenEntries.isEmpty else { return [] }
        // A match comes once: the entries kept are distinct.
        return entries.filter { writtenEntries.index(ofAscending: $0) != nil }.sorted()
    }

    /// The most matches a page sorts in among those the rankings place: each costs a row SQLite reads and sorts.
    static let unplacedMatchLimit = 64
    /// The deepest page (offset and limit) that sorts matches in: every match placed before its end is read too.
    static let unplacedPageDepthLimit = 1_000

    /// A page sorted by rankings that do not place some of its matches (`written` among them, or new since they
    /// were made): the first pages-worth of those they place, found as ``rankedSortPage`` finds a page, and the
    /// others, all sorted by SQLite in the list's order. A page of the list is among those, so no match has to be
    /// read that could not be on it. `passing`: every one of `entries` passes the other filters (the count's kept
    /// matches), so the first of those placed are the first in order, found without filtering any of them.
    /// Nil after a position, with too many such matches, or too deep a page.
    private func pageAroundUnplaced(_ entries: [Int64], passing: Bool, written: [Int64], placing: SortRankings.Placing, total: Int,
                                    query: RecordQuery, after: ListPosition?,
                                    terms: [(expression: String, descending: Bool)], selected: String, columnCount: Int,
                                    conditions: (conditions: [String], arguments: StatementArguments),
                                    _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?)? {
        let wanted = query.offset + query.limit
        guard after == nil, wanted <= RegistryStore.unplacedPageDepthLimit else { return nil }
        var unplaced: [Int64] = []
        var placedEntries: [Int64] = []
        placedEntries.reserveCapacity(entries.count)
        for entry in entries {
            if written.index(ofAscending: entry) != nil || !placing.places(entry) {
                unplaced.append(entry)
                guard unplaced.count <= RegistryStore.unplacedMatchLimit else { return nil }
            } else {
                placedEntries.append(entry)
            }
        }
        guard let keys = SortKeys(placedEntries, placing: placing) else { return nil }
        let source = RegistryStore.entrySource(of: query.kind)
        let candidates: [Int64]
        if conditions.conditions.isEmpty || passing {
            candidates = keys.sortedIndices(first: wanted).prefix(wanted).map { placedEntries[$0] }
        } else {
            let order = keys.sortedIndices().map { placedEntries[$0] }
            let kept = "SELECT hit.value FROM \(source) \(RegistryStore.whereClause(conditions.conditions)) ORDER BY hit.key"
            candidates = try RegistryStore.filteredRuns(of: order[...], among: order.count, selected: total, skip: 0,
                                                        limit: wanted, sql: kept, arguments: conditions.arguments, db)
                .map { $0.row[0] }
        }
        // The matches that pass the other filters need none: their records are then read by their rowids.
        var (listed, from, conditions) = (candidates + unplaced, source, conditions)
        if conditions.conditions.isEmpty || passing,
           let rowids = try recordRowids(of: listed, lookingUp: Set(unplaced), placing: placing, kind: query.kind, db) {
            (listed, from, conditions) = (rowids, RegistryStore.rowidSource(of: query.kind), ([], []))
        }
        let (sql, segmentArguments) = KeysetSegment.whole(terms).select(selected, from: from, where: conditions.conditions,
                                                                         limit: query.limit, offset: query.offset)
        var arguments: StatementArguments = [RegistryStore.entryArray(listed)]
        arguments += conditions.arguments
        arguments += segmentArguments
        let rows = try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments)
        let last = rows.last.map { row in ListPosition((0..<terms.count).map { row[columnCount + $0] as DatabaseValue }) }
        return (rows, total, last)
    }

    /// The keys under `placing` of the record at `position` (the last values of a page, its id the last), where it
    /// still is: nil when it was written since the rankings were made, or its values are not those of the position.
    func positionKeys(_ position: ListPosition, placing: SortRankings.Placing, kind: RecordKind,
                      terms: [(expression: String, descending: Bool)], _ db: Database) throws -> [Int32]? {
        guard case .text(let id)? = position.values.last, !placing.written.contains(id) else { return nil }
        let sql = "SELECT t.rowid, \(terms.map(\.expression).joined(separator: ", ")) FROM \(kind.rawValue) AS t WHERE t.id = ?"
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: sql), arguments: [id]),
              RegistryStore.sameBytes(ListPosition((0..<terms.count).map { row[1 + $0] as DatabaseValue }), position),
              let slot = placing.slots.slot(ofRowid: row[0]) else { return nil }
        return placing.keys(ofSlot: Int32(slot))
    }

    /// Whether two positions hold the same values as SQLite compares them: texts byte for byte, where Swift's
    /// `==` takes canonically equivalent texts (a composed and a decomposed "é") for one.
    private static func sameBytes(_ one: ListPosition, _ other: ListPosition) -> Bool {
        one.values.count == other.values.count && zip(one.values, other.values).allSatisfy { pair in
            switch pair {
            case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
            default: pair.0 == pair.1
            }
        }
    }

    /// The rankings that place a query's matches in its sort's order: each sort field's in its direction, then
    /// the id's, which gives each record a place of its own. Fields the kind does not have are left out, as the
    /// list leaves them out.
    static func sortRankingColumns(of query: RecordQuery) -> [SortRankings.Column] {
        let columns = query.sort.compactMap { key in
            sortRankingField(key.field, of: query.kind).map { SortRankings.Column(field: $0, descending: key.descending) }
        }
        return columns + [SortRankings.Column(field: .id(of: query.kind), descending: false)]
    }

    /// The ranked field of `kind` that `field` sorts by; nil where the kind has no such field.
    static func sortRankingField(_ field: RecordQuery.SortField, of kind: RecordKind) -> SortRankings.Field? {
        sortExpression(field, of: kind).map { expression in
            SortRankings.Field(kind: kind, expression: expression, mayBeEmpty: !neverEmptySortFields.contains(field))
        }
    }

    /// Has the rankings of `columns` that are not kept made in the background (``SortRankings``), one at a time.
    func prepareSortRankings(_ columns: [SortRankings.Column]) {
        let generation = selectionCounts.generation
        for field in Set(columns.map(\.field)) where !sortRankings.isMade(field, at: generation) {
            let counts = selectionCounts
            // The store held until the making ends, not weakly (as in ``rankEveryField()``).
            sortRankings.prepare(field, changes: counts) { [self] in
                try makeFieldRanks(field, generation: counts.generation)
            }
        }
    }

    /// Has every sort field of the kinds with enough records to be ranked ranked in the background, one after
    /// the other, so that a server that has just started places the first sorted list of a text's matches as
    /// fast as the next: off the request path, after the start; and again after every change that forgets the
    /// rankings (an import, a commit of another process), once the data stays unchanged. The sets of records by a
    /// value (``RecordSets``) are likewise read again after writes of records they read besides their own, where
    /// those moved records between their groups (``rereadRecordSets(_:)``).
    public func prepareSortRankings() {
        // Weakly: the rankings belong to the store. (A store that is still there at the process's exit then has
        // a side table that LeakSanitizer cannot see it holds: the server's is, and it runs without it.)
        sortRankings.remakeAfterChanges { [weak self] in self?.rankEveryField() }
        sortRankings.rereadSetsAfterWrites { [weak self] grouping in self?.rereadRecordSets(grouping) }
        rankEveryField()
    }

    /// Ranks every sort field of the kinds with enough records, reads their sets of records, and counts the
    /// search index's passages, on the rankings' queue (``prepareSortRankings()``).
    private func rankEveryField() {
        // The store held until the read ends, not weakly: a weak reference gives the store a side table, which
        // LeakSanitizer cannot see it holds (the reference counts keep it in spare bits) if it is still there at
        // the process's exit.
        sortRankings.enqueue { [self] in
            let counts = selectionCounts
            let kinds = (try? read { db in
                try RecordKind.allCases.filter {
                    try RegistryStore.estimatedRecordCount(of: $0, db) >= RegistryStore.sortRankingMinimumMatches
                }
            }) ?? []
            for kind in kinds {
                var fields = RecordQuery.sortFields(for: kind).compactMap { RegistryStore.sortRankingField($0, of: kind) }
                fields = fields.reduce(into: []) { unique, field in if !unique.contains(field) { unique.append(field) } }
                for field in fields where !sortRankings.isStopped && !sortRankings.isMade(field, at: counts.generation) {
                    guard let (ranks, generation) = try? makeFieldRanks(field, generation: counts.generation) else { break }
                    sortRankings.keep(ranks, of: field, generation: generation, changes: counts)
                }
                for grouping in RegistryStore.groupings(of: kind) where !sortRankings.isStopped {
                    if let sets = try? readRecordSets(grouping, generation: counts.generation) { sortRankings.keep(sets, changes: counts) }
                }
            }
            // The number of passages in the search index, which the first search after a start or an import would
            // otherwise count (reading an index of every passage) before it answers.
            if !sortRankings.isStopped { _ = try? read { db in try searchStatistics.passages(db) } }
        }
    }

    /// The groupings of the records of `kind` that lists filter by (``RecordSets``): a project's countries, and
    /// the themes of the kinds a list filters by theme.
    static func groupings(of kind: RecordKind) -> [RecordSets.Grouping] {
        (kind == .project ? [.projectCountries] : []) + (RecordQuery.supportedFilters(for: kind).contains(.theme) ? [.themes(kind)] : [])
    }

    /// Has the records of `grouping` read in the background (``RecordSets``), as a ranking is made, unless they
    /// are kept for the current data.
    func prepareRecordSets(_ grouping: RecordSets.Grouping) {
        let counts = selectionCounts
        // The store held until the read ends, not weakly (as in ``rankEveryField()``).
        sortRankings.prepare(grouping, changes: counts) { [self] in
            try readRecordSets(grouping, generation: counts.generation)
        }
    }

    /// The records of `grouping` in the data of `generation` (read before the read began), at their slots.
    private func readRecordSets(_ grouping: RecordSets.Grouping, generation: UInt64) throws -> RecordSets? {
        try read { db in
            try RecordSets.read(grouping, slots: try recordSlots(of: grouping.kind, generation: generation, db), generation: generation, db)
        }
    }

    /// The ranking of `field` in the data of `generation` (read before the read began): every record of its kind
    /// in the field's order, read from its sort index, each given the rank of its value at its slot.
    private func makeFieldRanks(_ field: SortRankings.Field, generation: UInt64) throws -> (FieldRanks, generation: UInt64) {
        let sql = "SELECT t.rowid, \(field.expression) FROM \(field.kind.rawValue) AS t ORDER BY \(field.order)"
        return try read { db in
            let slots = try recordSlots(of: field.kind, generation: generation, db)
            var ranks = [UInt32](repeating: FieldRanks.unranked, count: slots.slotCount)
            var rank: UInt32 = 0
            var valueCount: UInt32 = 0
            var previous: [UInt8] = []
            /// Ranks a value, given as its bytes, after the one before it in the field's order.
            func rankValue(_ bytes: UnsafeRawBufferPointer) {
                guard valueCount == 0 || !previous.elementsEqual(bytes) else { return }
                rank = valueCount
                valueCount += 1
                previous = [UInt8](bytes)
            }
            let rows = try ColumnReader(try db.cachedStatement(sql: sql), arguments: [])
            while try rows.next() {
                // Values equal as SQLite compares them (a typed table's column holds one type): the same bytes
                // (a text's, an integer's digits, a real's bits). Empty values come last, all of one rank.
                if rows.isNull(1) {
                    rank = valueCount
                } else if rows.isReal(1) {
                    withUnsafeBytes(of: rows.double(1).bitPattern, rankValue)
                } else {
                    rankValue(rows.bytes(1))
                }
                // A record created since the slots were read has none: the ranking does not place it.
                if let slot = slots.slot(ofRowid: rows.int64(0)) { ranks[slot] = rank }
            }
            return (FieldRanks(ranks: ranks, valueCount: Int32(valueCount)), generation)
        }
    }

    /// The slots of the records of `kind` in the data of `generation` (the snapshot's of `db`, read before it
    /// began): those kept, with the records written since applied when every change since named them, or else
    /// read anew and kept.
    private func recordSlots(of kind: RecordKind, generation: UInt64, _ db: Database) throws -> RecordSlots {
        if var kept = sortRankings.slots(of: kind) {
            if kept.generation == generation { return kept }
            if let written = selectionCounts.written(since: kept.generation, through: generation),
               try kept.apply(written: written.filter { $0.kind == kind }.map(\.id), kind: kind, generation: generation, db) {
                sortRankings.keep(kept, of: kind)
                return kept
            }
        }
        let read = try RecordSlots.read(kind, generation: generation, db)
        sortRankings.keep(read, of: kind, renumbered: true)
        return read
    }

    /// The fewest matches for which a list filtered by text and sorted asks for a ranking: collecting fewer
    /// costs about a millisecond.
    static let sortRankingMinimumMatches = 256
}
