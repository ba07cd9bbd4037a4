import Foundation
import GRDB
import JSONOutput
import Testing
import TestSupport
@testable import Registry

/// Rankings hold each record's rank at its slot, and a list's matches are given their slots once for all the fields
/// of its order (``RecordSlots``): read once per kind and kept, held for every record, kept up to date by the writes
/// that named their records, and listed where the rowids are too far apart to be counted from the first.
@Suite struct RecordSlotsTests {
    /// Each entry gives its record's slot and each rowid its slot; a rowid just past the last adds a slot, one far
    /// from them is not held. Rowids far apart are listed, their slots counted among them.
    @Test func entriesAndRowidsGiveTheirSlots() throws {
        var slots = RecordSlots([(5, 50), (3, 30), (7, 70)], generation: 4)
        #expect([30, 50, 70, 40, 0].map { slots.slot(ofEntry: $0) } == [0, 2, 4, nil, nil])
        #expect([2, 3, 4, 7, 8].map { slots.slot(ofRowid: $0) } == [nil, 0, 1, 4, nil])
        #expect(slots.slot(ofRowid: .min) == nil && slots.slot(ofRowid: .max) == nil && slots.slotCount == 5)
        #expect(slots.set(90, forRowid: 9) && slots.slot(ofEntry: 90) == 6 && slots.slotCount == 7)
        #expect(slots.set(31, forRowid: 3) && slots.slot(ofEntry: 31) == 0)
        #expect(!slots.set(1, forRowid: 2) && !slots.set(1, forRowid: 1_000_000) && !slots.set(1, forRowid: .max))
        #expect(slots.slot(ofEntry: 1) == nil && slots.slots(ofEntries: [30, 50, 90]) == [0, 2, 6])

        for pairs: [(rowid: Int64, entry: Int64)] in [[(1_000_000, 20), (1, 10)], [(.max, 20), (.min, 10)]] {
            var listed = RecordSlots(pairs, generation: 0)
            #expect(listed.slots(ofEntries: [10, 20]) == [0, 1] && listed.slotCount == 2)
            #expect(listed.slot(ofRowid: pairs[1].rowid) == 0 && listed.slot(ofRowid: pairs[0].rowid) == 1 && listed.slot(ofRowid: 2) == nil)
            // A record created since comes after the others; a rowid between them is not held.
            let past = pairs[0].rowid == .max ? nil : pairs[0].rowid + 1
            if let past { #expect(listed.set(30, forRowid: past) && listed.slot(ofEntry: 30) == 2 && listed.slot(ofRowid: past) == 2) }
            #expect(!listed.set(40, forRowid: 2) && listed.slot(ofEntry: 40) == nil)
            #expect(listed.set(11, forRowid: pairs[1].rowid) && listed.slot(ofEntry: 11) == 0)
        }
        #expect(RecordSlots([], generation: 0).slot(ofRowid: 0) == nil)
    }

    /// Read from a registry, every record of a kind has the slot of its rowid at the entry SQLite joins it to; at
    /// start the kinds with enough records to be ranked have every sort field ranked in the background, and no
    /// others.
    @Test func theSlotsReadAreThoseSQLiteJoins() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let generation = store.selectionCounts.generation
        for kind in RecordKind.allCases {
            let count = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(kind.rawValue)") ?? 0 }
            let kept = store.sortRankings.slots(of: kind)
            let ranked = count >= RegistryStore.sortRankingMinimumMatches
            #expect((kept != nil) == ranked, "\(kind): \(count) records")
            for field in RecordQuery.sortFields(for: kind) {
                let ranking = try #require(RegistryStore.sortRankingField(field, of: kind))
                #expect(store.sortRankings.isMade(ranking, at: generation) == ranked, "\(kind) \(field)")
            }
            let slots = try kept ?? store.read { try RecordSlots.read(kind, generation: generation, $0) }
            #expect(slots.generation == generation)
            let joined = try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT t.rowid, e.id FROM \(kind.rawValue) AS t JOIN search_entry AS e ON e.type = ? AND e.record_id = t.id
                    """, arguments: [kind.rawValue])
            }
            #expect(!joined.isEmpty)
            for row in joined {
                let slot = try #require(slots.slot(ofRowid: row[0]), "\(kind)")
                #expect(slots.slot(ofEntry: row[1]) == Int32(slot), "\(kind)")
            }
        }
    }

    /// A commit of another process that names no records forgets every ranking; once the data has stayed
    /// unchanged for a while, a store that ranked every field at start ranks them all again, and the projects'
    /// countries are read again: the next sorted and filtered lists are placed and counted by them.
    @Test func everyFieldIsRankedAgainOnceTheDataStaysUnchanged() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let fields = try [RecordKind.organisation, .project].flatMap { kind in
            try RecordQuery.sortFields(for: kind).map { try #require(RegistryStore.sortRankingField($0, of: kind)) }
        }
        let before = store.selectionCounts.generation
        #expect(fields.allSatisfy { store.sortRankings.isMade($0, at: before) })

        store.watchOtherWriters(every: .milliseconds(20))
        try DatabaseQueue(path: directory.appendingPathComponent("registry.sqlite").path).write { db in
            try db.execute(sql: "UPDATE organisation SET name = 'Aaa ' || name WHERE id = (SELECT max(id) FROM organisation)")
        }
        let deadline = ContinuousClock.now + .seconds(60)
        var generation = before
        while ContinuousClock.now < deadline {
            generation = store.selectionCounts.generation
            if generation != before, fields.allSatisfy({ store.sortRankings.isMade($0, at: generation) }),
               store.sortRankings.recordSets(.projectCountries, generation: generation, changes: store.selectionCounts) != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(generation != before)
        #expect(fields.allSatisfy { store.sortRankings.isMade($0, at: generation) })
        #expect(store.sortRankings.recordSets(.projectCountries, generation: generation, changes: store.selectionCounts) != nil)

        let placedBefore = store.sortRankings.pagesPlaced
        let filteredBefore = store.countedMatches.countsFilteredByRankings
        var inDenmark = TextFilteredSortTests.query(.project, [(.euFunding, true)])
        inDenmark.country = "DK"
        let matches = try store.rankedMatches(of: .project, matching: "tourism", ordered: false)
        let ids = try store.searchIDs(of: .project, matching: "tourism")
        let (byEntries, byIDs) = TextFilteredSortTests.pages(inDenmark, matches: matches, ids: ids, offset: 0, limit: 10)
        _ = try TextFilteredSortTests.expectSameListing(byEntries, as: byIDs, store, "projects in Denmark by EU funding")
        #expect(store.sortRankings.pagesPlaced > placedBefore)
        #expect(store.countedMatches.countsFilteredByRankings > filteredBefore)
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
        let readAt = try #require(store.sortRankings.slots(of: .organisation)).generation
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        let renamed = try #require(try store.searchIDs(of: .organisation, matching: "kommune").last)
        let created = try store.write(.organisation, .create(try body(#"{"name": "Aac Kommune", "kind": "municipality"}"#)),
                                      author: "test", reason: nil)
        _ = try store.write(.organisation, .update(id: renamed, patch: try body(#"{"name": "Aab Kommune"}"#)), author: "test", reason: nil)
        #expect(TextFilteredSortTests.makeRankings(for: byName, store))
        let slots = try #require(store.sortRankings.slots(of: .organisation))
        #expect(slots.generation > readAt)
        let placing = try #require(store.sortRankings.rankings(RegistryStore.sortRankingColumns(of: byName),
                                                              generation: store.selectionCounts.generation,
                                                              changes: store.selectionCounts))
        #expect(placing.written.isEmpty)
        let (first, second) = try store.read { db in
            (try Int64.fetchOne(db, sql: "SELECT id FROM search_entry WHERE type = 'organisation' AND record_id = ?", arguments: [created.id]),
             try Int64.fetchOne(db, sql: "SELECT id FROM search_entry WHERE type = 'organisation' AND record_id = ?", arguments: [renamed]))
        }
        // Both now come before every other kommune, "Aab" first.
        let keys = try [#require(first), #require(second)].map { try #require(placing.keys(ofEntry: $0)) }
        #expect(keys[1].lexicographicallyPrecedes(keys[0]))
        let matches = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        let ids = try store.searchIDs(of: .organisation, matching: "kommune")
        let placedBefore = store.sortRankings.pagesPlaced
        let (byEntries, byIDs) = TextFilteredSortTests.pages(byName, matches: matches, ids: ids, offset: 0, limit: 10)
        let (_, page) = try TextFilteredSortTests.expectSameListing(byEntries, as: byIDs, store, "after the writes")
        #expect(page.records.prefix(2).map(\.id) == [renamed, created.id])
        #expect(store.sortRankings.pagesPlaced > placedBefore)
    }

    /// A kind whose rowids are too far apart to be counted from the first has them listed: its rankings place the
    /// same pages.
    @Test func rowidsFarApartAreListed() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try TextFilteredSortTests.syntheticStore(in: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE organisation SET rowid = 9223372036854775807 WHERE id = (SELECT max(id) FROM organisation)")
        }
        // A change of another process, seen when the store next looks at the file.
        let byName = TextFilteredSortTests.organisationsByNameFilteredByText
        #expect(TextFilteredSortTests.makeRankings(for: byName, store))
        let slots = try #require(store.sortRankings.slots(of: .organisation))
        #expect(slots.slot(ofRowid: .max) == slots.slotCount - 1)
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
