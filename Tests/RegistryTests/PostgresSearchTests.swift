import Foundation
import Testing
import TestSupport
@testable import Registry

/// Search on PostgreSQL finds, ranks, pages and counts as on SQLite: the seeds plus 1,500 generated harbour
/// organisations (enough to reach the ranking window and the exact-count limit), copied to PostgreSQL and
/// searched through both stores.
@Suite struct PostgresSearchTests {
    @Test func everySearchAnswersAsOnSQLite() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let sqlite = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: sqlite)
        _ = try sqlite.importRecords(SearchRankingTests.harbours())
        try RegistryCopy.copy(from: sqlite, to: database.url, migrationsDirectory: Fixtures.migrations)
        let postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)

        // The README's and the search tests' queries: across languages and scripts, names and phrases, prefixes,
        // a ranked window, a broad word past the exact-count limit.
        let queries = ["Kopenhagen", "København", "Kobenhavns Kommune", "copenhagen malmo", "Hamburg", "Hamborg", "Varna",
                       "Община Варна", "Øresund", "oresund", "Fehmarn", "\"one city\"", "Leipzig", "Metropolregion",
                       "Grenze", "interreg", "kop", "harbour ferry", "ferry", "ferry company", "harbour", "harbour fer",
                       "baltic", "harbour board 12", "Malmoe", "Schleswig-Holstein", "zzzz-nothing"]
        var compared = 0
        for query in queries {
            for (types, language) in [(nil, nil), ([SearchType.organisation, .region], "de"), ([.document], "da"), ([.project], "en")] as [([SearchType]?, String?)] {
                for (limit, offset) in [(20, 0), (5, 3), (100, 0), (10, 1_000)] {
                    let expected = try sqlite.search(query, types: types, limit: limit, offset: offset, language: language)
                    let answered = try postgres.search(query, types: types, limit: limit, offset: offset, language: language)
                    let context = "\(query) \(types ?? []) \(limit)+\(offset)"
                    #expect(answered.total == expected.total && answered.totalIsExact == expected.totalIsExact, "\(context)")
                    #expect(answered.hits.map(\.id) == expected.hits.map(\.id), "\(context)")
                    #expect(answered.hits.map(\.name) == expected.hits.map(\.name), "\(context)")
                    #expect(answered.hits.map(\.snippet) == expected.hits.map(\.snippet), "\(context)")
                    for (mine, theirs) in zip(answered.hits, expected.hits) {
                        #expect(abs(mine.score - theirs.score) < 1e-9, "\(context): \(mine.id)")
                    }
                    compared += 1
                }
            }
            for kind in [RecordKind.organisation, .project, .region] {
                #expect(try postgres.searchIDs(of: kind, matching: query) == sqlite.searchIDs(of: kind, matching: query), "\(query) \(kind)")
            }
        }
        #expect(compared == queries.count * 16)
        #expect(try !postgres.search("Hamborg").hits.isEmpty && postgres.search("harbour").totalIsExact == false)
        #expect(throws: SearchError.noTerms) { try postgres.search("()*:^") }
    }
}
