import Foundation
import Testing
import TestSupport
@testable import Registry

/// Search on PostgreSQL finds, ranks, pages and counts as on SQLite: the seeds plus 1,500 generated harbour
/// organisations (enough to reach the ranking window and the exact-count limit), copied to PostgreSQL and
/// searched through both stores; and the posting lists it reads (`search_term`) follow every write.
@Suite struct PostgresSearchTests {
    /// The seeds and the generated harbours in an SQLite file in `directory`, copied to `database`.
    static func harbourRegistry(in directory: URL, copiedTo database: PostgresTestDatabase) throws -> RegistryStore {
        let sqlite = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: sqlite)
        _ = try sqlite.importRecords(SearchRankingTests.harbours())
        try RegistryCopy.copy(from: sqlite, to: database.url, migrationsDirectory: Fixtures.migrations)
        return sqlite
    }

    @Test func everySearchAnswersAsOnSQLite() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let sqlite = try Self.harbourRegistry(in: directory, copiedTo: database)
        let postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)

        // The README's and the search tests' queries: across languages and scripts, names and phrases, prefixes,
        // a ranked window, a broad word past the exact-count limit.
        let queries = ["Kopenhagen", "København", "Kobenhavns Kommune", "copenhagen malmo", "Hamburg", "Hamborg", "Varna",
                       "Община Варна", "Øresund", "oresund", "Fehmarn", "\"one city\"", "Leipzig", "Metropolregion",
                       "Grenze", "interreg", "kop", "harbour ferry", "ferry", "ferry company", "harbour", "harbour fer",
                       "baltic", "harbour board 12", "Malmoe", "Schleswig-Holstein", "zzzz-nothing",
                       // Posting lists read in several batches, intersected, or rejected by the whole query: two and
                       // three common words, a phrase of them, a prefix of a common word, a rare word among common
                       // ones, a rare word at the end of the entries.
                       "baltic board", "board baltic harbour", "ferry line", "\"second ferry\"", "\"ferry board\"", "harbour boa",
                       "bo", "harbour 1499", "board 7", "1499", "ferry company harbour"]
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

    /// The posting lists hold exactly the words of every passage, with their weights, after a copy and after each
    /// kind of write: a record created, renamed, described, and deleted.
    @Test func thePostingListsFollowEveryWrite() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: postgres)
        let connection = try database.connect()
        /// The rows `search_term` lacks and the rows it has that no passage gives, as counted from the passages.
        func mismatches() throws -> (missing: Int, extra: Int) {
            let derived = """
                SELECT w.lexeme AS term, e.id AS entry, 'A' = ANY (w.weights) AS in_name, 'B' = ANY (w.weights) AS in_text
                FROM search_entry AS e CROSS JOIN LATERAL unnest(e.document) AS w
                """
            let row = try connection.query("""
                SELECT (SELECT count(*) FROM (\(derived) EXCEPT SELECT term, entry, in_name, in_text FROM search_term) AS m),
                       (SELECT count(*) FROM (SELECT term, entry, in_name, in_text FROM search_term EXCEPT \(derived)) AS x)
                """)[0]
            return (try row.get(0), try row.get(1))
        }
        func postings(of word: String) throws -> Int {
            try connection.query("SELECT count(*) FROM search_term WHERE term = $1", [.text(word)])[0].get(0, as: Int.self)
        }
        #expect(try mismatches() == (0, 0))
        #expect(try postings(of: "kobenhavn") > 0)

        _ = try postgres.write(.organisation, .create(.object([
            "id": .string("posting-probe"), "name": .string("Quaysideworks Guild"), "kind": .string("association"),
        ])), author: "test", reason: nil)
        #expect(try mismatches() == (0, 0))
        #expect(try postings(of: "quaysideworks") == 1)
        #expect(try postgres.search("quaysideworks").hits.map(\.id) == ["posting-probe"])

        _ = try postgres.write(.organisation, .update(id: "posting-probe", patch: .object([
            "name": .string("Wharfsidewrights Guild"), "description": .string("Formerly the quaysideworks guild."),
        ])), author: "test", reason: nil)
        #expect(try mismatches() == (0, 0))
        #expect(try connection.query("SELECT in_name, in_text FROM search_term WHERE term = 'quaysideworks'").rows
            .map { [try $0.get(0, as: Bool.self), try $0.get(1, as: Bool.self)] } == [[false, true]])
        #expect(try postgres.search("wharfsidewrights").hits.map(\.id) == ["posting-probe"])

        _ = try postgres.write(.organisation, .delete(id: "posting-probe"), author: "test", reason: nil)
        #expect(try mismatches() == (0, 0))
        #expect(try postings(of: "wharfsidewrights") == 0 && postings(of: "quaysideworks") == 0)
        #expect(try postgres.search("wharfsidewrights").hits.isEmpty)
    }

    /// The walk through the posting lists finds the first passages in the order of their entries that the whole
    /// query matches, as a statement over every passage finds them, whatever the number wanted (a batch, several,
    /// or all), the weight and the types: lists of different lengths end their batches at different entries, and
    /// a wrong bound would skip or repeat a passage.
    @Test func thePostingWalkFindsWhatAScanFinds() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        _ = try Self.harbourRegistry(in: directory, copiedTo: database)
        let connection = try database.connect()

        var compared = 0
        for text in ["harbour", "baltic board", "board baltic harbour", "harbour baltic", "ferry line", "\"second ferry\"",
                     "harbour boa", "bo", "harbour 1499", "ferry company harbour", "copenhagen malmo", "zzzz",
                     // Lists three and six times as sparse as the densest: their batches end far later.
                     "harbour board ferry", "board ferry line"] {
            let parsed = try SearchQuery(text) { _ in [:] }
            let frequencies = try parsed.matchedAlternativesByUnit.flatMap { $0 }.map { alternative in
                try connection.query("SELECT count(*) FROM search_entry WHERE document @@ $1::tsquery",
                                     [.text(SearchQuery.tsquery(alternative))])[0].get(0, as: Int.self)
            }
            let postings = PostgresSearchPostings(parsed, frequencies: frequencies, connection: connection)
            for weight in [nil, "A", "B"] as [String?] {
                for types in [nil, ["organisation"], ["project", "document"]] as [[String]?] {
                    let typeCondition = types.map { " AND type IN (" + $0.map { "'\($0)'" }.joined(separator: ", ") + ")" } ?? ""
                    for cap in [1, 7, 20, 150, 1_001, 5_000] {
                        let tsquery = parsed.tsquery(weight: weight)
                        let scanned = try connection.query(
                            "SELECT id FROM search_entry WHERE document @@ $1::tsquery\(typeCondition) ORDER BY id LIMIT $2",
                            [.text(tsquery), .integer(Int64(cap))]).rows.map { try $0.get(0, as: Int64.self) }
                        let walked = try postings.passages(matching: tsquery, types: types, weight: weight, upTo: cap)
                        #expect(walked.map(\.entry) == scanned, "\(text) \(weight ?? "-") \(types ?? []) \(cap)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 14 * 3 * 3 * 6)
    }
}
