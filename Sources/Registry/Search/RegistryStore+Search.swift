import GRDB

extension RegistryStore {
    /// Ranked full-text search over every record and every document passage.
    ///
    /// `query` holds plain words, all of which must occur (the last one also as the start of a longer
    /// word), and `"quoted phrases"`. Case, diacritics and scripts are folded (see ``SearchFolding``), and
    /// the names of gazetteer places and records stand for all their spellings: `Hamburg` also finds
    /// `Hamborg`, `Varna` finds `Община Варна`. A record or document is one hit however many of its
    /// passages match; hits come best first (BM25 as ``SearchRank``, names weighted above other text, over the
    /// first ``rankingWindow`` matching passages in index order; later ones follow them), ties by shorter
    /// name, type and id. Every page is a slice of one order, so pages never repeat or skip a hit.
    /// A very broad query, one that matches more than ``exactCountLimit`` passages, is ranked by where it
    /// matches (names before text, `score` 8 or 1), then by index order, where the seeds come first; its
    /// total is a lower bound (`totalIsExact` false): ranking every match would cost tens of milliseconds
    /// on a large registry.
    ///
    /// - Parameters:
    ///   - types: the kinds of hit to return; nil for all.
    ///   - language: a language code (`en`, `da`, `de`) to name records in, where they have such a name.
    /// - Throws: ``SearchError`` when the query holds no word or too many.
    public func search(
        _ query: String, types: [SearchType]? = nil, limit: Int = 20, offset: Int = 0, language: String? = nil
    ) throws -> SearchResults {
        try read { db in
            let requested = types.map { Array(Set($0.map(\.rawValue))).sorted() }
            if let requested, requested.isEmpty { return SearchResults(hits: [], total: 0) }
            let page = Page(limit: max(0, limit), offset: max(0, offset), language: language)
            let generation = searchStatistics.generation
            let parsed = try effectiveQuery(query, db)
            let frequencies = try searchStatistics.passagesHolding(parsed.phrases, db)
            if let requested {
                return try typedSearch(parsed, types: requested, frequencies: frequencies, page, db)
            }
            // A query of one word (or name) that matches too many passages is known to be broad from the
            // phrases' counts, and one of several words once a search found it so; any other is ranked, unless
            // the ranking finds more than `exactCountLimit`.
            let match = RegistryStore.matchExpression(parsed, types: nil)
            if parsed.minimumMatches(frequencies) <= RegistryStore.exactCountLimit, !searchStatistics.isBroad(match),
               let results = try RegistryStore.rankedSearch(parsed, match: match, frequencies: frequencies, page, db) {
                return results
            }
            searchStatistics.noteBroad(match, readAt: generation)
            return try RegistryStore.broadSearch(parsed, types: nil, page, db)
        }
    }

    /// What page of hits a search returns, and in which language it names them.
    private struct Page {
        var limit: Int
        var offset: Int
        var language: String?
    }

    /// A search for hits of some types. A type filter goes into the MATCH expression (`type : …`) only for
    /// a broad text: intersecting a few matches with the posting list of a type that tags 300,000
    /// passages costs more than filtering those few matches by a join.
    private func typedSearch(
        _ parsed: SearchQuery, types: [String], frequencies: [Int], _ page: Page, _ db: Database
    ) throws -> SearchResults {
        let textOnly = RegistryStore.matchExpression(parsed, types: nil)
        if try RegistryStore.passageCount(textOnly, upTo: RegistryStore.exactCountLimit + 1, db) <= RegistryStore.exactCountLimit {
            return try RegistryStore.joinedSearch(parsed, match: textOnly, types: types, frequencies: frequencies, page, db)
        }
        let typed = RegistryStore.matchExpression(parsed, types: types)
        if try RegistryStore.passageCount(typed, upTo: RegistryStore.exactCountLimit + 1, db) <= RegistryStore.exactCountLimit,
           let results = try RegistryStore.rankedSearch(parsed, match: typed, frequencies: frequencies, page, db) {
            return results
        }
        return try RegistryStore.broadSearch(parsed, types: types, page, db)
    }

