import Foundation
import Testing
import TestSupport
@testable import Registry

/// Ranking, paging and counting of search on a registry large enough to reach the ranking window and the
/// exact-count limit: the seeds plus 1,500 generated organisations, in a temporary SQLite file.
@Suite(.serialized) struct SearchRankingTests {
    /// 1,500 harbour organisations; every third also names a ferry (500 in all), some of them twice in the
    /// description; one late one, `harbour-ferry-best`, names the ferry in its name and three times in its text.
    static let loaded: Result<RegistryStore, any Error> = Result {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        _ = try store.importRecords(harbours())
        return store
    }

    /// The 1,500 harbour organisations and the ferry company.
    static func harbours() -> [any RegistryRecord] {
        var records: [any RegistryRecord] = (0..<1_500).map { number in
            let ferry = number % 3 == 0
            let description = ferry
                ? "A harbour board that runs a ferry" + (number % 2 == 0 ? " and a second ferry line." : ".")
                : "A harbour board in the Baltic."
            return Organisation(id: String(format: "harbour-%04d", number), name: "Harbour Board \(number)",
                                kind: .association, description: description)
        }
        records.append(Organisation(id: "harbour-ferry-best", name: "Harbour Ferry Company", kind: .company,
                                    description: "Ferry, ferry and ferry: the harbour's ferry company."))
        return records
    }

    static func store() throws -> RegistryStore { try loaded.get() }

    /// Every hit of `query`, read a page of `size` at a time.
    static func allPages(_ query: String, size: Int, upTo maximum: Int = 2_000) throws -> [String] {
        var keys: [String] = []
        while keys.count < maximum {
            let page = try store().search(query, limit: size, offset: keys.count).hits
            if page.isEmpty { break }
            keys += page.map { "\($0.type.rawValue)/\($0.id)" }
        }
        return keys
    }

    @Test func pagesOfARankedQueryNeitherRepeatNorSkip() throws {
        let whole = try SearchRankingTests.store().search("harbour ferry", limit: 1_000)
        #expect(whole.totalIsExact)
        #expect(whole.total == 501)
        #expect(whole.hits.count == 501)
        let paged = try SearchRankingTests.allPages("harbour ferry", size: 7)
        #expect(paged == whole.hits.map { "\($0.type.rawValue)/\($0.id)" })
        #expect(Set(paged).count == paged.count)
    }

    @Test func scoresWeighNamesAndOccurrencesWithinTheWindow() throws {
        let hits = try SearchRankingTests.store().search("ferry", limit: 1_000).hits
        // The 200 first matching passages are scored; the record with the ferry in its name is among the
        // matches but past the window, so it is not scored and follows the scored ones.
        let scored = hits.filter { $0.score > 0 }
        #expect(scored.count == RegistryStore.rankingWindow)
        #expect(zip(scored, scored.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(hits.prefix(scored.count).allSatisfy { $0.score > 0 })
        let twice = scored.filter { $0.id.hasPrefix("harbour-") && Int($0.id.dropFirst(8)).map { $0 % 2 == 0 } == true }
        let once = scored.filter { $0.id.hasPrefix("harbour-") && Int($0.id.dropFirst(8)).map { $0 % 2 == 1 } == true }
        #expect(!twice.isEmpty && !once.isEmpty)
        #expect((twice.map(\.score).min() ?? 0) > (once.map(\.score).max() ?? 0))
    }

    @Test func aNameMatchOutranksTextMatches() throws {
        let store = try SearchRankingTests.store()
        // Few passages match both words, so all of them are scored.
        let hits = try store.search("ferry company", limit: 10).hits
        #expect(hits.first?.id == "harbour-ferry-best")
        #expect(hits.first?.snippet.contains("<mark>") == true)
    }

