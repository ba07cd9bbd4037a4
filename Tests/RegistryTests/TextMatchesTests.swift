import Foundation
import JSONOutput
@testable import Registry
import Testing
import TestSupport

/// A list filtered by text keeps its text's matches for the next page read in the same data (``TextMatches``), and
/// reads them again once the data has changed: a record written with the text is among them at once, and one
/// deleted is not.
@Suite struct TextMatchesTests {
    /// A page of the organisations matching `text`, best first, read as the API reads it: the matches and the page
    /// in one snapshot.
    private static func page(_ store: RegistryStore, _ text: String, offset: Int) throws -> ServedPage {
        try store.snapshot {
            var query = RecordQuery(kind: .organisation)
            query.rankedMatches = try store.rankedMatches(of: .organisation, matching: text, ordered: true)
            query.offset = offset
            query.limit = 2
            return try store.servedList(query, language: "en", personal: false)
        }
    }

    /// Every organisation matching `text`, page after page.
    private static func walk(_ store: RegistryStore, _ text: String) throws -> [String] {
        var ids: [String] = []
        while true {
            let page = try page(store, text, offset: ids.count)
            ids += page.records.map(\.id)
            guard !page.records.isEmpty, ids.count < page.total else { return ids }
        }
    }

    @Test func aTextsMatchesAreKeptForTheSameDataAndReadAgainAfterAChange() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)

        let before = try Self.walk(store, "region")
        #expect(before.count >= 4, "\(before)")
        let given = store.textMatches.given
        #expect(given >= before.count / 2 - 1, "every page after the first had the matches kept")
        #expect(try Self.walk(store, "region") == before)
        #expect(store.textMatches.given > given)

        // A record with the text, written: the next page's matches are read again, and hold it.
        let created = try store.write(.organisation, .create(try JSONValue(parsing: Array(#"""
            {"name": "Region Testland", "kind": "regionalAuthority", "country": "DK"}
            """#.utf8))), author: "test", reason: nil).id
        let afterCreate = try Self.walk(store, "region")
        #expect(Set(afterCreate) == Set(before + [created]), "\(afterCreate)")

        // And deleted: gone from them at once.
        _ = try store.write(.organisation, .delete(id: created), author: "test", reason: nil)
        #expect(try Self.walk(store, "region") == before)
        // Outside a snapshot the matches are read, never kept or given.
        let outside = store.textMatches.given
        _ = try store.rankedMatches(of: .organisation, matching: "region", ordered: true)
        #expect(store.textMatches.given == outside)
    }
}
