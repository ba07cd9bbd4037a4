import Foundation
import JSONOutput
@testable import Registry
import Testing
import TestSupport

/// A list filtered by text keeps its text's matches for the next page read in the same data (``TextMatches``); once
/// the data has changed, ranked ones are read again, and those in the index's order are brought up to date from the
/// records written: either way a record written with the text is among them at once, and one deleted is not.
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

    /// The matches of `text` in the index's order, as a list sorted by a field reads them: in a snapshot, kept or
    /// brought up to date; `fresh`, read from the index outside one.
    private static func unordered(_ store: RegistryStore, _ text: String, fresh: Bool = false) throws -> RankedMatches {
        guard !fresh else { return try store.rankedMatches(of: .organisation, matching: text, ordered: false) }
        return try store.snapshot { try store.rankedMatches(of: .organisation, matching: text, ordered: false) }
    }

    /// The search entries of `matches`.
    private static func entries(_ matches: RankedMatches) -> [Int64] {
        guard case .searchEntries(let entries) = matches.order else { return [] }
        return entries
    }

    private static func write(_ store: RegistryStore, _ write: RecordWrite) throws -> String {
        try store.write(.organisation, write, author: "test", reason: nil).id
    }

    private static func object(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    @Test func matchesInTheIndexsOrderAreBroughtUpToDateAfterUpdatesAndReadAgainAfterOtherWrites() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        let first = try Self.write(store, .create(try Self.object(#"{"name": "Zyxland Kommune", "kind": "municipality", "country": "DK"}"#)))
        let second = try Self.write(store, .create(try Self.object(#"{"name": "Zyxland Havn", "kind": "company", "country": "DK"}"#)))
        let other = try Self.write(store, .create(try Self.object(#"{"name": "Quiet Harbour", "kind": "company", "country": "SE"}"#)))
        let entryOfFirst = { try store.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM search_entry WHERE type = 'organisation' AND record_id = ?", arguments: [first]) } }
        let firstEntry = try entryOfFirst()

        #expect(Self.entries(try Self.unordered(store, "zyxland")).count == 2)
        var updated = store.textMatches.updated

        // One match written out of the text, another record into it, a third written without touching it: the
        // kept matches are brought up to date, and are what the index gives.
        _ = try Self.write(store, .update(id: first, patch: try Self.object(#"{"name": "Plain Kommune"}"#)))
        _ = try Self.write(store, .update(id: other, patch: try Self.object(#"{"name": "Zyxland Harbour"}"#)))
        _ = try Self.write(store, .update(id: second, patch: try Self.object(#"{"country": "SE"}"#)))
        let afterUpdates = try Self.unordered(store, "zyxland")
        #expect(store.textMatches.updated == updated + 1)
        #expect(afterUpdates == (try Self.unordered(store, "zyxland", fresh: true)))
        #expect(Self.entries(afterUpdates).count == 2)
        #expect(try entryOfFirst() == firstEntry, "a record's entry keeps its rowid across its writes")
        // And kept as such for the next page.
        let given = store.textMatches.given
        #expect(try Self.unordered(store, "zyxland") == afterUpdates)
        #expect(store.textMatches.given == given + 1)

        // A deletion: the index is asked again.
        updated = store.textMatches.updated
        _ = try Self.write(store, .delete(id: other))
        #expect(try Self.unordered(store, "zyxland") == (try Self.unordered(store, "zyxland", fresh: true)))
        #expect(store.textMatches.updated == updated)
        // A creation: its new entry is tested, and put in.
        let created = try Self.write(store, .create(try Self.object(#"{"name": "Zyxland Tre", "kind": "company", "country": "NO"}"#)))
        let afterCreate = try Self.unordered(store, "zyxland")
        #expect(afterCreate == (try Self.unordered(store, "zyxland", fresh: true)))
        #expect(Self.entries(afterCreate).count == 2, "\(created) and the second")
        #expect(store.textMatches.updated == updated + 1)
        updated = store.textMatches.updated

        // A name written that the text now stands for: its other holders match too, which no written entry tells.
        _ = try Self.write(store, .create(try Self.object(#"{"name": "Norrmark Kontor Nord", "kind": "company", "country": "SE"}"#)))
        let named = try Self.write(store, .create(try Self.object(#"{"name": "Norrmark Kontor", "kind": "company", "country": "SE"}"#)))
        #expect(Self.entries(try Self.unordered(store, "qwertyvik")).isEmpty)
        _ = try Self.write(store, .update(id: named, patch: try Self.object(#"{"aliases": ["Qwertyvik"]}"#)))
        let expanded = try Self.unordered(store, "qwertyvik")
        #expect(expanded == (try Self.unordered(store, "qwertyvik", fresh: true)))
        #expect(Self.entries(expanded).count == 2)
        #expect(store.textMatches.updated == updated)

        // A match deleted and created again under its id, nothing read between: its entry is another one.
        #expect(Self.entries(try Self.unordered(store, "zyxland")).count == 2)
        updated = store.textMatches.updated
        _ = try Self.write(store, .delete(id: second))
        let again = try Self.write(store, .create(try Self.object(#"{"name": "Zyxland Havn", "kind": "company", "country": "DK"}"#)))
        #expect(again == second)
        #expect(try Self.unordered(store, "zyxland") == (try Self.unordered(store, "zyxland", fresh: true)))
        #expect(store.textMatches.updated == updated)
    }
}

