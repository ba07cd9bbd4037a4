import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// Seed loads into a real SQLite file: counts, idempotence, updates, API records, and broken seeds.
@Suite struct SeedLoadTests {
    /// Every row of every table, for comparing the database before and after.
    static func snapshot(_ store: RegistryStore) throws -> [String] {
        try store.database.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            return try tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table): \($0.description)" }.sorted()
            }
        }
    }

    static func freshStore(_ directory: URL) throws -> RegistryStore {
        try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path, migrationsDirectory: Fixtures.migrations)
    }

    @Test func loadsEveryKindWithFindingsAndIsIdempotent() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SeedLoadTests.freshStore(directory)
        let first = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(first.changed)
        #expect(first.updated == 0)
        let counts = try store.counts()
        #expect(counts[.project] == 3)
        #expect(counts[.partnership] == 13)
        #expect(counts[.person] == 4)
        #expect(counts[.region] == 10)
        #expect(counts[.programme] == 3)
        #expect(try store.documents(includingText: false).count == 5)
        #expect(try store.findings(recordID: "cityregio-ii").contains { $0.check == .partnerCount && $0.severity == .warning })

        let before = try SeedLoadTests.snapshot(store)
        let second = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(!second.changed)
        #expect(second.inserted == 0 && second.updated == 0 && second.deleted == 0)
        #expect(try SeedLoadTests.snapshot(store) == before)
    }

    @Test func readsBackRecordsWithEvidenceAndLinks() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SeedLoadTests.freshStore(directory)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        let letter = try #require(try store.record(Partnership.self, id: "hamburg-copenhagen-letter-of-intent-2011"))
        #expect(letter.signed == ISODate(year: 2011, month: 6))
        #expect(letter.themes.contains("life-sciences"))
        #expect(letter.origin == .seed)
        let oneCity = try #require(try store.record(Partnership.self, id: "copenhagen-malmo-one-city"))
        #expect(oneCity.governance.map(\.meets) == [Frequency(count: 1, per: "year", atLeast: false), Frequency(count: 2, per: "year", atLeast: true)])
        #expect(oneCity.governance.last?.alternatingVenue == true)
        let region = try #require(try store.record(Region.self, id: "copenhagen-malmo-region"))
        #expect(region.population.contains { $0.count == 4_100_000 && $0.year == 2025 && $0.isForecast })
        let syddanmark = try store.partnerships(withParty: "region-syddanmark")
        #expect(syddanmark.count == 7)
        #expect(try store.projects(withPartner: "obshtina-varna").map(\.id) == ["cityregio-ii"])
        #expect(try store.people(withRoleIn: "initiativkreis-europaische-metropolregionen").count == 4)
        #expect(try store.recordIDs(of: .partnership, withTheme: "sustainable-energy") == ["syddanmark-guangdong-cooperation-agreement"])
        let budget = try store.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT total_budget_cents FROM project WHERE id = 'cityregio-ii'")
        }
        #expect(budget == 160_374_700)
        let evidence = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence") }
        #expect((evidence ?? 0) > 150)
    }

    @Test func aChangedSeedUpdatesItsRecordAndLeavesAPIRecordsAlone() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeds = try Fixtures.copy(Fixtures.seeds, into: directory)
        let store = try SeedLoadTests.freshStore(directory)
        try SeedLoader(seedsDirectory: seeds).load(into: store)

        let mine = Theme(id: "maritime", labels: ["en": "Maritime", "da": "Maritim", "de": "Maritim"],
                         evidence: [Evidence(field: nil, document: "syddanmark-danish-german-cooperation", quote: "Nordsø-kommissionen", start: 0, end: 0)])
        let saved = try store.save(mine)
        #expect(saved.origin == .api)
        #expect(saved.evidence.first?.start ?? 0 > 0)
        #expect(throws: RegistryError.self) { try store.save(Theme(id: "food", labels: ["en": "x", "da": "x", "de": "x"])) }

        let file = seeds.appendingPathComponent("records/copenhagen-international-cooperation.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"Clean tech\"", with: "\"Clean technology\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let report = try SeedLoader(seedsDirectory: seeds).load(into: store)
        #expect(report.updated == 1)
        #expect(try store.record(Theme.self, id: "clean-tech")?.labels["en"] == "Clean technology")
        #expect(try store.record(Theme.self, id: "maritime") == saved)
    }

    @Test func aSeedRecordWithAnAPIRecordsIdLeavesTheAPIRecord() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SeedLoadTests.freshStore(directory)
        let api = try store.save(Theme(id: "tourism", labels: ["en": "Travel", "da": "Rejser", "de": "Reisen"]))
        let report = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(report.keptAPIRecords == ["theme/tourism"])
        #expect(try store.record(Theme.self, id: "tourism") == api)
    }

    /// One way to break a seed file: the file, the text to replace, its replacement, and what the
    /// error must say.
    struct Breakage: Sendable, CustomStringConvertible {
        var file: String
        var original: String
        var replacement: String
        var expected: String
        var line: Int?
        var description: String { expected }
    }

    static let breakages: [Breakage] = [
        Breakage(file: "records/copenhagen-malmo-one-city.json", original: "mødes en gang om året.", replacement: "mødes to gange om året.",
                 expected: "does not occur verbatim", line: 40),
        Breakage(file: "records/syddanmark-danish-german-cooperation.json", original: "\"organisation\": \"schleswig-holstein\"",
                 replacement: "\"organisation\": \"slesvig-holsten\"", expected: "unknown organisation 'slesvig-holsten'", line: 94),
        Breakage(file: "records/metropolregion-hannover-ikm.json", original: "\"id\": \"ralph-schlusche\"",
                 replacement: "\"id\": \"jakob-richter\"", expected: "duplicate person id 'jakob-richter'", line: 84),
        Breakage(file: "records/copenhagen-international-cooperation.json", original: "\"signed\": \"2011-06\"",
                 replacement: "\"signed\": \"juni 2011\"", expected: "is not an ISO 8601 date", line: 90),
        Breakage(file: "records/copenhagen-international-cooperation.json", original: "\"count\": 3800000,",
                 replacement: "\"count\": -3800000,", expected: "a population is a positive count", line: 66),
        Breakage(file: "records/cityregio-ii.json", original: "\"id\": \"stadt-leipzig\"",
                 replacement: "\"id\": \"Stadt Leipzig\"", expected: "is not a slug", line: 17),
        Breakage(file: "records/syddanmark-danish-german-cooperation.json", original: "\"kind\": \"commission\",",
                 replacement: "\"kind\": \"commission\"", expected: "invalid JSON", line: 126),
        Breakage(file: "gazetteer.json", original: "\"country\": \"BG\", \"nuts\": \"BG331\"",
                 replacement: "\"country\": \"Bulgaria\", \"nuts\": \"BG331\"", expected: "not an ISO 3166-1 alpha-2 code", line: 42),
        Breakage(file: "documents/cityregio-ii.de.txt", original: "Förderquote: 75", replacement: "Förderquote: 80",
                 expected: "has changed", line: 8),
    ]

    @Test(arguments: breakages)
    func aBrokenSeedLeavesTheDatabaseUnchanged(_ breakage: Breakage) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeds = try Fixtures.copy(Fixtures.seeds, into: directory)
        let store = try SeedLoadTests.freshStore(directory)
        try SeedLoader(seedsDirectory: seeds).load(into: store)
        let before = try SeedLoadTests.snapshot(store)

        let file = seeds.appendingPathComponent(breakage.file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(breakage.original))
        try text.replacingOccurrences(of: breakage.original, with: breakage.replacement).write(to: file, atomically: true, encoding: .utf8)

        do {
            try SeedLoader(seedsDirectory: seeds).load(into: store)
            Issue.record("the broken seed was accepted")
        } catch let error as SeedError {
            let problem = try #require(error.problems.first { $0.message.contains(breakage.expected) }, "\(error)")
            #expect(problem.file.hasPrefix("seeds/"))
            if let line = breakage.line { #expect(problem.line == line, "\(problem)") }
        }
        #expect(try SeedLoadTests.snapshot(store) == before)
    }

    @Test func aWriteFailureRollsBackTheWholeLoad() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SeedLoadTests.freshStore(directory)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        // An API record that refers to a seed record the next seeds no longer contain.
        try store.save(Partnership(id: "api-partnership", name: "API", kind: .network,
                                   parties: [Party(organisation: "guangdong-province", role: "member")]))
        let before = try SeedLoadTests.snapshot(store)
        let seeds = try Fixtures.copy(Fixtures.seeds, into: directory)
        let file = seeds.appendingPathComponent("records/syddanmark-danish-german-cooperation.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"guangdong-province\"", with: "\"guangdong\"")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: RegistryError.self) { try SeedLoader(seedsDirectory: seeds).load(into: store) }
        #expect(try SeedLoadTests.snapshot(store) == before)
    }

    @Test func inMemoryStoresWork() throws {
        let store = try RegistryStore.open(path: ":memory:", migrationsDirectory: Fixtures.migrations)
        let report = try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        #expect(report.counts["projects"] == 3)
        #expect(try store.record(Person.self, id: "tanja-blatter")?.contact?.email == "tanja.blaetter@metropolregion.hamburg.de")
    }
}
