import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// Folding of text and queries.
@Suite struct SearchFoldingTests {
    @Test func foldsCaseDiacriticsAndNordicAndGermanLetters() {
        #expect(SearchFolding.fold("København") == "kobenhavn")
        #expect(SearchFolding.fold("MALMØ Malmö") == "malmo malmo")
        #expect(SearchFolding.fold("Sjælland Skåne") == "sjaelland skane")
        #expect(SearchFolding.fold("Dänemark Göttingen Jütland") == "danemark gottingen jutland")
        #expect(SearchFolding.fold("Straße") == "strasse")
        #expect(SearchFolding.fold("Gdańsk Łódź Plzeň Pécs Szekszárd Dél-Dunántúl") == "gdansk lodz plzen pecs szekszard del dunantul")
        #expect(SearchFolding.fold("Œuvre Þingvellir") == "oeuvre thingvellir")
        #expect(SearchFolding.fold("e\u{301}te\u{301}") == "ete")
    }

    @Test func transliteratesCyrillic() {
        #expect(SearchFolding.fold("Община Варна") == "obshchina varna")
        #expect(SearchFolding.fold("Варна") == "varna")
        #expect(SearchFolding.fold("България") == "balgariya")
    }

    @Test func cutsWordsAtPunctuationAndKeepsOtherScripts() {
        #expect(SearchFolding.words("Hamborg/Fehmern-arbejdet, 2011!") == ["hamborg", "fehmern", "arbejdet", "2011"])
        #expect(SearchFolding.words("  ") == [])
        #expect(SearchFolding.words("中国 广东") == ["中国", "广东"])
    }

    @Test func tokensPointIntoTheOriginalText() {
        let text = "Malmø-København"
        let tokens = SearchFolding.tokens(text)
        #expect(tokens.map { String(text[$0.range]) } == ["Malmø", "København"])
        #expect(tokens.map(\.folded) == ["malmo", "kobenhavn"])
    }

    @Test func readsUmlautSpellings() {
        #expect(SearchFolding.umlautVariant("malmoe") == "malmo")
        #expect(SearchFolding.umlautVariant("muenchen") == "munchen")
        #expect(SearchFolding.umlautVariant("varna") == nil)
    }

    @Test func quotesEveryWordOfTheExpression() throws {
        let query = try SearchQuery(#"a "b c" d*) OR NOT: ee"#) { _ in [:] }
        #expect(query.expression == #"("a") AND ("b c") AND ("d") AND ("or") AND ("not") AND ("ee"*)"#)
        #expect(throws: SearchError.noTerms) { try SearchQuery(#" "" * () "#) { _ in [:] } }
        #expect(throws: SearchError.self) { try SearchQuery(String(repeating: "word ", count: 40)) { _ in [:] } }
    }
}

/// The search index over the real seeds in a temporary SQLite file.
@Suite(.serialized) struct SearchIndexTests {
    /// One loaded store shared by the read-only tests of this suite.
    static let loaded: Result<(store: RegistryStore, directory: URL), any Error> = Result {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        return (store, directory)
    }

    static func store() throws -> RegistryStore { try loaded.get().store }

    /// The hits' `type/id`.
    static func keys(_ query: String, types: [SearchType]? = nil) throws -> [String] {
        try store().search(query, types: types, limit: 100).hits.map { "\($0.type.rawValue)/\($0.id)" }
    }

    /// The snippets of the document hits.
    static func documentSnippets(_ query: String) throws -> [String] {
        try store().search(query, types: [.document], limit: 100).hits.map(\.snippet)
    }

    @Test func hamburgFindsWhatTheDocumentsCallHamborg() throws {
        let snippets = try SearchIndexTests.documentSnippets("Hamburg")
        #expect(snippets.contains { $0.contains("<mark>Hamborg</mark>") })
        #expect(try SearchIndexTests.keys("Hamburg").contains("document/syddanmark-danish-german-cooperation"))
        #expect(try SearchIndexTests.keys("Hamburg").contains("organisation/hamburg"))
    }

    @Test func copenhagenAndKopenhagenFindKobenhavn() throws {
        for query in ["Copenhagen", "Kopenhagen", "copenhagen", "KØBENHAVN"] {
            let snippets = try SearchIndexTests.documentSnippets(query)
            #expect(snippets.contains { $0.contains("<mark>København</mark>") }, "\(query)")
            #expect(try SearchIndexTests.keys(query).contains("document/copenhagen-malmo-one-city"), "\(query)")
            #expect(try SearchIndexTests.keys(query).contains("organisation/kobenhavns-kommune"), "\(query)")
        }
    }