    /// Hits of equal score come shorter name first, then by type, then by id.
    @Test func hitsOfEqualScoreComeByNameLengthThenTypeThenID() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        // `kelp` once in each name and nowhere else: every hit scores the same.
        _ = try store.importRecords([
            Organisation(id: "a-kelp", name: "Kelp Quay Authority", kind: .association, description: "A board."),
            Organisation(id: "c-kelp", name: "Kelp Quay", kind: .association, description: "A board."),
            Organisation(id: "b-kelp", name: "Kelp Quay", kind: .association, description: "A board."),
            Theme(id: "a-kelp-theme", labels: ["en": "Kelp Quay", "da": "Tang Kaj", "de": "Tang Kai"]),
        ])
        let results = try store.search("kelp", limit: 10)
        #expect(Set(results.hits.map(\.score)).count == 1)
        #expect(results.hits.map { "\($0.type.rawValue)/\($0.id)" }
                == ["organisation/b-kelp", "organisation/c-kelp", "theme/a-kelp-theme", "organisation/a-kelp"])
        #expect(results.total == 4)
        // A page past the first hits keeps the order.
        #expect(try store.search("kelp", limit: 2, offset: 1).hits.map(\.id) == ["c-kelp", "a-kelp-theme"])
    }

    @Test func broadQueriesPageInOneOrder() throws {
        let whole = try SearchRankingTests.store().search("harbour", limit: 100)
        #expect(!whole.totalIsExact)
        #expect(whole.total == RegistryStore.exactCountLimit)
        let paged = try SearchRankingTests.allPages("harbour", size: 10, upTo: 100)
        #expect(paged == whole.hits.map { "\($0.type.rawValue)/\($0.id)" })
        // Names before text: every hit of the first pages has the word in its name.
        #expect(whole.hits.allSatisfy { $0.score == 8 })
    }

    @Test func aBroadQueryOfSeveralWordsIsCountedToTheLimitAndPagedInOneOrder() throws {
        // Each word alone is common, so the statistics cannot tell how many passages hold both: the ranking is
        // tried, finds more than the limit, and the query is answered as a broad one.
        let whole = try SearchRankingTests.store().search("harbour board", limit: 100)
        #expect(!whole.totalIsExact)
        #expect(whole.total == RegistryStore.exactCountLimit)
        #expect(whole.hits.count == 100)
        #expect(whole.hits.allSatisfy { $0.score == 8 })
        let paged = try SearchRankingTests.allPages("harbour board", size: 10, upTo: 100)
        #expect(paged == whole.hits.map { "\($0.type.rawValue)/\($0.id)" })
        let typed = try SearchRankingTests.store().search("harbour board", types: [.organisation], limit: 5)
        #expect(!typed.totalIsExact && typed.hits.count == 5)
    }

    /// A query of several words found broad is answered as broad from then on, without its matches read again to
    /// tell, until the data changes: a change that leaves it fewer matches than the limit has it ranked again.
    @Test func aQueryFoundBroadIsRankedAgainOnceAChangeNarrowsIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        _ = try store.importRecords(Array(SearchRankingTests.harbours().prefix(1_100)))
        let first = try store.search("harbour board", limit: 20)
        #expect(!first.totalIsExact && first.total == RegistryStore.exactCountLimit)
        // Neither word can be a type's name: the words are matched over every column.
        let match = "((\"harbour\") AND (\"board\"))"
        #expect(store.searchStatistics.isBroad(match))
        let again = try store.search("harbour board", limit: 20)
        #expect(again.hits == first.hits && again.total == first.total && !again.totalIsExact)
        for number in 0..<150 { try store.delete(.organisation, id: String(format: "harbour-%04d", number)) }
        #expect(!store.searchStatistics.isBroad(match))
        let narrowed = try store.search("harbour board", limit: 20)
        #expect(narrowed.totalIsExact && narrowed.total == 950)
    }

    @Test func aListFilteredByTextPagesThroughItsMatchesScoredFirstThenInIndexOrder() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        // 260 lines with one text, indexed from the highest id down: they score alike, so the order is the
        // index's, not the ids'.
        _ = try store.importRecords((0..<260).reversed().map { number in
            Organisation(id: String(format: "line-%03d", number), name: "Zorblat Line \(number)", kind: .company,
                         description: "A zorblat ferry line.")
        })
        let ids = try store.searchIDs(of: .organisation, matching: "zorblat")
        #expect(ids == (0..<260).reversed().map { String(format: "line-%03d", $0) })
        let matches = try store.rankedMatches(of: .organisation, matching: "zorblat")
        #expect(matches.count == ids.count)
        var query = RecordQuery(kind: .organisation)
        query.rankedMatches = matches
        query.limit = 64
        var paged: [String] = []
        while true {
            let page = try store.servedList(query, language: "en", personal: false)
            #expect(page.total == ids.count)
            guard let last = page.last, !page.records.isEmpty else { break }
            paged += page.records.map(\.id)
            query.after = last
        }
        #expect(paged == ids)
        // With a sort, the matches are a filter: the same records in the sort's order.
        query.after = nil
        query.sort = [RecordQuery.SortKey(field: .id)]
        query.limit = 100
        let sorted = try store.servedList(query, language: "en", personal: false)
        #expect(sorted.total == ids.count)
        #expect(sorted.records.map(\.id) == Array(ids.sorted().prefix(100)))
    }

    /// The matches of a text filter come in the order SQLite's `ORDER BY rank, entry` gives them: the scored first
    /// window by score, ties by entry, then every later match in the index's order.
    @Test(arguments: ["ferry", "harbour", "harbour ferry", "ferry line"])
    func aTextFiltersMatchesAreOrderedAsByRankThenEntry(text: String) throws {
        let store = try SearchRankingTests.store()
        let expected = try store.read { db in
            let parsed = try SearchQuery(text) { _ in [:] }.withoutPrefix
            let frequencies = try store.searchStatistics.passagesHolding(parsed.phrases, db)
            return try String.fetchAll(db, sql: """
                SELECT e.record_id FROM (
                    SELECT rowid AS entry, \(SearchRank.functionName)(search, ?, ?) AS rank FROM search
                    WHERE search MATCH ? LIMIT ?) AS m
                JOIN search_entry e ON e.id = m.entry
                ORDER BY m.rank, m.entry
                """,
                arguments: [SearchRank.frequenciesArgument(frequencies), RegistryStore.rankingWindow,
                            "{name body} : (\(parsed.expression)) AND type : (\"organisation\")",
                            RegistryStore.maximumFilterMatches + 1])
        }
        #expect(expected.count > RegistryStore.rankingWindow)
        #expect(try store.searchIDs(of: .organisation, matching: text) == expected)
    }

    /// Every passage holds its type's name in the index's `type` column, which a search leaves out: a query that
    /// names a type, or begins one with its last word, finds the names and texts that hold it and no other passage
    /// of that type; any other query finds the same passages as over the text columns alone.
    @Test(arguments: ["theme ", "organisation ", "region ", "harbour organisatio", "harbour docum", "harbour ferry ", "ferry"])
    func aQueryFindsNamesAndTextsOnlyWhateverItsWords(text: String) throws {
        let store = try SearchRankingTests.store()
        let parsed = try SearchQuery(text) { _ in [:] }
        let expected = try store.read { db in
            try Set(String.fetchAll(db, sql: """
                SELECT DISTINCT e.type || '/' || e.record_id FROM search JOIN search_entry e ON e.id = search.rowid
                WHERE search MATCH ?
                """, arguments: ["{name body} : (\(parsed.expression))"]))
        }
        let found = try store.search(text, limit: 2_000)
        #expect(found.totalIsExact)
        #expect(Set(found.hits.map { "\($0.type.rawValue)/\($0.id)" }) == expected)
    }

    @Test func aQueryMayMatchATypesNameByAWordOrItsStart() throws {
        func mayMatch(_ text: String) throws -> Bool { try SearchQuery(text) { _ in [:] }.mayMatchTypeNames }
        #expect(try mayMatch("theme "))
        #expect(try mayMatch("harbour region "))
        #expect(try mayMatch("harbour proj"))
        #expect(try !mayMatch("harbour proj "))
        #expect(try !mayMatch("themes "))
        #expect(try !mayMatch("harbour ferry"))
        #expect(try !mayMatch("\"region skane\""))
    }

    @Test func theLastWordIsCompletedOnlyWhenItIsRare() throws {
        let store = try SearchRankingTests.store()
        #expect(try store.search("harbour fer", limit: 5).total == 501)
        // `board` matches more than `prefixExpansionLimit` passages alone, so it is not completed to `boards`.
        let boardExact = try store.search("board", limit: 1).total
        #expect(try store.search("boar", limit: 1).total >= boardExact)
    }

    /// The first search after a start has the number of the index's passages at hand: it is counted in the
    /// background with the rankings, not by that search.
    @Test func theIndexsPassagesAreCountedWithTheRankings() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(store.searchStatistics.knownPassages == nil)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let passages = try store.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM search_entry") }
        #expect(store.searchStatistics.knownPassages == passages)
        #expect((passages ?? 0) > 0)
        store.sortRankings.stopMaking()
        store.sortRankings.waitUntilMade()
    }

    @Test func statisticsFollowTheIndex() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        let before = try store.database.read { try store.searchStatistics.passagesHolding(["\"zanzibar\""], $0) }
        #expect(before == [0])
        _ = try store.importRecords([
            Organisation(id: "zanzibar-port", name: "Zanzibar Port", kind: .company),
            Organisation(id: "zanzibar-ferries", name: "Zanzibar Ferries", kind: .company),
        ])
        let after = try store.database.read { try store.searchStatistics.passagesHolding(["\"zanzibar\""], $0) }
        #expect(after == [2])
        #expect(try store.search("zanzibar").total == 2)
    }
}
