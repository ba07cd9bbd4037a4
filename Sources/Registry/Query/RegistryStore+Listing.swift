import Foundation
import GRDB
import JSONOutput

/// One page of a ``RecordQuery``: the records in order, and how many the whole selection holds.
public struct RecordPage<R: RegistryRecord>: Sendable {
    public var records: [R]
    public var total: Int
}

/// One page of a ``RecordQuery`` as served: the records in order, how many the whole selection holds, and
/// where the page stopped.
public struct ServedPage: Sendable {
    public var records: [ServedRecord]
    public var total: Int
    /// The order values of the page's last record, from which the next page goes on; nil for an empty page.
    public var last: ListPosition?
}

extension RegistryStore {
    /// Runs a list query: filters in SQL over the typed columns and link tables, sorts, counts, and returns
    /// one page of records.
    public func list<R: RegistryRecord>(_ type: R.Type, _ query: RecordQuery) throws -> RecordPage<R> {
        precondition(query.kind == R.kind, "a \(R.kind) query must read \(R.kind) records")
        let (rows, total, _) = try page(query, columns: ["t.data"])
        let decoder = JSONTextDecoder()
        let records = try rows.map { try decoder.decode(R.self, from: $0[0] as String) }
        return RecordPage(records: records, total: total)
    }

    /// Runs a list query as ``list(_:_:)`` does, and returns the page's records as served, labelled in `language`.
    public func servedList(_ query: RecordQuery, language: String, personal: Bool) throws -> ServedPage {
        let served = RegistryStore.servedColumn(query.kind, personal: personal)
        let columns = ["t.id", "t.\(served)", "t.\(RegistryStore.nameColumn(language))"]
        let (rows, total, last) = try page(query, columns: columns)
        return ServedPage(records: rows.map { ServedRecord(id: $0[0], json: $0[1], label: $0[2]) }, total: total, last: last)
    }

