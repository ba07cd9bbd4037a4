import Foundation
import GRDB
import JSONOutput
import Testing
import TestSupport
@testable import Registry

/// A text filter of a list finds its kind's matches without the kind's `type` term where the kind's slots tell its
/// entries (``KindEntries``): the same matches, in the same order, as the index finds with the term, before and
/// after writes of records of the kind and of another kind that match the text, and after a deletion, which has
/// the index tell the kind again.
@Suite struct KindEntriesTests {
    /// The seeds, and 300 organisations and 300 projects that all name the harbour, written in turn so that the
    /// two kinds' entries alternate in the index; every third of each names a ferry too.
    static func store(in directory: URL) throws -> RegistryStore {
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        var records: [any RegistryRecord] = []
        for number in 0..<300 {
            let ferry = number % 3 == 0 ? " and runs a ferry" : ""
            records.append(Organisation(id: String(format: "harbour-board-%03d", number), name: "Harbour Board \(number)",
                                        kind: .association, description: "A harbour board\(ferry)."))
            records.append(Project(id: String(format: "harbour-project-%03d", number), title: "Harbour Project \(number)",
                                   description: "A project of the harbour\(ferry)."))
        }
        _ = try store.importRecords(records)
        return store
    }

    /// The records of `kind` matching `text` as the index finds them with the kind's `type` term: by
    /// SQLite's `ORDER BY rank, entry` over the scored window when `ordered`, else in the index's order.
    static func expected(_ kind: RecordKind, _ text: String, ordered: Bool, _ store: RegistryStore) throws -> [Int64] {
        try store.read { db in
            let parsed = try SearchQuery(text) { _ in [:] }.withoutPrefix
            let match = "{name body} : (\(parsed.expression)) AND type : (\"\(kind.rawValue)\")"
            guard ordered else {
                return try Int64.fetchAll(db, sql: "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid", arguments: [match])
            }
            let frequencies = try store.searchStatistics.passagesHolding(parsed.phrases, db)
            return try Int64.fetchAll(db, sql: """
                SELECT entry FROM (
                    SELECT rowid AS entry, \(SearchRank.functionName)(search, ?, ?) AS rank FROM search WHERE search MATCH ?)
                ORDER BY rank, entry
                """, arguments: [SearchRank.frequenciesArgument(frequencies), RegistryStore.rankingWindow, match])
        }
    }

    /// The entries of the store's matches of `text` among the records of `kind`, found in a snapshot as a list's are.
    static func matched(_ kind: RecordKind, _ text: String, ordered: Bool, _ store: RegistryStore) throws -> [Int64] {
        let matches = try store.snapshot { try store.rankedMatches(of: kind, matching: text, ordered: ordered) }
        guard case .searchEntries(let entries) = matches.order else { return [] }
        return entries
    }

    /// Whether the store tells the entries of `kind` in memory now.
    static func toldInMemory(_ kind: RecordKind, _ store: RegistryStore) throws -> Bool {
        try store.snapshot {
            try store.read { db in
                let generation = try #require(store.snapshotCountGeneration)
                return try store.kindEntries(kind, generation: generation, db) != nil
            }
        }
    }

    @Test func aTextsMatchesAreThoseTheKindsTypeTermFinds() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.store(in: directory)
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func expectSameMatches(_ step: String) throws {
            for kind in [RecordKind.organisation, .project] {
                // More than the ranking window of each kind, and the two kinds' matches alternating.
                for text in ["harbour", "ferry", "harbour ferry"] {
                    for ordered in [true, false] {
                        let expected = try Self.expected(kind, text, ordered: ordered, store)
                        #expect(!expected.isEmpty)
                        #expect(try Self.matched(kind, text, ordered: ordered, store) == expected,
                                "\(step): \(kind) \(text), ordered \(ordered)")
                    }
                }
            }
        }
        try expectSameMatches("without slots")
        #expect(try !Self.toldInMemory(.project, store))

        for kind in [RecordKind.organisation, .project] {
            #expect(TextFilteredSortTests.makeRankings(for: TextFilteredSortTests.query(kind, [(.name, false)]), store))
        }
        #expect(try Self.toldInMemory(.organisation, store) && Self.toldInMemory(.project, store))
        try expectSameMatches("with slots")

        // Written since the slots were read: a project and an organisation created that match, one of each that
        // matches no longer, and a seed project that matches now.
        _ = try store.write(.project, .create(body(#"{"id": "new-harbour-project", "title": "New Harbour Project", "kind": "fundedProject"}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.organisation, .create(body(#"{"id": "new-harbour-board", "name": "New Harbour Board", "kind": "association"}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.project, .update(id: "harbour-project-003", patch: body(#"{"title": "Project 3", "description": "A project."}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.organisation, .update(id: "harbour-board-006", patch: body(#"{"name": "Board 6", "description": "A board."}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.project, .update(id: "cityregio-ii", patch: body(#"{"title": "CITYREGIO II, a harbour ferry"}"#)),
                            author: "test", reason: nil)
        #expect(try Self.toldInMemory(.organisation, store) && Self.toldInMemory(.project, store))
        try expectSameMatches("after writes")

        // More writes: the history is read on from where the lists before read it.
        _ = try store.write(.project, .create(body(#"{"id": "later-harbour-project", "title": "Later Harbour Ferry", "kind": "fundedProject"}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.project, .update(id: "new-harbour-project", patch: body(#"{"title": "New Project"}"#)),
                            author: "test", reason: nil)
        #expect(try Self.toldInMemory(.project, store))
        try expectSameMatches("after more writes")

        // A deletion since: an entry the slots hold may now be another's, so the index tells the kind again.
        _ = try store.write(.project, .delete(id: "harbour-project-009"), author: "test", reason: nil)
        #expect(try !Self.toldInMemory(.project, store))
        try expectSameMatches("after a deletion")
    }
}
