import Foundation
import GRDB
import JSONOutput
import Testing
import TestSupport
@testable import Registry

/// Rankings are made from the rowids a sort's index holds in order and each record's search-index entry, read
/// once per kind and kept (``RecordEntries``): held for every record, kept up to date by the writes that named
/// their records, and left aside, the ranking then made by joining each record to its entry, where the rowids are
/// too far apart.
@Suite struct RecordEntriesTests {
    /// Each rowid gives its entry; a rowid just past the last grows the slots, one far from them is not held.
    @Test func rowidsGiveTheirEntries() throws {
        var entries = try #require(RecordEntries([(5, 50), (3, 30), (7, 70)], generation: 4))
        #expect([2, 3, 4, 5, 6, 7, 8].map { entries.entry(ofRowid: $0) } == [nil, 30, nil, 50, nil, 70, nil])
        #expect(entries.entry(ofRowid: .min) == nil && entries.entry(ofRowid: .max) == nil)
        #expect(entries.set(90, forRowid: 9) && entries.entry(ofRowid: 9) == 90)
        #expect(entries.set(31, forRowid: 3) && entries.entry(ofRowid: 3) == 31)
        #expect(!entries.set(1, forRowid: 2) && !entries.set(1, forRowid: 1_000_000) && !entries.set(1, forRowid: .max))
        #expect(entries.entry(ofRowid: 1_000_000) == nil)
        // Rowids too far apart for a slot each are not held.
        #expect(RecordEntries([(1, 10), (1_000_000, 20)], generation: 0) == nil)
        #expect(RecordEntries([(.min, 10), (.max, 20)], generation: 0) == nil)
        #expect(RecordEntries([], generation: 0)?.entry(ofRowid: 0) == nil)
    }

    /// Read from a registry, every record of a kind gives the entry SQLite joins it to; at start the entries of
    /// the kinds with enough records to be ranked are read in the background, and no others.
    @Test func theEntriesReadAreThoseSQLiteJoins() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        store.prepareRecordEntries()
        store.sortRankings.waitUntilMade()
        let generation = store.selectionCounts.generation
        for kind in RecordKind.allCases {
            let count = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(kind.rawValue)") ?? 0 }
            let kept = store.sortRankings.recordEntries(of: kind)
            #expect((kept != nil) == (count >= RegistryStore.sortRankingMinimumMatches), "\(kind): \(count) records")
            let entries = try #require(try kept ?? store.read { try RecordEntries.read(kind, generation: generation, $0) })
            #expect(entries.generation == generation)
            let joined = try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT t.rowid, e.id FROM \(kind.rawValue) AS t JOIN search_entry AS e ON e.type = ? AND e.record_id = t.id
                    """, arguments: [kind.rawValue])
            }
            #expect(!joined.isEmpty)
            for row in joined { #expect(entries.entry(ofRowid: row[0]) == row[1] as Int64, "\(kind)") }
        }
    }

    /// Organisations created and renamed (their entries written again) after the entries were read: the rankings
    /// made after them place the new entries where the records now come, and the lists they place are those of
    /// the matches given by their ids.
    @Test func writesAfterTheEntriesWereReadAreApplied() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        let byName = TextFilteredSortTests.organisationsByNameFilteredByText
        #expect(TextFilteredSortTests.makeRankings(for: byName, store))
        let readAt = try #require(store.sortRankings.recordEntries(of: .organisation)).generation
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        let renamed = try #require(try store.searchIDs(of: .organisation, matching: "kommune").last)
        let created = try store.write(.organisation, .create(try body(#"{"name": "Aac Kommune", "kind": "municipality"}"#)),
                                      author: "test", reason: nil)
        _ = try store.write(.organisation, .update(id: renamed, patch: try body(#"{"name": "Aab Kommune"}"#)), author: "test", reason: nil)
        #expect(TextFilteredSortTests.makeRankings(for: byName, store))
        let entries = try #require(store.sortRankings.recordEntries(of: .organisation))
        #expect(entries.generation > readAt)
        let placing = try #require(store.sortRankings.rankings(RegistryStore.sortRankingKeys(of: byName),
                                                              generation: store.selectionCounts.generation,
                                                              changes: store.selectionCounts))
        #expect(placing.written.isEmpty)
        let (first, second) = try store.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM search_entry WHERE type = 'organisation' AND record_id = ?", arguments: [created.id]),
             try Int64.fetchOne(db, sql: "SELECT id FROM search_entry WHERE type = 'organisation' AND record_id = ?", arguments: [renamed]))
        }
        let ranking = try #require(placing.rankings.first)
        // Both now come before every other kommune, "Aab" first.
        let places = try [#require(first), #require(second)].map { try #require(ranking.place(of: $0)) }
        #expect(places[1] < places[0])
        let matches = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        let ids = try store.searchIDs(of: .organisation, matching: "kommune")
        let placedBefore = store.sortRankings.pagesPlaced
        let (byEntries, byIDs) = TextFilteredSortTests.pages(byName, matches: matches, ids: ids, offset: 0, limit: 10)
        let (_, page) = try TextFilteredSortTests.expectSameListing(byEntries, as: byIDs, store, "after the writes")
        #expect(page.records.prefix(2).map(\.id) == [renamed, created.id])
        #expect(store.sortRankings.pagesPlaced > placedBefore)
    }

    /// A kind whose rowids are too far apart for its entries to be held has its rankings made by joining each
    /// record to its entry: they place the same pages.
    @Test func rowidsFarApartHaveTheRankingsMadeByJoining() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE organisation SET rowid = 9223372036854775807 WHERE id = (SELECT max(id) FROM organisation)")
        }
        // A change of another process, seen when the store next looks at the file.
        #expect(try store.read { try RecordEntries.read(.organisation, generation: 0, $0) } == nil)
        let byName = TextFilteredSortTests.organisationsByNameFilteredByText
        #expect(TextFilteredSortTests.makeRankings(for: byName, store))
        #expect(store.sortRankings.recordEntries(of: .organisation) == nil)
        let matches = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        let ids = try store.searchIDs(of: .organisation, matching: "kommune")
        let placedBefore = store.sortRankings.pagesPlaced
        for (offset, limit) in [(0, 10), (5, 25)] {
            let (byEntries, byIDs) = TextFilteredSortTests.pages(byName, matches: matches, ids: ids, offset: offset, limit: limit)
            _ = try TextFilteredSortTests.expectSameListing(byEntries, as: byIDs, store, "offset=\(offset)")
        }
        #expect(store.sortRankings.pagesPlaced > placedBefore)
    }
}
