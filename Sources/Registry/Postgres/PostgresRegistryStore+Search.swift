import Foundation
import PostgresClient

extension PostgresRegistryStore {
    /// Ranked full-text search over every record and every document passage, as ``RegistryStore`` searches: the
    /// same query language, folding and aliases (ours, in Swift), the same ranking (BM25 over the first
    /// ``RegistryStore/rankingWindow`` matching passages in index order, names weighted above text), the same
    /// broad-query fallback and totals.
    ///
    /// The matching passages come from the index's posting lists in the order of their entries
    /// (``PostgresSearchPostings``), each tested against the query by the `tsvector` of `search_entry.document`;
    /// the ranking of the few candidates (at most ``RegistryStore/exactCountLimit``) is computed here from their
    /// folded text, as SQLite's FTS5 function computes it from its index.
    ///
    /// - Throws: ``SearchError`` when the query holds no word or too many.
    public func search(
        _ query: String, types: [SearchType]? = nil, limit: Int = 20, offset: Int = 0, language: String? = nil
    ) throws -> SearchResults {
        try snapshot {
            try read { connection in
                let requested = types.map { Array(Set($0.map(\.rawValue))).sorted() }
                if let requested, requested.isEmpty { return SearchResults(hits: [], total: 0) }
                let page = SearchPage(limit: max(0, limit), offset: max(0, offset), language: language)
                let parsed = try effectiveQuery(query, connection)
                let frequencies = try frequencies(parsed, connection)
                let context = SearchContext(parsed: parsed, frequencies: frequencies, passages: try passageTotal(connection),
                                            connection: connection)
                if let requested {
                    return try context.typedSearch(types: requested, page)
                }
                if parsed.minimumMatches(frequencies) <= RegistryStore.exactCountLimit,
                   let results = try context.rankedSearch(types: nil, page) {
                    return results
                }
                return try context.broadSearch(types: nil, page)
            }
        }
    }

    /// The records of `kind` that match `query`, best first, by their ids (``searchIDs(of:matching:upTo:)``), ordered
    /// or not: the ranking comes with the search here.
    public func rankedMatches(of kind: RecordKind, matching query: String, ordered: Bool = true) throws -> RankedMatches {
        RankedMatches(ids: try searchIDs(of: kind, matching: query))
    }

    /// The ids of the records of `kind` that match `query`, best first (the scored ones by score, then the
    /// others in index order, as on SQLite); a text that matches more than `limit` records throws
    /// ``SearchError/tooBroad(limit:)``; without a limit, every match is given.
    public func searchIDs(of kind: RecordKind, matching query: String,
                          upTo limit: Int? = RegistryStore.maximumFilterMatches) throws -> [String] {
        try snapshot {
            try read { connection in
                let parsed = try effectiveQuery(query, connection)
                let context = SearchContext(parsed: parsed, frequencies: try frequencies(parsed, connection),
                                            passages: try passageTotal(connection), connection: connection)
                let candidates = try context.candidates(types: [kind.rawValue], upTo: limit.map { $0 + 1 } ?? Int.max)
                if let limit, candidates.count > limit { throw SearchError.tooBroad(limit: limit) }
                return context.ranked(candidates).sorted { ($0.rank, $0.candidate.entry) < ($1.rank, $1.candidate.entry) }
                    .map(\.candidate.recordID)
            }
        }
    }

    /// Parses a query; its last word matches longer words too unless the word alone matches
    /// ``RegistryStore/prefixExpansionLimit`` passages or more.
    private func effectiveQuery(_ text: String, _ connection: PostgresConnection) throws -> SearchQuery {
        let parsed = try SearchQuery(text) { try Self.aliases(of: $0, connection) }
        guard parsed.hasPrefix else { return parsed }
        let exact = parsed.withoutPrefix
        let lastWord = try frequencies(of: exact.phrasesByUnit.last ?? [], exact.matchedAlternativesByUnit.last ?? [], connection)
            .reduce(0, +)
        return lastWord >= RegistryStore.prefixExpansionLimit ? exact : parsed
    }

    /// The number of passages holding each phrase of `parsed`, in the order of its phrases.
    private func frequencies(_ parsed: SearchQuery, _ connection: PostgresConnection) throws -> [Int] {
        try frequencies(of: parsed.phrases, parsed.matchedAlternativesByUnit.flatMap { $0 }, connection)
    }

    private func frequencies(of phrases: [String], _ alternatives: [SearchQuery.Alternative],
                             _ connection: PostgresConnection) throws -> [Int] {
        try searchStatistics.passagesHolding(phrases, total: { try passageTotal(connection) }) { index, cap in
            try connection.query("SELECT count(*) FROM (SELECT 1 FROM search_entry WHERE document @@ $1::tsquery LIMIT $2) AS c",
                                 [.text(SearchQuery.tsquery(alternatives[index])), .integer(Int64(cap))])[0].get(0, as: Int.self)
        }
    }

