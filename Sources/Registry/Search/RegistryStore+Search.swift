import Foundation
import GRDB

extension RegistryStore {
    /// Ranked full-text search over every record and every document passage.
    ///
    /// `query` holds plain words, all of which must occur (the last one also as the start of a longer
    /// word), and `"quoted phrases"`. Case, diacritics and scripts are folded (see ``SearchFolding``), and
    /// the names of gazetteer places and records stand for all their spellings: `Hamburg` also finds
    /// `Hamborg`, `Varna` finds `Община Варна`. A record or document is one hit however many of its
    /// passages match; hits come best first (bm25, names weighted above other text), ties by shorter name,
    /// type and id. A very broad query, one that matches more than ``exactCountLimit`` passages, is ranked by
    /// where it matches (names before text, `score` 8 or 1) within the first passages in index order, and
    /// its total is a lower bound (`totalIsExact` false): exact bm25 over every match would cost tens of
    /// milliseconds on a large registry.
    ///
    /// - Parameters:
    ///   - types: the kinds of hit to return; nil for all.
    ///   - language: a language code (`en`, `da`, `de`) to name records in, where they have such a name.
    /// - Throws: ``SearchError`` when the query holds no word or too many.
    public func search(
        _ query: String, types: [SearchType]? = nil, limit: Int = 20, offset: Int = 0, language: String? = nil
    ) throws -> SearchResults {
        try database.read { db in
            let requested = types.map { Array(Set($0.map(\.rawValue))).sorted() }
            if let requested, requested.isEmpty { return SearchResults(hits: [], total: 0) }
            let parsed = try RegistryStore.effectiveQuery(query, types: requested, db)
            // A type filter goes into the MATCH expression (`type : …`) only for a broad text: intersecting a
            // few matches with the posting list of a type that tags 300,000 passages costs more than
            // filtering those few matches by a join.
            var match = RegistryStore.matchExpression(parsed, types: requested)
            var joinedTypes: [String]?
            if let requested {
                let textOnly = RegistryStore.matchExpression(parsed, types: nil)
                if try RegistryStore.passageCount(textOnly, upTo: RegistryStore.exactCountLimit + 1, db) <= RegistryStore.exactCountLimit {
                    match = textOnly
                    joinedTypes = requested
                }
            }
            let (total, totalIsExact) = try joinedTypes.map { types in
                (try RegistryStore.joinedHitCount(match: match, types: types, db), true)
            } ?? RegistryStore.hitCount(match: match, parsed: parsed, types: requested, db)
            let limit = max(0, limit), offset = max(0, offset)
            guard limit > 0, offset < total else { return SearchResults(hits: [], total: total, totalIsExact: totalIsExact) }
            // Ranking: bm25 over a window of the first matching passages in index order (all of them unless
            // the query matches more than `window` passages; then the first ones, where the seeds come first).
            // bm25 also counts every passage that holds each term, which for a very broad query (one whose
            // count stopped at exactCountLimit) costs more than all the rest of the search. Such a query is
            // ranked by where it matches instead, with bm25's column weights: names (8) before text (1).
            let window = joinedTypes == nil ? max(RegistryStore.rankingWindow, (offset + limit) * 4) : RegistryStore.exactCountLimit
            let typeCondition = joinedTypes.map { types in
                "WHERE e.type IN (" + types.map { "'\($0)'" }.joined(separator: ", ") + ")"
            } ?? ""
            let ranked: [Row]
            if totalIsExact {
                ranked = try Row.fetchAll(
                    try db.cachedStatement(sql: """
                        WITH candidates AS MATERIALIZED (
                            SELECT rowid AS entry, bm25(search, 8.0, 1.0, 0.0) AS rank FROM search WHERE search MATCH ? LIMIT ?
                        )
                        SELECT e.type, e.record_id, min(c.rank) AS rank, c.entry AS entry, length(e.label) AS label_length
                        FROM candidates c JOIN search_entry e ON e.id = c.entry
                        \(typeCondition)
                        GROUP BY e.type, e.record_id
                        ORDER BY rank, label_length, e.type, e.record_id
                        LIMIT ? OFFSET ?
                        """),
                    arguments: [match, window, limit, offset])
            } else {
                // Names first; text only when the names do not fill the window.
                var candidates = try Int64.fetchAll(
                    try db.cachedStatement(sql: "SELECT rowid FROM search WHERE search MATCH ? LIMIT ?"),
                    arguments: [RegistryStore.matchExpression(parsed, types: requested, columns: "name"), window]
                ).map { (entry: $0, rank: -8.0) }
                if candidates.count < window {
                    candidates += try Int64.fetchAll(
                        try db.cachedStatement(sql: "SELECT rowid FROM search WHERE search MATCH ? LIMIT ?"),
                        arguments: [RegistryStore.matchExpression(parsed, types: requested, columns: "body"), window - candidates.count]
                    ).map { (entry: $0, rank: -1.0) }
                }
                let values = candidates.map { "(\($0.entry), \($0.rank))" }.joined(separator: ", ")
                ranked = candidates.isEmpty ? [] : try Row.fetchAll(
                    db,
                    sql: """
                        WITH candidates (entry, rank) AS (VALUES \(values))
                        SELECT e.type, e.record_id, min(c.rank) AS rank, c.entry AS entry
                        FROM candidates c JOIN search_entry e ON e.id = c.entry
                        GROUP BY e.type, e.record_id
                        ORDER BY rank, min(c.entry)
                        LIMIT ? OFFSET ?
                        """,
                    arguments: [limit, offset])
            }
            let decoder = JSONDecoder()
            var hits: [SearchHit] = []
            for row in ranked {
                guard let type = SearchType(rawValue: row["type"]) else { continue }
                let recordID: String = row["record_id"]
                // The best-ranked passage (SQLite takes `entry` from the row of the minimum rank) names the
                // hit and gives its snippet.
                let entry: Int64 = row["entry"]
                let passages = try Row.fetchAll(
                    try db.cachedStatement(sql: "SELECT label, labels, name_text, body_text FROM search_entry WHERE id = ?"), arguments: [entry])
                guard let first = passages.first else { continue }
                var name: String = first["label"]
                if let language, let labelsJSON: String = first["labels"],
                   let labels = try? decoder.decode([String: String].self, from: Data(labelsJSON.utf8)),
                   let translated = labels[language] {
                    name = translated
                }
                var snippet: String?
                for passage in passages where snippet == nil {
                    let bodyText: String = passage["body_text"]
                    snippet = SearchSnippet.make(bodyText, query: parsed)
                }
                for passage in passages where snippet == nil {
                    let nameText: String = passage["name_text"]
                    snippet = SearchSnippet.make(nameText, query: parsed)
                }
                let rank: Double = row["rank"]
                hits.append(SearchHit(type: type, id: recordID, name: name, score: rank == 0 ? 0 : -rank,
                                      snippet: snippet ?? SearchSnippet.make(name, query: parsed) ?? ""))
            }
            return SearchResults(hits: hits, total: total, totalIsExact: totalIsExact)
        }
    }