    @Test func malmoFindsMalmoWithStrokeAndUmlaut() throws {
        for query in ["Malmo", "malmoe", "Malmø", "Malmö"] {
            let snippets = try SearchIndexTests.store().search(query, limit: 100).hits.map(\.snippet)
            #expect(snippets.contains { $0.contains("<mark>Malmø</mark>") }, "\(query)")
            #expect(snippets.contains { $0.contains("<mark>Malmö</mark>") }, "\(query)")
        }
    }

    @Test func gdanskFindsGdansk() throws {
        let snippets = try SearchIndexTests.documentSnippets("Gdansk")
        #expect(snippets.contains { $0.contains("<mark>Gdańska</mark>") || $0.contains("<mark>Gdansk</mark>") })
        #expect(try SearchIndexTests.keys("Gdańsk").contains("document/cityregio-ii"))
    }

    @Test func varnaFindsObshchinaVarna() throws {
        let hits = try SearchIndexTests.store().search("Varna", limit: 100).hits
        #expect(hits.contains { $0.type == .organisation && $0.id == "obshtina-varna" })
        #expect(hits.contains { $0.type == .organisation && $0.snippet.contains("Община Варна</mark>") })
        #expect(hits.contains { $0.type == .document && $0.id == "cityregio-ii" })
        #expect(try SearchIndexTests.keys("obshchina varna").contains("organisation/obshtina-varna"))
        #expect(try SearchIndexTests.keys("Obshtina Varna").contains("organisation/obshtina-varna"))
        #expect(try SearchIndexTests.keys("Варна").contains("document/cityregio-ii"))
    }

    @Test func fehmarnFindsFehmernAndFemern() throws {
        let snippets = try SearchIndexTests.store().search("Fehmarn", limit: 100).hits.map(\.snippet)
        #expect(snippets.contains { $0.contains("<mark>Fehmern</mark>") })
        #expect(snippets.contains { $0.contains("<mark>Femern</mark>") })
        #expect(try SearchIndexTests.keys("Fehmarn").contains("project/fehmarn-belt-fixed-link"))
    }

    @Test func wordsMustAllOccurAndTheLastIsAPrefix() throws {
        #expect(try SearchIndexTests.keys("Hamborg Malmø", types: [.document]) == ["document/copenhagen-international-cooperation"])
        #expect(try SearchIndexTests.keys("Øresundsregi").contains("region/copenhagen-malmo-region"))
        #expect(try SearchIndexTests.keys("Øresundsregi ").isEmpty)
        #expect(try SearchIndexTests.keys("Hamburg zzzzunknown").isEmpty)
    }