    private func passageTotal(_ connection: PostgresConnection) throws -> Int {
        try searchStatistics.passages { try connection.query("SELECT count(*) FROM search_entry")[0].get(0, as: Int.self) }
    }

    /// For each folded spelling that names a place or record, the folded spellings of the same places and records.
    private static func aliases(of spellings: Set<String>, _ connection: PostgresConnection) throws -> [String: Set<String>] {
        guard !spellings.isEmpty else { return [:] }
        var aliases: [String: Set<String>] = [:]
        let rows = try connection.query("""
            SELECT a.spelling, b.spelling FROM search_alias a JOIN search_alias b ON b.group_key = a.group_key
            WHERE a.spelling IN (SELECT json_array_elements_text($1::json))
            """, [.text(RegistryStore.jsonArray(spellings.sorted()))]).rows
        for row in rows {
            let spelling: String = try row.get(0)
            let alternative: String = try row.get(1)
            if alternative != spelling { aliases[spelling, default: []].insert(alternative) }
        }
        return aliases
    }
}

/// What page of hits a search returns, and in which language it names them.
struct SearchPage {
    var limit: Int
    var offset: Int
    var language: String?
}

/// One search on PostgreSQL: the parsed query, its phrases' frequencies, and the statements that find and
/// rank its candidates.
private struct SearchContext {
    typealias Candidate = PostgresSearchCandidate

    /// A candidate and its rank (negated score: lower is better; 0 past the ranking window).
    struct Ranked {
        var candidate: Candidate
        var rank: Double
    }

    /// A record or document among the hits: its best passage, and the order values of the hit.
    struct Hit {
        var best: Ranked
        var firstEntry: Int64
    }

    let parsed: SearchQuery
    let frequencies: [Int]
    let passages: Int
    let connection: PostgresConnection

    /// The passages matching the query (with `weight` only, when given: `A` names, `B` text), and of `types`
    /// when given, in the order of their entries, at most `cap`.
    func candidates(weight: String? = nil, types: [String]?, upTo cap: Int) throws -> [Candidate] {
        try PostgresSearchPostings(parsed, frequencies: frequencies, connection: connection)
            .passages(matching: parsed.tsquery(weight: weight), types: types, weight: weight, upTo: cap)
    }

    /// The candidates with their ranks: the first ``RegistryStore/rankingWindow`` scored as ``SearchRank``
    /// scores (per phrase `idf × f × (k1 + 1) / (f + k1)`, `f` its occurrences in the name × 8 and the text × 1),
    /// the later ones 0.
    func ranked(_ candidates: [Candidate]) -> [Ranked] {
        let alternatives = parsed.matchedAlternativesByUnit.flatMap { $0 }
        let known = min(alternatives.count, frequencies.count)
        return candidates.enumerated().map { index, candidate in
            guard index < RegistryStore.rankingWindow else { return Ranked(candidate: candidate, rank: 0) }
            let name = candidate.name.split(separator: " ")
            let body = candidate.body.split(separator: " ")
            var score = 0.0
            for phrase in 0..<known {
                let frequency = SearchRank.columnWeights[0] * Double(Self.occurrences(of: alternatives[phrase], in: name))
                    + SearchRank.columnWeights[1] * Double(Self.occurrences(of: alternatives[phrase], in: body))
                guard frequency > 0 else { continue }
                let holding = Double(frequencies[phrase])
                let idf = max(1e-6, log((Double(passages) - holding + 0.5) / (holding + 0.5)))
                score += idf * frequency * (SearchRank.k1 + 1) / (frequency + SearchRank.k1)
            }
            return Ranked(candidate: candidate, rank: -score)
        }
    }

    /// How often `alternative` occurs in the folded words `words`: its words one after another, the last as the
    /// start of a word when it is a prefix.
    static func occurrences(of alternative: SearchQuery.Alternative, in words: [Substring]) -> Int {
        let phrase = alternative.words
        guard !phrase.isEmpty, words.count >= phrase.count else { return 0 }
        var count = 0
        for start in 0...(words.count - phrase.count) {
            var matches = true
            for (offset, word) in phrase.enumerated() {
                let candidate = words[start + offset]
                let last = offset == phrase.count - 1
                if last && alternative.prefix ? !candidate.hasPrefix(word) : candidate != word[...] {
                    matches = false
                    break
                }
            }
            if matches { count += 1 }
        }
        return count
    }

    /// The hits of ranked passages: one per record or document, its best passage (the first of the least rank),
    /// ordered by rank, shorter label, type and id.
    func hits(_ ranked: [Ranked]) -> [Hit] {
        grouped(ranked).sorted {
            ($0.best.rank, $0.best.candidate.labelLength, $0.best.candidate.type, $0.best.candidate.recordID)
                < ($1.best.rank, $1.best.candidate.labelLength, $1.best.candidate.type, $1.best.candidate.recordID)
        }
    }