    /// The most records a text filter (`searchIDs`) selects; a broader text is refused.
    public static let maximumFilterMatches = 10_000

    /// The ids of the records of `kind` that match `query` (as in ``search(_:types:limit:offset:language:)``),
    /// best first. Every match is returned, since a list filtered by `q=` must hold all of them; a text that
    /// matches more than ``maximumFilterMatches`` records throws ``SearchError/tooBroad(limit:)``.
    public func searchIDs(of kind: RecordKind, matching query: String) throws -> [String] {
        try database.read { db in
            let parsed = try RegistryStore.effectiveQuery(query, types: [kind.rawValue], db)
            let matches = try RegistryStore.passageCount(RegistryStore.matchExpression(parsed, types: [kind.rawValue]),
                                                         upTo: RegistryStore.maximumFilterMatches + 1, db)
            if matches > RegistryStore.maximumFilterMatches {
                throw SearchError.tooBroad(limit: RegistryStore.maximumFilterMatches)
            }
            return try String.fetchAll(
                try db.cachedStatement(sql: """
                    SELECT e.record_id
                    FROM search s JOIN search_entry e ON e.id = s.rowid
                    WHERE search MATCH ?
                    ORDER BY bm25(search, 8.0, 1.0, 0.0), e.record_id
                    """),
                arguments: [RegistryStore.matchExpression(parsed, types: [kind.rawValue])])
        }
    }