    /// Ranks every passage matching `match`, or returns nil when there are more than ``exactCountLimit``:
    /// then only the candidates are read, and nothing is looked up in `search_entry` (a query of several common
    /// words is known to be broad only once its candidates are counted).
    /// Only documents have more than one passage, so the page's hits are among the best
    /// `offset + limit + extra` passages, where `extra` counts the documents' passages beyond their first
    /// (read from the few document entries, by index); and the hits are the passages less those extra ones.
    private static func rankedSearch(
        _ parsed: SearchQuery, match: String, frequencies: [Int], _ page: Page, _ db: Database
    ) throws -> SearchResults? {
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                WITH candidates AS MATERIALIZED (
                    SELECT rowid AS entry, \(SearchRank.functionName)(search, ?, ?) AS rank
                    FROM search WHERE search MATCH ? LIMIT ?
                ),
                counted AS MATERIALIZED (SELECT count(*) AS passages FROM candidates),
                extra AS MATERIALIZED (
                    SELECT count(*) - count(DISTINCT e.record_id) AS passages FROM search_entry e
                    WHERE (SELECT passages FROM counted) <= ?
                      AND e.type = 'document' AND e.id IN (SELECT entry FROM candidates)
                ),
                best AS (
                    SELECT entry, rank FROM candidates
                    WHERE rank <= coalesce((SELECT rank FROM candidates ORDER BY rank
                                            LIMIT 1 OFFSET ? + (SELECT passages FROM extra) - 1),
                                           (SELECT max(rank) FROM candidates))
                ),
                hits AS (
                    SELECT e.type, e.record_id, min(c.rank) AS rank, c.entry AS entry, length(e.label) AS label_length
                    FROM best c JOIN search_entry e ON e.id = c.entry
                    WHERE (SELECT passages FROM counted) <= ?
                    GROUP BY e.type, e.record_id
                    ORDER BY rank, label_length, e.type, e.record_id
                    LIMIT ? OFFSET ?
                )
                SELECT (SELECT passages FROM counted) AS passages, (SELECT passages FROM extra) AS extra, h.*
                FROM (SELECT 1) LEFT JOIN hits h
                ORDER BY h.rank, h.label_length, h.type, h.record_id
                """),
            arguments: [SearchRank.frequenciesArgument(frequencies), rankingWindow, match, exactCountLimit + 1,
                        exactCountLimit, page.offset + page.limit, exactCountLimit, page.limit, page.offset])
        let passages: Int = rows.first?["passages"] ?? 0
        guard passages <= exactCountLimit else { return nil }
        let extra: Int = rows.first?["extra"] ?? 0
        let ranked = rows.filter { !$0.hasNull(atIndex: 2) }
        return SearchResults(hits: try hits(ranked[...], parsed: parsed, language: page.language, db), total: passages - extra)
    }

    /// Ranks the few passages matching `match` (the text alone) and keeps the hits of `types`; the number
    /// of hits comes along.
    private static func joinedSearch(
        _ parsed: SearchQuery, match: String, types: [String], frequencies: [Int], _ page: Page, _ db: Database
    ) throws -> SearchResults {
        let typeCondition = "WHERE e.type IN (" + types.map { "'\($0)'" }.joined(separator: ", ") + ")"
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                WITH candidates AS MATERIALIZED (
                    SELECT rowid AS entry, \(SearchRank.functionName)(search, ?, ?) AS rank
                    FROM search WHERE search MATCH ? LIMIT ?
                )
                SELECT e.type, e.record_id, min(c.rank) AS rank, c.entry AS entry, length(e.label) AS label_length,
                       count(*) OVER () AS hits
                FROM candidates c JOIN search_entry e ON e.id = c.entry
                \(typeCondition)
                GROUP BY e.type, e.record_id
                ORDER BY rank, label_length, e.type, e.record_id
                LIMIT ? OFFSET ?
                """),
            arguments: [SearchRank.frequenciesArgument(frequencies), rankingWindow, match, exactCountLimit,
                        max(page.limit, 1), page.offset])
        guard let first = rows.first else {
            // Past the last page: count the hits on their own.
            let total = page.offset == 0 ? 0 : try hitCount(match: match, typeCondition: typeCondition, db)
            return SearchResults(hits: [], total: total)
        }
        let total: Int = first["hits"]
        return SearchResults(hits: try hits(rows.prefix(page.limit), parsed: parsed, language: page.language, db), total: total)
    }

    /// A broad query's page (see ``broadHits(_:types:_:_:)``); its total is a lower bound.
    private static func broadSearch(_ parsed: SearchQuery, types: [String]?, _ page: Page, _ db: Database) throws -> SearchResults {
        SearchResults(hits: try broadHits(parsed, types: types, page, db), total: exactCountLimit, totalIsExact: false)
    }

    /// A page of a broad query's hits: records whose names match, then those whose text does, each in
    /// index order. Only as many passages are read as the page needs (twice as many, as some records
    /// match in several passages): the order of the first hits does not depend on how many follow.
    private static func broadHits(_ parsed: SearchQuery, types: [String]?, _ page: Page, _ db: Database) throws -> [SearchHit] {
        guard page.limit > 0 else { return [] }
        let window = max(2 * (page.offset + page.limit), 20)
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                WITH names AS MATERIALIZED (
                    SELECT rowid AS entry, -8.0 AS rank FROM search WHERE search MATCH ? LIMIT ?
                ),
                texts AS MATERIALIZED (
                    SELECT rowid AS entry, -1.0 AS rank FROM search WHERE search MATCH ?
                    LIMIT max(0, ? - (SELECT count(*) FROM names))
                ),
                candidates AS (SELECT entry, rank FROM names UNION ALL SELECT entry, rank FROM texts)
                SELECT e.type, e.record_id, min(c.rank) AS rank, c.entry AS entry
                FROM candidates c JOIN search_entry e ON e.id = c.entry
                GROUP BY e.type, e.record_id
                ORDER BY rank, min(c.entry)
                LIMIT ? OFFSET ?
                """),
            arguments: [matchExpression(parsed, types: types, columns: "name"), window,
                        matchExpression(parsed, types: types, columns: "body"), window, page.limit, page.offset])
        return try hits(rows[...], parsed: parsed, language: page.language, db)
    }

    /// The hits of ranked rows (`type`, `record_id`, `rank` and the best passage, `entry`): named in
    /// `language` where the record has such a name, with the snippet of the best passage. The passages are read in
    /// one statement, not one per hit.
    private static func hits(_ rows: ArraySlice<Row>, parsed: SearchQuery, language: String?, _ db: Database) throws -> [SearchHit] {
        // SQLite takes `entry` from the row of the minimum rank: the best passage.
        let entries: [Int64] = rows.map { $0["entry"] }
        var passages: [Int64: (label: String, translated: String?, nameText: String, bodyText: String)] = [:]
        do {
            let reader = try ColumnReader(
                db.cachedStatement(sql: """
                    SELECT id, label, CAST(json_extract(labels, ?) AS TEXT), name_text, body_text FROM search_entry
                    WHERE id IN (SELECT value FROM json_each(?))
                    """),
                arguments: [language.map { "$." + $0 }, RegistryStore.entryArray(entries)])
            while try reader.next() {
                passages[reader.int64(0)] = (reader.text(1) ?? "", reader.text(2), reader.text(3) ?? "", reader.text(4) ?? "")
            }
        }
        var hits: [SearchHit] = []
        let pattern = SearchSnippet.Pattern(parsed)
        for (row, entry) in zip(rows, entries) {
            guard let type = SearchType(rawValue: row["type"]), let passage = passages[entry] else { continue }
            let name = passage.translated ?? passage.label
            let snippet = SearchSnippet.make(passage.bodyText, pattern: pattern)
                ?? SearchSnippet.make(passage.nameText, pattern: pattern)
                ?? SearchSnippet.make(name, pattern: pattern)
            let rank: Double = row["rank"]
            hits.append(SearchHit(type: type, id: row["record_id"], name: name, score: rank == 0 ? 0 : -rank, snippet: snippet ?? ""))
        }
        return hits
    }

    /// The most records a text filter of a list's pages selects; a broader text is refused.
    public static let maximumFilterMatches = 10_000

    /// The ids of the records of `kind` that match `query` (as in ``search(_:types:limit:offset:language:)``),
    /// in the order of ``rankedMatches(of:matching:)``. A text that matches more than `limit` records throws
    /// ``SearchError/tooBroad(limit:)``; without a limit, every match is given (a whole selection's download).
    public func searchIDs(of kind: RecordKind, matching query: String,
                          upTo limit: Int? = RegistryStore.maximumFilterMatches) throws -> [String] {
        try read { db in
            let entries = try rankedEntries(of: kind, matching: query, limit: limit, db).entries
            return try String.fetchAll(
                try db.cachedStatement(sql: """
                    SELECT e.record_id FROM json_each(?) AS hit
                    CROSS JOIN search_entry AS e INDEXED BY search_entry_record_by_entry ON e.id = hit.value
                    ORDER BY hit.key
                    """),
                arguments: [RegistryStore.rankedSource(of: kind, RankedMatches(searchEntries: entries)).matches])
        }
    }

    /// The records of `kind` that match `query` (as in ``search(_:types:limit:offset:language:)``), best first:
    /// the scored ones by score, then the others in index order (where the seeds come first), as their entries
    /// in the search index, which a list joins to the records itself. Every match is there, since a list
    /// filtered by `q=` must hold all of them; a text that matches more than ``maximumFilterMatches`` records
    /// throws ``SearchError/tooBroad(limit:)``. Not `ordered`, they come in the index's order, unranked: for a
    /// list sorted by a field, which would not use the ranking (a third of such a list's time for a common word).
    ///
    /// Inside a snapshot, the matches are kept for the data it reads (``TextMatches``), for the next page, and
    /// those in index order are brought up to date after writes (``matchesAfterWrites(_:kind:text:generation:_:)``).
    public func rankedMatches(of kind: RecordKind, matching query: String, ordered: Bool = true) throws -> RankedMatches {
        try read { db in
            let key = TextMatches.Key(kind: kind, ordered: ordered, text: query)
            guard let generation = snapshotCountGeneration else {
                return RankedMatches(searchEntries: try rankedEntries(of: kind, matching: query, ordered: ordered, db).entries)
            }
            if let kept = textMatches.entries(key, generation: generation) { return RankedMatches(searchEntries: kept) }
            let current = { [selectionCounts] in selectionCounts.generation }
            if !ordered, let earlier = textMatches.earlier(key, than: generation),
               let updated = try matchesAfterWrites(earlier, kind: kind, text: query, generation: generation, db) {
                textMatches.keep(key, updated, updated: true, current: current)
                return RankedMatches(searchEntries: updated.entries)
            }
            let (entries, expression) = try rankedEntries(of: kind, matching: query, ordered: ordered, db)
            textMatches.keep(key, TextMatches.Matches(entries: entries, generation: generation, expression: expression,
                                                      lastChange: try ChangeLog.newestEntry(db)), current: current)
            return RankedMatches(searchEntries: entries)
        }
    }

    /// The matches in index order of `text` among the records of `kind` in the data of `generation`, made from
    /// `earlier` ones: those of records written since leave or join them as their entries match now. Every other
    /// entry is as it was: an entry's rowid outlives its record's writes (``SearchIndex``), and one created since
    /// takes a rowid no entry had. Nil where that cannot be told from the written records alone: a change since did
    /// not name its records, or deleted or imported some (whose entries left the index, and whose rowids a later
    /// entry may take), or the text stands for another expression now (a name written since expands it).
    func matchesAfterWrites(_ earlier: TextMatches.Matches, kind: RecordKind, text: String, generation: UInt64,
                            _ db: Database) throws -> TextMatches.Matches? {
        guard let written = selectionCounts.written(since: earlier.generation, through: generation) else { return nil }
        guard try ChangeLog.onlyOperations(ChangeLog.inPlaceWrites, after: earlier.lastChange, db),
              try matchExpression(of: text, kind: kind, db) == earlier.expression else { return nil }
        let ids = Set(written.filter { $0.kind == kind }.map(\.id))
        var entries = earlier.entries
        if !ids.isEmpty {
            let rewritten = try RegistryStore.entries(ofRecords: ids, kind: kind, db)
            // One entry each, as every record has (a document's passages are no record's).
            guard rewritten.count == ids.count else { return nil }
            let matching = try db.cachedStatement(sql: "SELECT count(*) FROM search WHERE search MATCH ? AND rowid = ?")
            for entry in rewritten {
                let matches = try Int.fetchOne(matching, arguments: [earlier.expression, entry]) ?? 0 > 0
                let position = entries.insertionIndex(ofAscending: entry)
                let held = position < entries.count && entries[position] == entry
                if matches && !held {
                    entries.insert(entry, at: position)
                } else if !matches && held {
                    entries.remove(at: position)
                }
            }
            guard entries.count <= RegistryStore.maximumFilterMatches else { return nil }
        }
        return TextMatches.Matches(entries: entries, generation: generation, expression: earlier.expression,
                                   lastChange: try ChangeLog.newestEntry(db))
    }

    /// The search-index entries of the records of `kind` whose ids are `ids`, as they are now: one for each record
    /// that exists.
    static func entries(ofRecords ids: some Collection<String>, kind: RecordKind, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM search_entry WHERE type = ? AND record_id IN (SELECT value FROM json_each(?))"),
            arguments: [kind.rawValue, RegistryStore.jsonArray(Array(ids))])
    }

    /// The MATCH expression that `text` stands for among the records of `kind` now.
    private func matchExpression(of text: String, kind: RecordKind, _ db: Database) throws -> String {
        RegistryStore.matchExpression(try effectiveQuery(text, db), types: [kind.rawValue])
    }

    /// The entries of ``rankedMatches(of:matching:ordered:)``, and the MATCH expression that found them (the text's,
    /// with the kind's `type` term). Each record has one entry, so no record comes twice. The ranking reads at most
    /// one match past the limit, in index order (as a count would), and orders them without looking up a record:
    /// the index knows each entry's rank and rowid. Not `ordered`, the matches are read in index order without the
    /// ranking. Where ``KindEntries`` tells the kind's entries, the text is matched without the `type` term.
    private func rankedEntries(of kind: RecordKind, matching query: String, ordered: Bool = true,
                               limit: Int? = RegistryStore.maximumFilterMatches,
                               _ db: Database) throws -> (entries: [Int64], expression: String) {
        let parsed = try effectiveQuery(query, db)
        let match = RegistryStore.matchExpression(parsed, types: [kind.rawValue])
        var outcome = MatchingEntries.givenUp
        if let generation = snapshotCountGeneration, let ofKind = try kindEntries(kind, generation: generation, db) {
            outcome = try matchingEntries(parsed, RegistryStore.matchExpression(parsed, types: nil), ordered: ordered,
                                          limit: limit, db, isOfKind: ofKind.contains)
        }
        if case .givenUp = outcome {
            outcome = try matchingEntries(parsed, match, ordered: ordered, limit: limit, db, isOfKind: nil)
        }
        guard case .found(let entries) = outcome else { throw SearchError.tooBroad(limit: limit ?? 0) }
        return (entries, match)
    }

    /// What ``matchingEntries(_:_:ordered:limit:_:isOfKind:)`` found.
    private enum MatchingEntries {
        case found([Int64])
        /// More than the limit.
        case tooBroad
        /// More than ``otherKindsLimit`` matches of other kinds read.
        case givenUp
    }

    /// The most matches of other kinds a text filter reads and leaves before its kind's `type` term finds its matches.
    static let otherKindsLimit = 20_000

    /// The entries matching `match`, scored as ``rankedEntries(of:matching:ordered:limit:_:)`` says when `ordered`:
    /// all of them (``MatchingEntries/tooBroad`` past `limit`, when there is one), or where `match` has no `type` term,
    /// those `isOfKind` keeps, the others read and left.
    private func matchingEntries(_ parsed: SearchQuery, _ match: String, ordered: Bool, limit: Int?, _ db: Database,
                                 isOfKind: ((Int64) -> Bool)?) throws -> MatchingEntries {
        var ranked = RankOrder()
        var entries: [Int64] = []
        var keptCount = 0
        var others = 0
        var lastRead = Int64.min
        /// Keeps the match read last if it is of the kind; what was found when no more are to be read.
        func keep(rank: Double?) -> MatchingEntries? {
            if let isOfKind, !isOfKind(lastRead) {
                others += 1
                return others > RegistryStore.otherKindsLimit ? .givenUp : nil
            }
            keptCount += 1
            if let rank { ranked.add(entry: lastRead, rank: rank) } else { entries.append(lastRead) }
            return keptCount > limit ?? Int.max ? .tooBroad : nil
        }
        if ordered {
            // Only the order is wanted, not the scores: a text of one phrase is scored by its occurrences alone,
            // each passage's score its phrase's weight times the same factor, whatever the number of passages that
            // hold the phrase, which a text new since the data changed would have counted.
            let frequencies = parsed.phrases.count == 1 ? [1] : try searchStatistics.passagesHolding(parsed.phrases, db)
            // The function scores each match read, of the kind or not: the statement is stepped only until the
            // window holds as many of the kind's.
            let scored = try ColumnReader(
                try db.cachedStatement(sql: "SELECT rowid, \(SearchRank.functionName)(search, ?, ?) FROM search WHERE search MATCH ?"),
                arguments: [SearchRank.frequenciesArgument(frequencies), Int64.max, match])
            while keptCount < RegistryStore.rankingWindow, try scored.next() {
                lastRead = scored.int64(0)
                if let found = keep(rank: scored.double(1)) { return found }
            }
            if keptCount < RegistryStore.rankingWindow { return .found(ranked.entries) }
        }
        // The ranking function gives the later matches 0 (``SearchRank``): they are read in index order without it,
        // where calling it for each of a common word's thousands of matches cost as much as finding them.
        let unscored = try ColumnReader(
            try db.cachedStatement(sql: "SELECT rowid FROM search WHERE search MATCH ? AND rowid > ?"),
            arguments: [match, lastRead])
        while try unscored.next() {
            lastRead = unscored.int64(0)
            if let found = keep(rank: ordered ? 0 : nil) { return found }
        }
        return .found(ordered ? ranked.entries : entries)
    }

    /// Parses a query. Its last word matches longer words too (type-ahead), unless the word alone already
    /// matches ``prefixExpansionLimit`` passages or more: then it is matched whole. Completing a common word
    /// would merge the posting lists of every longer word and add little.
    private func effectiveQuery(_ text: String, _ db: Database) throws -> SearchQuery {
        let parsed = try SearchQuery(text) { try RegistryStore.aliases(of: $0, db) }
        guard parsed.hasPrefix else { return parsed }
        let exact = parsed.withoutPrefix
        return try lastWordIsCommon(exact.phrasesByUnit.last ?? [], db) ? exact : parsed
    }

    /// Whether the phrases of a query's last word hold ``prefixExpansionLimit`` passages or more together: counted
    /// no further than that where ``SearchStatistics`` does not remember them, as after every write, where counting
    /// a common word whole was most of the first list page filtered by it.
    private func lastWordIsCommon(_ phrases: [String], _ db: Database) throws -> Bool {
        var passages = 0
        for (phrase, remembered) in zip(phrases, searchStatistics.remembered(phrases)) {
            // Each count capped at the limit: the capped sum reaches it exactly when the whole sum does.
            passages += try remembered ?? Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)"),
                arguments: ["{name body} : " + phrase, RegistryStore.prefixExpansionLimit]) ?? 0
            if passages >= RegistryStore.prefixExpansionLimit { return true }
        }
        return false
    }

    /// How many matching passages are scored (see ``SearchRank``): the first ones in index order, where the
    /// seeds come first; the later ones follow them, shorter names first.
    static let rankingWindow = 200

    /// How many passages a query's last word may match before it is no longer completed as a prefix.
    static let prefixExpansionLimit = 200

    /// The MATCH expression: the query over the text columns, and the types as a column filter. Over both text
    /// columns, a query that cannot match a type's name, as most cannot, goes without the column filter: it matches
    /// the same passages, and FTS5 finds them sooner, where it filtered each phrase's positions by column (the
    /// figures are in `BENCHMARKS.md`).
    private static func matchExpression(_ parsed: SearchQuery, types: [String]?, columns: String = "name body") -> String {
        let text = columns == "name body" && !parsed.mayMatchTypeNames
            ? "(\(parsed.expression))" : "{\(columns)} : (\(parsed.expression))"
        guard let types else { return text }
        return text + " AND type : (" + types.map { "\"\($0)\"" }.joined(separator: " OR ") + ")"
    }

    /// How many passages match `match`, counting no further than `cap`.
    private static func passageCount(_ match: String, upTo cap: Int, _ db: Database) throws -> Int {
        try Int.fetchOne(
            try db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)"),
            arguments: [match, cap]) ?? 0
    }

    /// The number of records and documents among the passages matching `match` (at most
    /// ``exactCountLimit`` of them) that pass `typeCondition`.
    private static func hitCount(match: String, typeCondition: String, _ db: Database) throws -> Int {
        try Int.fetchOne(
            try db.cachedStatement(sql: """
                SELECT count(*) FROM (
                    SELECT 1 FROM (SELECT rowid AS entry FROM search WHERE search MATCH ? LIMIT ?) c
                    JOIN search_entry e ON e.id = c.entry
                    \(typeCondition)
                    GROUP BY e.type, e.record_id)
                """),
            arguments: [match, exactCountLimit]) ?? 0
    }

    /// Up to how many matching passages a search counts exactly; past it the total is a lower bound.
    public static let exactCountLimit = 1_000

    /// For each folded spelling that names a place or record, the folded spellings of the same places and records.
    private static func aliases(of spellings: Set<String>, _ db: Database) throws -> [String: Set<String>] {
        guard !spellings.isEmpty else { return [:] }
        let placeholders = Array(repeating: "?", count: spellings.count).joined(separator: ", ")
        let rows = try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT a.spelling AS spelling, b.spelling AS alternative
                FROM search_alias a JOIN search_alias b ON b.group_key = a.group_key
                WHERE a.spelling IN (\(placeholders))
                """),
            arguments: StatementArguments(Array(spellings)))
        var aliases: [String: Set<String>] = [:]
        for row in rows {
            let spelling: String = row["spelling"]
            let alternative: String = row["alternative"]
            if alternative != spelling { aliases[spelling, default: []].insert(alternative) }
        }
        return aliases
    }

}