    /// One hit per record or document of `ranked`, in the order of their first passage: the best passage of each
    /// (the first of the least rank) and the earliest entry.
    func grouped(_ ranked: [Ranked]) -> [Hit] {
        var byRecord: [String: Int] = [:]
        var hits: [Hit] = []
        for passage in ranked {
            let key = passage.candidate.type + "\u{0}" + passage.candidate.recordID
            if let index = byRecord[key] {
                if passage.rank < hits[index].best.rank { hits[index].best = passage }
                hits[index].firstEntry = min(hits[index].firstEntry, passage.candidate.entry)
            } else {
                byRecord[key] = hits.count
                hits.append(Hit(best: passage, firstEntry: passage.candidate.entry))
            }
        }
        return hits
    }

    /// A search for hits of some types: the text alone ranked and filtered when it matches few passages, else
    /// the text and the types together, else a broad search.
    func typedSearch(types: [String], _ page: SearchPage) throws -> SearchResults {
        let textOnly = try candidates(types: nil, upTo: RegistryStore.exactCountLimit + 1)
        if textOnly.count <= RegistryStore.exactCountLimit {
            let wanted = Set(types)
            let hits = self.hits(ranked(textOnly)).filter { wanted.contains($0.best.candidate.type) }
            return SearchResults(hits: try named(hits.dropFirst(page.offset).prefix(page.limit), page), total: hits.count)
        }
        if let results = try rankedSearch(types: types, page) {
            return results
        }
        return try broadSearch(types: types, page)
    }

    /// Ranks every passage matching the query (and of `types`), or returns nil when there are more than
    /// ``RegistryStore/exactCountLimit``. The total counts documents once however many passages match.
    func rankedSearch(types: [String]?, _ page: SearchPage) throws -> SearchResults? {
        let matching = try candidates(types: types, upTo: RegistryStore.exactCountLimit + 1)
        guard matching.count <= RegistryStore.exactCountLimit else { return nil }
        let documentPassages = matching.filter { $0.type == SearchType.document.rawValue }
        let extra = documentPassages.count - Set(documentPassages.map(\.recordID)).count
        let hits = self.hits(ranked(matching))
        return SearchResults(hits: try named(hits.dropFirst(page.offset).prefix(page.limit), page), total: matching.count - extra)
    }

    /// A broad query's page: records whose names match, then those whose text does, each in index order; the
    /// total is a lower bound.
    func broadSearch(types: [String]?, _ page: SearchPage) throws -> SearchResults {
        guard page.limit > 0 else {
            return SearchResults(hits: [], total: RegistryStore.exactCountLimit, totalIsExact: false)
        }
        let window = max(2 * (page.offset + page.limit), 20)
        let names = try candidates(weight: "A", types: types, upTo: window)
        let texts = window > names.count ? try candidates(weight: "B", types: types, upTo: window - names.count) : []
        let ranked = names.map { Ranked(candidate: $0, rank: -8) } + texts.map { Ranked(candidate: $0, rank: -1) }
        let ordered = grouped(ranked).sorted { ($0.best.rank, $0.firstEntry) < ($1.best.rank, $1.firstEntry) }
        return SearchResults(hits: try named(ordered.dropFirst(page.offset).prefix(page.limit), page),
                             total: RegistryStore.exactCountLimit, totalIsExact: false)
    }

    /// The search hits of `hits`: named in the page's language where the record has such a name, with the
    /// snippet of the best passage. The passages' texts come in one statement, not one per hit: each is a round
    /// trip to the server.
    func named(_ hits: ArraySlice<Hit>, _ page: SearchPage) throws -> [SearchHit] {
        guard !hits.isEmpty else { return [] }
        let entries = hits.map { String($0.best.candidate.entry) }
        var texts: [Int64: (label: String, translated: String?, name: String, body: String)] = [:]
        for row in try connection.query("""
            SELECT id, label, labels::json ->> $2, name_text, body_text FROM search_entry
            WHERE id IN (SELECT json_array_elements_text($1::json)::bigint)
            """, [.text(RegistryStore.jsonArray(entries)), page.language.map { .text($0) } ?? .null]).rows {
            texts[try row.get(0)] = (try row.get(1), try row.get(2), try row.get(3), try row.get(4))
        }
        let pattern = SearchSnippet.Pattern(parsed)
        return hits.compactMap { hit in
            let passage = hit.best.candidate
            guard let type = SearchType(rawValue: passage.type), let text = texts[passage.entry] else { return nil }
            let name = text.translated ?? text.label
            let snippet = SearchSnippet.make(text.body, pattern: pattern) ?? SearchSnippet.make(text.name, pattern: pattern)
                ?? SearchSnippet.make(name, pattern: pattern)
            let rank = hit.best.rank
            return SearchHit(type: type, id: passage.recordID, name: name, score: rank == 0 ? 0 : -rank, snippet: snippet ?? "")
        }
    }
}