    /// Parses a query; its last word matches longer words too (type-ahead), unless the word alone already
    /// matches `rankingWindow` passages or more: then it is matched whole. Completing a common word would
    /// merge the posting lists of every longer word and add little.
    private static func effectiveQuery(_ text: String, types: [String]?, _ db: Database) throws -> SearchQuery {
        let parsed = try SearchQuery(text) { try RegistryStore.aliases(of: $0, db) }
        guard parsed.hasPrefix else { return parsed }
        let exact = parsed.withoutPrefix
        let exactMatches = try RegistryStore.passageCount(matchExpression(exact, types: types), upTo: rankingWindow, db)
        return exactMatches >= rankingWindow ? exact : parsed
    }

    /// How many passages are ranked for one search page at least.
    static let rankingWindow = 200

    /// The MATCH expression: the query over the text columns, and the types as a column filter.
    private static func matchExpression(_ parsed: SearchQuery, types: [String]?, columns: String = "name body") -> String {
        let text = "{\(columns)} : (\(parsed.expression))"
        guard let types else { return text }
        return text + " AND type : (" + types.map { "\"\($0)\"" }.joined(separator: " OR ") + ")"
    }

    /// How many passages match `match`, counting no further than `cap`.
    private static func passageCount(_ match: String, upTo cap: Int, _ db: Database) throws -> Int {
        try Int.fetchOne(
            try db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ? LIMIT ?)"),
            arguments: [match, cap]) ?? 0
    }

    /// The number of records and documents of `types` among the passages matching `match` (a few).
    private static func joinedHitCount(match: String, types: [String], _ db: Database) throws -> Int {
        try Int.fetchOne(
            try db.cachedStatement(sql: """
                SELECT count(*) FROM (
                    SELECT 1 FROM search s JOIN search_entry e ON e.id = s.rowid
                    WHERE search MATCH ? AND e.type IN (SELECT value FROM json_each(?))
                    GROUP BY e.type, e.record_id)
                """),
            arguments: [match, RegistryStore.jsonArray(types)]) ?? 0
    }

    /// Up to how many matching passages a search counts exactly; past it the total is a lower bound.
    public static let exactCountLimit = 1_000

    /// The number of records and documents that match, from the index alone: one passage per record, and
    /// for documents (one passage per paragraph) the matched paragraphs counted once per document.
    /// Counting stops at ``exactCountLimit`` passages: the count is then a lower bound.
    private static func hitCount(
        match: String, parsed: SearchQuery, types: [String]?, _ db: Database
    ) throws -> (total: Int, isExact: Bool) {
        let passages = try RegistryStore.passageCount(match, upTo: exactCountLimit + 1, db)
        if passages > exactCountLimit { return (exactCountLimit, false) }
        guard types?.contains(SearchType.document.rawValue) ?? true, passages > 0 else { return (passages, true) }
        let documents = try Row.fetchOne(
            try db.cachedStatement(sql: """
                SELECT count(*) AS passages, count(DISTINCT e.record_id) AS documents
                FROM search s JOIN search_entry e ON e.id = s.rowid
                WHERE search MATCH ?
                """),
            arguments: [matchExpression(parsed, types: [SearchType.document.rawValue])])
        let documentPassages: Int = documents?["passages"] ?? 0
        let distinctDocuments: Int = documents?["documents"] ?? 0
        return (passages - documentPassages + distinctDocuments, true)
    }

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