    /// The selection's count, the `columns` of its page, and the order values of the page's last row.
    private func page(_ query: RecordQuery, columns: [String]) throws -> (rows: [Row], total: Int, last: ListPosition?) {
        // The source with every match is made only where a statement reads it: a page of a text filter alone, or
        // with other filters, reads its own matches, and writing all of them as JSON cost more than the page.
        let terms = RegistryStore.orderTerms(of: query, rank: "hit.key")
        // A position made for another order (a cursor of an older release) is not used; the offset still is.
        let after = query.after.flatMap { $0.values.count == terms.count ? $0 : nil }
        let selected = (columns + terms.map(\.expression)).joined(separator: ", ")
        let generation = snapshotCountGeneration ?? selectionCounts.generation
        return try read { db in
            /// The selection's conditions, with the projects of a country read as `test` says.
            func selection(_ test: CountryTest) -> (conditions: [String], arguments: StatementArguments) {
                RegistryStore.conditions(for: query, projectCountry: test)
            }
            /// The arguments of a statement reading from `source`: its own, then the conditions'.
            func withSource(_ sourceArguments: StatementArguments, _ arguments: StatementArguments) -> StatementArguments {
                var all = sourceArguments
                all += arguments
                return all
            }
            let collected = selection(.collect)
            let rankedFilters = RegistryStore.rankedFilters(of: query)
            if let ranked = query.rankedMatches, query.sort.isEmpty, collected.conditions.isEmpty {
                return try rankedPage(ranked, query: query, after: after, columns: columns, db)
            }
            let (source, matches) = RegistryStore.source(of: query)
            let sourceArguments: StatementArguments = matches.map { [$0] } ?? []
            let total: Int
            /// Where the matches of a text under other filters were counted from, and under which conditions.
            var countedSelection: (source: String, conditions: (conditions: [String], arguments: StatementArguments))?
            if let country = RegistryStore.onlyProjectCountry(query) {
                total = try count(db, "SELECT count(*) FROM project_country WHERE country = ?", [country], generation: generation) {
                    try projectCountInMemory(country, generation: generation, db).flatMap { $0.exact ? $0.count : nil }
                }
            } else if let ranked = query.rankedMatches, case .searchEntries = ranked.order, collected.conditions.isEmpty {
                // A record has one entry in the search index: the matches are the selection.
                total = ranked.count
            } else {
                var counted = collected
                var countedSource = source
                if let ranked = query.rankedMatches, query.kind == .project, let country = query.country?.uppercased() {
                    // The text's matches, at most ``maximumFilterMatches``, each probed for the country, where
                    // collecting the country's projects first read them all, most of the projects for a common
                    // country.
                    // Only whether the country has more projects than the text has matches is asked: counted up
                    // to one more, where a common country has most of the projects; or told by the projects' sets
                    // of countries where they are kept, which may be a few projects written since off: that only
                    // chooses how the country is tested, not what it selects.
                    let inCountry = try count(db, "SELECT count(*) FROM (SELECT 1 FROM project_country WHERE country = ? LIMIT ?)",
                                              [country, ranked.count + 1], generation: generation) {
                        try projectCountInMemory(country, generation: generation, db).map { min($0.count, ranked.count + 1) }
                    }
                    if ranked.count < inCountry {
                        counted = selection(.probe)
                        if case .searchEntries = ranked.order, RegistryStore.onlyProjectCountry(RegistryStore.withoutText(query)) != nil {
                            // The country is the only other filter: the match's entry names its project, whose row
                            // need not be read.
                            countedSource = RegistryStore.entriesOnlySource
                            counted = ([RegistryStore.entryInCountry], [country])
                        }
                    }
                }
                if let ranked = query.rankedMatches, case .searchEntries(let entries) = ranked.order, let matches {
                    total = try countMatches(entries, matches: matches, kind: query.kind, source: countedSource,
                                             conditions: counted, rankedFilters: rankedFilters,
                                             generation: generation, db)
                    countedSelection = (countedSource, counted)
                } else {
                    let sql = "SELECT count(*) FROM \(countedSource) \(RegistryStore.whereClause(counted.conditions))"
                    total = try count(db, sql, withSource(sourceArguments, counted.arguments), generation: generation) {
                        // Without a text: SQLite reads every record of a filter its indexes do not serve, and
                        // the whole index of one they do.
                        try query.rankedMatches == nil ? rankedCount(query, generation: generation, db) : nil
                    }
                }
            }
            // An offset past the end selects nothing; SQLite would still step over every row to get there.
            guard query.offset < total else { return ([], total, nil) }
            if let ranked = query.rankedMatches, query.sort.isEmpty, case .searchEntries(let entries) = ranked.order {
                // The matches the count kept, when known for this data: none is filtered again.
                if let counted = countedSelection,
                   let kept = try countedEntries(entries, kind: query.kind, source: counted.source, conditions: counted.conditions,
                                                 rankedFilters: rankedFilters, generation: generation, db),
                   kept.count == total, let page = try keptFilteredPage(kept, among: entries, query: query, after: after,
                                                                         columns: columns, db) {
                    countedMatches.notePageMade()
                    return page
                }
                // A run of matches is short: each of its projects is probed for the country, where collecting the
                // country's projects first would cost them all at every run.
                return try rankedFilteredPage(entries, total: total, query: query, after: after, columns: columns,
                                              conditions: selection(.probeEntry), db)
            }
            if let ranked = query.rankedMatches, !query.sort.isEmpty, case .searchEntries(let entries) = ranked.order {
                // Sorted and filtered by text: the matches are placed by the kind's rankings in the sort's fields,
                // when they are kept; else they are asked for where collecting the matches costs something.
                let rankingColumns = RegistryStore.sortRankingColumns(of: query)
                if let placing = sortRankings.rankings(rankingColumns, generation: generation, changes: selectionCounts),
                   let page = try rankedSortPage(entries, placing: placing, total: total, query: query, after: after,
                                                 terms: terms, selected: selected, columnCount: columns.count,
                                                 conditions: collected.conditions.isEmpty ? collected : selection(.probeEntry),
                                                 counted: {
                                                     try countedSelection.flatMap {
                                                         try countedEntries(entries, kind: query.kind, source: $0.source,
                                                                            conditions: $0.conditions,
                                                                            rankedFilters: rankedFilters, generation: generation, db)
                                                     }
                                                 }, db) {
                    sortRankings.notePagePlaced()
                    return page
                } else if entries.count >= RegistryStore.sortRankingMinimumMatches {
                    // None kept, or one the data changed under: made (again) for the current data.
                    prepareSortRankings(rankingColumns)
                }
            }
            var countryTest = CountryTest.collect
            if query.kind == .project, query.country != nil {
                // Probing each project in the list's order for the country costs about (offset + limit) *
                // projects / total lookups; collecting the country's projects first costs `total`.
                let projects = try RegistryStore.estimatedRecordCount(of: .project, db)
                if (query.offset + query.limit) * projects < total * total { countryTest = .probe }
            }
            let chosen = countryTest == .collect ? collected : selection(countryTest)
            /// The page of the records `from` holds that meet `conditions`, in the list's order, after `after` or
            /// from the offset.
            func orderedPage(from: String, _ fromArguments: StatementArguments,
                             _ conditions: (conditions: [String], arguments: StatementArguments))
                throws -> (rows: [Row], total: Int, last: ListPosition?) {
                var rows: [Row] = []
                let segments = after.map { KeysetSegment.segments(after: $0, terms: terms) } ?? [KeysetSegment.whole(terms)]
                for segment in segments where rows.count < query.limit {
                    let (sql, segmentArguments) = segment.select(selected, from: from, where: conditions.conditions,
                                                                 limit: query.limit - rows.count,
                                                                 offset: after == nil ? query.offset : 0)
                    var arguments = withSource(fromArguments, conditions.arguments)
                    arguments += segmentArguments
                    rows += try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: arguments)
                }
                let last = rows.last.map { row in
                    ListPosition((0..<terms.count).map { row[columns.count + $0] as DatabaseValue })
                }
                return (rows, total, last)
            }
            if let ranked = query.rankedMatches, !query.sort.isEmpty, case .searchEntries(let entries) = ranked.order,
               let matches {
                // Walking the table in the sort's index and keeping the records among the matches costs about
                // (offset + limit) * records / total lookups where the matches are spread evenly through the
                // order; collecting every match to sort them costs `entries`. Matches that sit together in the
                // order (the organisations of one town, sorted by name) can make the walk read most of the
                // table, so it is given about half the time collecting would take and, when that runs out, the
                // matches are collected after all: no page costs much more than collecting its matches.
                let records = try RegistryStore.estimatedRecordCount(of: query.kind, db)
                if (query.offset + query.limit) * records < total * entries.count {
                    let probe = RegistryStore.matchProbe(of: query.kind, matches)
                    // The country probed after the match: most records walked are no match.
                    let walkedConditions = countryTest == .probe ? selection(.probeEntry) : chosen
                    let walked = try db.withinSteps(RegistryStore.walkStepsPerMatch * entries.count) {
                        try orderedPage(from: probe.source, [],
                                        ([probe.condition] + walkedConditions.conditions,
                                         withSource(probe.arguments, walkedConditions.arguments)))
                    }
                    if let walked { return walked }
                }
            }
            /// Whether SQLite reads the first segment of the page under `conditions` whole before sorting it, where
            /// an index that serves them may give their records in the list's order too (a country's organisations
            /// by id).
            func sortsAfterReading(_ conditions: (conditions: [String], arguments: StatementArguments)) throws -> Bool {
                let segment = after.flatMap { KeysetSegment.segments(after: $0, terms: terms).first } ?? KeysetSegment.whole(terms)
                let (sql, segmentArguments) = segment.select(selected, from: source, where: conditions.conditions,
                                                             limit: query.limit, offset: after == nil ? query.offset : 0)
                var arguments = withSource(sourceArguments, conditions.arguments)
                arguments += segmentArguments
                return try Row.fetchAll(db.cachedStatement(sql: "EXPLAIN QUERY PLAN " + sql), arguments: arguments).contains { step in
                    let detail: String = step["detail"] ?? ""
                    return detail.hasPrefix("USE TEMP B-TREE FOR") && detail.contains("ORDER BY")
                }
            }
            let sortsWhole = query.rankedMatches == nil && (!query.sort.isEmpty || !collected.conditions.isEmpty)
                ? try sortsAfterReading(chosen) : false
            /// The page placed by the kinds' rankings: read from the records they name alone, the filters tested
            /// on each; nil when they cannot place it.
            func placedPage() throws -> (rows: [Row], total: Int, last: ListPosition?)? {
                guard let candidates = try rankedListCandidates(query, after: after, terms: terms, generation: generation, db) else {
                    return nil
                }
                var conditions: (conditions: [String], arguments: StatementArguments) =
                    (["t.rowid IN (SELECT value FROM json_each(?))"], [RegistryStore.entryArray(candidates)])
                if !collected.conditions.isEmpty {
                    let tested = RegistryStore.walkedConditions(for: query)
                    conditions.conditions += tested.conditions
                    conditions.arguments += tested.arguments
                }
                sortRankings.notePagePlaced()
                return try orderedPage(from: source, sourceArguments, conditions)
            }
            if sortsWhole, let placed = try placedPage() { return placed }
            // Walking the order's index and keeping the records that meet the conditions reads about
            // (offset + limit) * records / total of them where they are spread evenly through the order. Records
            // that sit together in the order (one country's organisations sorted by name, the projects active on a
            // day sorted by their start) can make the walk read much of the table, so it is given twice what an
            // even spread needs, at most what collecting half the selection costs.
            let records = try RegistryStore.estimatedRecordCount(of: query.kind, db)
            let expected = max((query.offset + query.limit) * records / total, query.limit)
            let allowed = min(RegistryStore.walkSpread * expected, total / 2)
            if !sortsWhole, query.rankedMatches == nil, !collected.conditions.isEmpty, rankedFilters != nil {
                // SQLite's own plan walks the order's index (or one that gives the order and some of the filters,
                // the others tested on each record it reads, or collected first): when that reads more than twice
                // the rows up to the page's end, the rankings place the page, in one pass over the selection in memory
                // (``FirstInOrder``), which costs about what reading that many more rows would.
                let walked = try db.withinSteps(RegistryStore.walkStepsPerRecord * 2 * ((after == nil ? query.offset : 0) + query.limit)) {
                    try orderedPage(from: source, sourceArguments, chosen)
                }
                if let walked { return walked }
                if let placed = try placedPage() { return placed }
            }
            if sortsWhole, !collected.conditions.isEmpty {
                // Collecting the selection to sort it reads all `total`, each whole into the sorter, which costs a
                // few times what a record walked does: the walk is given its budget, and the selection is
                // collected when that runs out.
                if expected < allowed {
                    let walked = try db.withinSteps(RegistryStore.walkStepsPerRecord * allowed) {
                        try orderedPage(from: source, sourceArguments, RegistryStore.walkedConditions(for: query))
                    }
                    if let walked {
                        walkedPages.withLock { $0 += 1 }
                        return walked
                    }
                }
            }
            return try orderedPage(from: source, sourceArguments, chosen)
        }
    }

    /// The conditions of a list walked in its sort's index (see ``page(_:columns:)``), as one that no index
    /// serves: an index that served a filter would have SQLite collect the selection and sort it after all.
    /// Each record walked is probed: a theme and a project's country by their keys, where the forms that collect
    /// them would first read all the records of a common one.
    static func walkedConditions(for query: RecordQuery) -> (conditions: [String], arguments: StatementArguments) {
        let (conditions, arguments) = RegistryStore.conditions(for: query, projectCountry: .probe, probingThemes: true)
        return (["+(" + conditions.joined(separator: " AND ") + ")"], arguments)
    }

    /// How many SQLite steps a walk through an order's index takes per record it reads and tests, about: the
    /// budget of a walk is counted in records.
    static let walkStepsPerRecord = 12

    /// How many times the records that an even spread of the selection would have a walk read it may read before
    /// the selection is collected instead.
    static let walkSpread = 2

    /// About how many records of `kind` there are, for choosing how to read a page: the largest rowid, found in
    /// one descent of the table, where a count reads a whole index (and does so again after every write, which
    /// empties the connections' page caches). Deleted records leave it too high, which makes the reads it weighs
    /// look dearer than they are, never cheaper.
    static func estimatedRecordCount(of kind: RecordKind, _ db: Database) throws -> Int {
        let largest = try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(rowid), 0) FROM \(kind.rawValue)")) ?? 0
        // A rowid set by hand may be anything up to 2^63 - 1: bounded, the products it is weighed in cannot overflow.
        return min(max(largest, 0), estimatedRecordCountLimit)
    }

    /// The largest ``estimatedRecordCount(of:_:)``: far above any registry, and small enough to be multiplied by a
    /// page's offset and limit and by a count of matches.
    static let estimatedRecordCountLimit = 1 << 32

    /// The SQLite steps a walk through a sorted index (see ``page(_:columns:)``) may take per match of the text
    /// before the matches are collected instead: a step of the walk reads the next entry of an index, where
    /// collecting a match takes fewer steps but each a lookup in another part of the file.
    static let walkStepsPerMatch = 32

    /// A page of the records a text filter alone selects, in the order of their ranking: the ranked matches
    /// are the selection, so the count is theirs and the page reads only its own records, where a join of every
    /// match to the table (to count, then to order) read all of them twice. A record's position is its place
    /// among the matches (as `hit.key` of the join), then its id.
    private func rankedPage(_ ranked: RankedMatches, query: RecordQuery, after: ListPosition?, columns: [String],
                            _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?) {
        // The places among the matches that count: each record once (a list of ids may name one twice).
        let places: [Int]
        switch ranked.order {
        case .ids(let ids):
            var seen = Set<String>()
            places = ids.indices.filter { seen.insert(ids[$0]).inserted }
        case .searchEntries(let entries):
            places = Array(entries.indices)
        }
        var start = query.offset
        if let after, case .integer(let key)? = after.values.first {
            start = places.firstIndex { Int64($0) > key } ?? places.count
        }
        guard start < places.count else { return ([], places.count, nil) }
        let chosen = places[start..<min(places.count, start + query.limit)]
        let (source, matches) = RegistryStore.rankedSource(of: query.kind, ranked, only: chosen)
        let sql = "SELECT \((columns + ["hit.key", "t.id"]).joined(separator: ", ")) FROM \(source) ORDER BY hit.key"
        let rows = try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [matches])
        let last = rows.last.map { row in
            let place: Int = row[columns.count]
            let id: String = row[columns.count + 1]
            return ListPosition(values: [.integer(Int64(chosen[chosen.startIndex + place])), .text(id)])
        }
        return (rows, places.count, last)
    }

    /// A page of the records a text filter and other filters select, in the order of the text's ranking, made of
    /// `kept`, the matches among `entries` (all of the text's, in that order) that the filters keep: found in one
    /// pass over the matches, and only the page's read. A record's position is its place among all the matches,
    /// then its id, as in ``rankedFilteredPage(_:total:query:after:columns:conditions:_:)``. Nil when a match kept
    /// is not among `entries` or its record is not read.
    private func keptFilteredPage(_ kept: [Int64], among entries: [Int64], query: RecordQuery, after: ListPosition?,
                                  columns: [String], _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?)? {
        let keptSet = Set(kept)
        var first = 0
        var skip = query.offset
        if let after, case .integer(let key)? = after.values.first {
            first = Int(max(-1, min(key, Int64(entries.count)))) + 1
            skip = 0
        }
        var chosen: [Int] = []
        var seen = 0
        for place in entries.indices {
            guard keptSet.contains(entries[place]) else { continue }
            seen += 1
            guard place >= first, chosen.count < query.limit else { continue }
            if skip > 0 { skip -= 1 } else { chosen.append(place) }
        }
        guard seen == kept.count else { return nil }
        guard !chosen.isEmpty else { return ([], kept.count, nil) }
        let sql = """
            SELECT \((columns + ["t.id"]).joined(separator: ", ")) FROM \(RegistryStore.entrySource(of: query.kind)) ORDER BY hit.key
            """
        let rows = try Row.fetchAll(try db.cachedStatement(sql: sql), arguments: [RegistryStore.entryArray(chosen.map { entries[$0] })])
        guard rows.count == chosen.count, let lastRow = rows.last, let lastPlace = chosen.last else { return nil }
        let id: String = lastRow[columns.count]
        return (rows, kept.count, ListPosition(values: [.integer(Int64(lastPlace)), .text(id)]))
    }

    /// A page of the records a text filter and other filters select, in the order of the text's ranking: the
    /// matches are read in that order a run at a time, each run joined to the records and filtered, until the page
    /// is full, where joining all of them to filter, then ordering them, read every match (a common word with a
    /// country: 50 ms at 100,000 projects). A run is as long as the share of matches that passed so far says the
    /// rest of the page needs, and at least twice the last. A record's position is its place among the matches,
    /// then its id, as in ``rankedPage(_:query:after:columns:_:)``.
    private func rankedFilteredPage(_ entries: [Int64], total: Int, query: RecordQuery, after: ListPosition?,
                                    columns: [String], conditions: (conditions: [String], arguments: StatementArguments),
                                    _ db: Database) throws -> (rows: [Row], total: Int, last: ListPosition?) {
        var place = 0
        if let after, case .integer(let key)? = after.values.first { place = Int(max(-1, min(key, Int64(entries.count)))) + 1 }
        let sql = """
            SELECT \((columns + ["hit.key", "t.id"]).joined(separator: ", ")) FROM \(RegistryStore.entrySource(of: query.kind))
            \(RegistryStore.whereClause(conditions.conditions)) ORDER BY hit.key
            """
        let kept = try RegistryStore.filteredRuns(of: entries[min(place, entries.count)...], among: entries.count, selected: total,
                                                  skip: after == nil ? query.offset : 0, limit: query.limit, sql: sql,
                                                  arguments: conditions.arguments, db)
        let last = kept.last.map { row, runStart in
            let key: Int = row[columns.count]
            let id: String = row[columns.count + 1]
            return ListPosition(values: [.integer(Int64(runStart + key)), .text(id)])
        }
        return (kept.map(\.row), total, last)
    }

    /// The rows `sql` keeps of `matches` (search-index entries in the list's order, of `all` matches of which the
    /// filters select `selected`), past the first `skip` and at most `limit`, each with the index in `matches` at
    /// which its run began. The matches are read a run at a time (their JSON array the statement's first argument,
    /// then `arguments`; each run's rows in `hit.key` order) until `limit` rows are kept. A run is as long as the
    /// share of the matches the filters select says the rest needs, a quarter more and a few besides, and at least
    /// twice the last.
    static func filteredRuns(of matches: ArraySlice<Int64>, among all: Int, selected: Int, skip: Int, limit: Int,
                             sql: String, arguments: StatementArguments, _ db: Database) throws -> [(row: Row, runStart: Int)] {
        var skip = skip
        var kept: [(row: Row, runStart: Int)] = []
        var start = matches.startIndex
        var run = 0
        while start < matches.endIndex, kept.count < limit {
            let wanted = skip + limit - kept.count
            run = min(matches.endIndex - start, max(2 * run, wanted * all / max(1, selected) * 5 / 4 + 16))
            var runArguments: StatementArguments = [RegistryStore.entryArray(matches[start..<(start + run)])]
            runArguments += arguments
            // Stepped only until the page is full: a run is longer than the page needs, and the rows after the
            // last one kept would be read whole (a project's JSON spans pages of its own).
            let rows = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: runArguments)
            while kept.count < limit, let row = try rows.next() {
                if skip > 0 {
                    skip -= 1
                } else {
                    kept.append((row.copy(), start))
                }
            }
            start += run
        }
        return kept
    }

    /// The source of a list filtered by text: the matches at `places` (all of them when nil) as `hit`, `hit.key`
    /// counting from 0 in their order, joined to the kind's table `t`; and the JSON array of the matches, the
    /// source's one argument. Entries of the search index are joined to their records through `search_entry`.
    static func rankedSource(of kind: RecordKind, _ ranked: RankedMatches, only places: ArraySlice<Int>? = nil)
        -> (source: String, matches: String) {
        switch ranked.order {
        case .ids(let ids):
            return ("json_each(?) AS hit CROSS JOIN \(kind.rawValue) AS t ON t.id = hit.value",
                    jsonArray(places.map { $0.map { ids[$0] } } ?? ids))
        case .searchEntries(let entries):
            return (entrySource(of: kind), entryArray(places.map { $0.map { entries[$0] } } ?? entries))
        }
    }

    /// The matches given as a JSON array of search-index entries (`json_each(?)`), as `hit`, joined through
    /// `search_entry` to the kind's table `t`.
    static func entrySource(of kind: RecordKind) -> String {
        "\(entriesOnlySource) CROSS JOIN \(kind.rawValue) AS t ON t.id = hit_entry.record_id"
    }

    /// The matches given as a JSON array of search-index entries (`json_each(?)`), as `hit`, with their entries
    /// (`hit_entry`, their ids and records only) but not their records: for a count whose only condition is
    /// ``entryInCountry``. Each entry's record is read from `search_entry_record_by_entry` (migration 0018),
    /// whose pages hold hundreds of entries where the table's hold one project's texts.
    static let entriesOnlySource = """
        json_each(?) AS hit CROSS JOIN search_entry AS hit_entry INDEXED BY search_entry_record_by_entry \
        ON hit_entry.id = hit.value
        """

    /// The condition that the project of the search-index entry `hit_entry` is in the country given as its one
    /// argument, as ``CountryTest/probe`` tests a project's.
    static let entryInCountry = projectInCountry("hit_entry.record_id")

    /// The condition that the project whose id is `projectID` (an SQL expression) is in the country given as its
    /// one argument, probed in `project_country`'s key.
    static func projectInCountry(_ projectID: String) -> String {
        "EXISTS (SELECT 1 FROM project_country AS pc WHERE pc.country = ? AND pc.project_id = \(projectID))"
    }

    /// `query` without its text filter.
    private static func withoutText(_ query: RecordQuery) -> RecordQuery {
        var others = query
        others.rankedMatches = nil
        return others
    }

    /// Search-index entries as the JSON array a statement reads with `json_each`.
    static func entryArray(_ entries: some Collection<Int64>) -> String {
        // Digits written straight into one buffer: a string per entry, then joined, took most of a page's time
        // for a common word's thousands of matches.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(2 + 21 * entries.count)
        bytes.append(UInt8(ascii: "["))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if entry < 0 { bytes.append(UInt8(ascii: "-")) }
                var rest = entry.magnitude
                var start = digits.count
                repeat {
                    start -= 1
                    digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                bytes.append(contentsOf: digits[start...])
            }
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A list filtered by text and sorted, read the other way round: the kind's table `t` in the order of the
    /// sort's index, each record's entry in the search index (`hit_entry`), and the condition that the entry is
    /// among the matches (`matches`, their entries as ``entryArray(_:)`` writes them), with its one argument. The
    /// `+` keeps SQLite from seeking the entry's index once per match for every record walked (seconds at 100,000
    /// projects); the matches become one lookup table.
    static func matchProbe(of kind: RecordKind, _ matches: String)
        -> (source: String, condition: String, arguments: StatementArguments) {
        ("\(kind.rawValue) AS t CROSS JOIN search_entry AS hit_entry ON hit_entry.type = '\(kind.rawValue)' AND hit_entry.record_id = t.id",
         "+hit_entry.id IN (SELECT value FROM json_each(?))",
         [matches])
    }

    /// The number of projects in `country` (in upper case) in the data of `generation`, from the projects' sets of
    /// countries where they are kept for it (``RecordSets``), where SQLite reads the country's entries of an index
    /// (milliseconds for a common country). The projects written since they were read, or moved to another country
    /// by an organisation's write, are counted as they are now by SQLite instead, each in place of the slot it held:
    /// exact where every change since wrote a record in place (``ChangeLog/inPlaceWrites``), and there are not too
    /// many of them; otherwise off by at most those projects.
    func projectCountInMemory(_ country: String, generation: UInt64, _ db: Database) throws -> (count: Int, exact: Bool)? {
        guard let kept = try keptRecordSets(.projectCountries, generation: generation, db) else { return nil }
        let members = kept.sets.members(of: country)
        guard !kept.written.isEmpty else { return (members.count, true) }
        guard try ChangeLog.onlyOperations(ChangeLog.inPlaceWrites, after: kept.sets.lastChange, db),
              kept.written.count <= RegistryStore.unplacedMatchLimit,
              let slots = sortRankings.slots(for: kept.sets) else {
            return (members.count, false)
        }
        let rows = try ColumnReader(
            db.cachedStatement(sql: """
                SELECT t.rowid, EXISTS (SELECT 1 FROM project_country AS pc WHERE pc.country = ? AND pc.project_id = t.id)
                FROM json_each(?) AS w CROSS JOIN project AS t ON t.id = w.value
                """),
            arguments: [country, RegistryStore.jsonArray(Array(kept.written))])
        var count = members.count
        var found = 0
        while try rows.next() {
            found += 1
            if let slot = slots.slot(ofRowid: rows.int64(0)), members.contains(Int32(slot)) { count -= 1 }
            if rows.int64(1) != 0 { count += 1 }
        }
        return (count, found == kept.written.count)
    }

    /// The count `sql` makes: kept for the data of `generation`, or else counted now, by `inMemory` where that
    /// gives it and else by SQLite, and kept under the statement and its arguments.
    private func count(_ db: Database, _ sql: String, _ arguments: StatementArguments, generation: UInt64,
                       inMemory: () throws -> Int? = { nil }) throws -> Int {
        let key = sql + "\u{0}" + arguments.description
        if let known = try selectionCounts.count(key, generation: generation, survives: { _ in false }) {
            return known
        }
        let counted = try inMemory() ?? Int.fetchOne(try db.cachedStatement(sql: sql), arguments: arguments) ?? 0
        selectionCounts.store(counted, for: key, generation: generation)
        return counted
    }

    /// Whether the count of the records of `kind` among a text's matches (`matches`, entries of the search index),
    /// whatever the list's other filters, is the same after writes of the records `written`. The matches name the
    /// count (a write that changed them names another), so a record that is not among them changes it only
    /// through what the filters read besides the matches' own rows and links: the organisations' countries for
    /// projects, the parties' for partnerships. An entry of a record written may also be one a deleted record had.
    func countSurvives(of kind: RecordKind, matches: [Int64], written: [NetworkNode.Key], _ db: Database) throws -> Bool {
        guard !written.contains(where: { RegistryStore.filtersRead(of: kind).contains($0.kind) }) else { return false }
        return try writtenEntries(among: matches, Set(written.filter { $0.kind == kind }.map(\.id)), kind: kind, db).isEmpty
    }

    /// `WHERE` and the conditions joined by `AND`; nothing when there are none.
    static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// How a list selects the projects of a country: by probing each project, in the list's order, for the
    /// country (when most projects have it, a page is found after a few rows), or by collecting the country's
    /// projects first (when few do, instead of probing every project for them).
    enum CountryTest {
        case probe, collect
        /// Probing, by the project its search-index entry names (`hit_entry.record_id`), in a statement that joins
        /// `search_entry` as `hit_entry` (``entrySource(of:)``, ``matchProbe(of:_:)``): SQLite tests it where the
        /// entry is read, so reading the matches it does not look up the projects the country leaves out, and
        /// walking a sort's index it probes only the matches.
        case probeEntry
    }

    /// The country of a project query whose only filter is a country, uppercased; nil for any other query.
    /// Its count is a range of `project_country`'s key.
    static func onlyProjectCountry(_ query: RecordQuery) -> String? {
        guard query.kind == .project, query.rankedMatches == nil, let country = query.country?.uppercased() else { return nil }
        var others = query
        others.country = nil
        return RegistryStore.conditions(for: others, projectCountry: .collect).0.isEmpty ? country : nil
    }

    /// The order of a query's records as terms of `ORDER BY` over the kind's table `t`, ending with its id, so
    /// that no two records tie; with what the query reads from (`FROM`): the kind's table as `t`, joined to the
    /// text search's ranked matches (`hit`) when there is a text filter.
    static func ordering(of query: RecordQuery)
        -> (source: String, sourceArguments: StatementArguments, terms: [(expression: String, descending: Bool)]) {
        let (source, matches) = source(of: query)
        return (source, matches.map { [$0] } ?? [], orderTerms(of: query, rank: "hit.key"))
    }

    /// What a query's records are read from (`FROM`), as in ``ordering(of:)``, with its one argument when it has
    /// ranked matches: their JSON array.
    static func source(of query: RecordQuery) -> (source: String, matches: String?) {
        var source = "\(query.kind.rawValue) AS t"
        var matchesArgument: String?
        if let ranked = query.rankedMatches {
            // The ranked matches drive the join (CROSS JOIN fixes the order): the other way round, with a filter
            // that an index serves (`country`), SQLite read all ranked ids again for every record the filter
            // selects (seconds for `q=landskrona&country=SE` at 300,000 organisations).
            let (rankedSource, matches) = RegistryStore.rankedSource(of: query.kind, ranked)
            source = rankedSource
            matchesArgument = matches
        }
        return (source, matchesArgument)
    }

    /// The terms of a query's order over the kind's table `t`, ending with its id; `rank` is the expression of
    /// a record's place among the ranked matches, the order when the query has them and no sort. The same
    /// for every engine: only the source of the ranked matches differs.
    static func orderTerms(of query: RecordQuery, rank: String) -> [(expression: String, descending: Bool)] {
        var terms: [(expression: String, descending: Bool)] = []
        if query.rankedMatches != nil, query.sort.isEmpty { terms.append((rank, false)) }
        terms += sortTermsByField(of: query).flatMap { $0 }
        terms.append(("t.id", false))
        return terms
    }

    /// The terms of each field a query sorts by, in its order: the field's value, after whether it is empty
    /// where it may be (empty values last). Fields the kind does not have are left out.
    static func sortTermsByField(of query: RecordQuery) -> [[(expression: String, descending: Bool)]] {
        query.sort.compactMap { key in
            guard let expression = RegistryStore.sortExpression(key.field, of: query.kind) else { return nil }
            // Columns that are never empty need no such term, and an index can then give the order (`name`).
            if RegistryStore.neverEmptySortFields.contains(key.field) { return [(expression, key.descending)] }
            return [("(\(expression)) IS NULL", false), (expression, key.descending)]
        }
    }

    /// The SQL expression over the kind's table `t` that orders by `field`; nil where the kind has no such field.
    static func sortExpression(_ field: RecordQuery.SortField, of kind: RecordKind) -> String? {
        guard RecordQuery.sortFields(for: kind).contains(field) else { return nil }
        return switch field {
        case .id: "t.id"
        case .name, .title: "t.name"
        case .acronym: "t.acronym"
        case .start: kind == .partnership ? "coalesce(t.start_date, t.signed)" : "t.start_date"
        case .end: "t.end_date"
        case .signed: "t.signed"
        case .totalBudget: "t.total_budget_cents"
        case .euFunding: "t.eu_funding_cents"
        case .coFinancingRate: "t.co_financing_rate_ppm"
        case .kind: "t.kind"
        case .country: "t.country"
        }
    }

    /// Sort fields whose columns are declared `NOT NULL` in every table that has them.
    static let neverEmptySortFields: Set<RecordQuery.SortField> = [.id, .name, .title, .kind]

    /// A record's end as the date filters compare it: an end of reduced precision as its last day (a start
    /// compares as its first day, which its text gives).
    static let endExpression =
        "(CASE length(t.end_date) WHEN 4 THEN t.end_date || '-12-31' WHEN 7 THEN t.end_date || '-31' ELSE t.end_date END)"

    /// SQL conditions over the table aliased `t` for every filter the query sets. Filters through link
    /// tables select ids with `t.id IN (…)` from the link table's index, instead of probing the links of
    /// every record, so that a filter costs what it selects, not what the table holds; `probingThemes` has each
    /// record's themes probed instead, for a walk that reads few records, as are those of a text's matches.
    static func conditions(for query: RecordQuery, projectCountry: CountryTest = .collect,
                           probingThemes: Bool = false) -> ([String], StatementArguments) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        let kind = query.kind

        if let country = query.country?.uppercased() {
            switch kind {
            case .organisation:
                conditions.append("t.country = ?")
                arguments += [country]
            case .project:
                // A partner's country as the project lists it, or else the organisation's (`project_country`).
                switch projectCountry {
                case .probe:
                    conditions.append(projectInCountry("t.id"))
                case .probeEntry:
                    conditions.append(entryInCountry)
                case .collect:
                    conditions.append("t.id IN (SELECT pc.project_id FROM project_country AS pc WHERE pc.country = ?)")
                }
                arguments += [country]
            case .partnership:
                conditions.append("""
                    EXISTS (SELECT 1 FROM partnership_party AS pp
                            LEFT JOIN organisation AS o ON o.id = pp.organisation_id
                            LEFT JOIN region AS r ON r.id = pp.region_id
                            WHERE pp.partnership_id = t.id
                              AND (o.country = ? OR EXISTS (SELECT 1 FROM json_each(r.data, '$.countries') WHERE value = ?)))
                    """)
                arguments += [country, country]
            case .region, .programme:
                conditions.append("EXISTS (SELECT 1 FROM json_each(t.data, '$.countries') WHERE value = ?)")
                arguments += [country]
            case .person, .theme:
                break
            }
        }
        if let theme = query.theme {
            // A text's matches are each probed: given the theme's records as a list, SQLite took each of them as a
            // key of the matches' search-index entries, and looked every match up once per record of the theme.
            conditions.append(!probingThemes && query.rankedMatches == nil
                ? "t.id IN (SELECT rt.record_id FROM record_theme AS rt WHERE rt.theme_id = ? AND rt.record_kind = ?)"
                : "EXISTS (SELECT 1 FROM record_theme AS rt WHERE rt.theme_id = ? AND rt.record_kind = ? AND rt.record_id = t.id)")
            arguments += [theme, kind.rawValue]
        }
        if let recordKind = query.recordKind {
            conditions.append("t.kind = ?")
            arguments += [recordKind]
        }
        if let programme = query.programme {
            switch kind {
            case .project:
                conditions.append("t.programme_id = ?")
                arguments += [programme]
            default:
                conditions.append("EXISTS (SELECT 1 FROM json_each(t.data, '$.programmes') WHERE value = ?)")
                arguments += [programme]
            }
        }
        if let organisation = query.organisation {
            switch kind {
            case .project:
                conditions.append("t.id IN (SELECT pp.project_id FROM project_partner AS pp WHERE pp.organisation_id = ?)")
            case .partnership:
                conditions.append("t.id IN (SELECT pp.partnership_id FROM partnership_party AS pp WHERE pp.organisation_id = ?)")
            case .region:
                conditions.append("EXISTS (SELECT 1 FROM region_member AS m WHERE m.region_id = t.id AND m.organisation_id = ?)")
            case .person:
                conditions.append("EXISTS (SELECT 1 FROM person_role AS pr WHERE pr.person_id = t.id AND pr.organisation_id = ?)")
            default:
                conditions.append("t.id = ?")
            }
            arguments += [organisation]
        }
        let start = kind == .partnership ? "coalesce(t.start_date, t.signed)" : "t.start_date"
        let end = endExpression
        if let day = query.activeOn?.description {
            conditions.append("(\(start) IS NOT NULL OR t.end_date IS NOT NULL)")
            conditions.append("(\(start) IS NULL OR \(start) <= ?)")
            conditions.append("(t.end_date IS NULL OR \(end) >= ?)")
            arguments += [day, day]
        }
        if let day = query.startAfter?.description {
            conditions.append("\(start) > ?")
            arguments += [day]
        }
        if let day = query.endBefore?.description {
            conditions.append("\(end) < ?")
            arguments += [day]
        }
        if let minimum = query.minBudgetCents {
            conditions.append("t.total_budget_cents >= ?")
            arguments += [minimum]
        }
        if let maximum = query.maxBudgetCents {
            conditions.append("t.total_budget_cents <= ?")
            arguments += [maximum]
        }
        return (conditions, arguments)
    }

    /// `strings` as a JSON array, the argument of a `json_each(?)`.
    static func jsonArray(_ strings: [String]) -> String {
        var writer = JSONWriter()
        writer.reserveCapacity(strings.reduce(2) { $0 + $1.utf8.count + 3 })
        writer.beginArray()
        for string in strings { writer.string(string) }
        writer.endArray()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