    @Test func phrasesMatchConsecutiveWords() throws {
        let hits = try SearchIndexTests.store().search(#""København og Malmø""#, types: [.document]).hits
        #expect(hits.map(\.id) == ["copenhagen-malmo-one-city"])
        #expect(hits.first?.snippet.contains("<mark>København og Malmø</mark>") == true)
        #expect(try SearchIndexTests.keys(#""Malmø og København""#).isEmpty)
    }

    @Test func hitsAreRankedPagedAndFilteredByType() throws {
        let store = try SearchIndexTests.store()
        let all = try store.search("København", limit: 100)
        #expect(all.total == all.hits.count)
        #expect(all.total > 3)
        #expect(zip(all.hits, all.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        let first = try store.search("København", limit: 2, offset: 0)
        let second = try store.search("København", limit: 2, offset: 2)
        #expect(first.total == all.total && second.total == all.total)
        #expect((first.hits + second.hits).map(\.id) == all.hits.prefix(4).map(\.id))
        #expect(try store.search("København", limit: 10, offset: 1000).total == all.total)
        let organisations = try store.search("København", types: [.organisation, .region], limit: 100)
        #expect(organisations.hits.allSatisfy { $0.type == .organisation || $0.type == .region })
        #expect(try store.search("København", types: [], limit: 100).total == 0)
    }

    @Test func namesFollowTheLanguage() throws {
        let store = try SearchIndexTests.store()
        let german = try store.search("Kobenhavns Kommune", types: [.organisation], language: "de").hits
        #expect(german.first { $0.id == "kobenhavns-kommune" }?.name == "Stadt Kopenhagen")
        let english = try store.search("Kobenhavns Kommune", types: [.organisation], language: "en").hits
        #expect(english.first { $0.id == "kobenhavns-kommune" }?.name == "City of Copenhagen")
    }

    @Test func searchIDsRanksOneKind() throws {
        let ids = try SearchIndexTests.store().searchIDs(of: .organisation, matching: "Copenhagen")
        #expect(ids.first == "kobenhavns-kommune")
        #expect(try SearchIndexTests.store().searchIDs(of: .project, matching: "Femern").contains("fehmarn-belt-fixed-link"))
    }

    @Test func syntaxCharactersNeverThrowAnFTSError() throws {
        let store = try SearchIndexTests.store()
        let inputs = [
            #"""#, #""""#, #"Hamburg""#, "(", ")", "*", "Ham*", "NEAR(a b)", "a OR", "AND", "NOT Hamburg", "^Hamburg",
            "col:Hamburg", "name:x", "{a b}", "+-", "a - b", "'", "a'b", "\\", "%", "_", "\u{0}", "København\"*)(",
            String(repeating: "(", count: 500), "😀 Hamburg", "\"unterminated Hamburg",
        ]
        for input in inputs {
            do {
                _ = try store.search(input)
                _ = try store.searchIDs(of: .project, matching: input)
            } catch is SearchError {
                // A query without words is refused by the parser, never by SQLite.
            }
        }
        #expect(throws: SearchError.noTerms) { try store.search("()*:^") }
    }

    @Test func snippetsAreEscapedAndMarked() throws {
        let hit = try #require(try SearchIndexTests.store().search("Hamborg", types: [.document]).hits.first)
        #expect(hit.snippet.contains("<mark>"))
        #expect(!hit.snippet.contains("\n"))
        let query = try SearchQuery("a") { _ in [:] }
        #expect(SearchSnippet.make("x < a & b", pattern: SearchSnippet.Pattern(query)) == "x &lt; <mark>a</mark> &amp; b")
    }

    @Test func saveAndDeleteKeepTheIndexCurrentAndReloadsKeepIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        let organisation = Organisation(id: "aarhus-kommune", name: "Aarhus Kommune", names: ["de": "Stadt Aarhus"],
                                        aliases: ["Århus"], kind: .municipality, country: "DK")
        try store.save(organisation)
        #expect(try store.searchIDs(of: .organisation, matching: "Arhus") == ["aarhus-kommune"])
        #expect(try store.searchIDs(of: .organisation, matching: "Stadt Aarhus") == ["aarhus-kommune"])
        var renamed = organisation
        renamed.aliases = ["Aros"]
        try store.save(renamed)
        #expect(try store.searchIDs(of: .organisation, matching: "Arhus").isEmpty)
        #expect(try store.searchIDs(of: .organisation, matching: "Aros") == ["aarhus-kommune"])
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(try store.searchIDs(of: .organisation, matching: "Aros") == ["aarhus-kommune"])
        try store.delete(.organisation, id: "aarhus-kommune")
        #expect(try store.searchIDs(of: .organisation, matching: "Aros").isEmpty)
        #expect(try store.search("Hamburg").total > 0)
    }

    /// A record's write reads only the gazetteer places it names, and indexes their names as a rebuild from the
    /// whole gazetteer does: the same entry rows either way.
    @Test func aWriteIndexesThePlacesItNamesAsARebuildDoes() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        try store.save(Organisation(id: "tolna-agency", name: "Tolna Agency", kind: .agency, country: "HU", place: "szekszard"))
        try store.save(Region(id: "north-saxony", name: "North Saxony", kind: .administrativeRegion, places: ["delitzsch", "muldentalkreis", "atlantis"]))
        #expect(try store.searchIDs(of: .organisation, matching: "Szekszard").contains("tolna-agency"))
        #expect(try store.searchIDs(of: .region, matching: "Muldentalkreis") == ["north-saxony"])
        let entries = "SELECT type, record_id, label, labels, name_text, body_text FROM search_entry ORDER BY type, record_id, body_text"
        let written = try store.database.read { db in try Row.fetchAll(db, sql: entries) }
        try store.database.write { db in try SearchIndex.rebuild(db) }
        let rebuilt = try store.database.read { db in try Row.fetchAll(db, sql: entries) }
        #expect(written == rebuilt)
        #expect(written.contains { $0["record_id"] == "north-saxony" && ($0["body_text"] as String).contains("Delitzsch") })
    }

    @Test func aDatabaseLoadedBeforeTheIndexExistedIsIndexedAtTheNextLoad() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        try store.database.write { db in try db.execute(sql: "DELETE FROM search_entry") }
        #expect(try store.search("Hamburg").total == 0)
        let report = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(!report.changed)
        #expect(try store.search("Hamburg").total > 0)
    }
}
