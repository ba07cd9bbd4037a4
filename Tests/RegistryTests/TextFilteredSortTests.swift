import Foundation
import Synchronization
import GRDB
import JSONOutput
import RegistrySynthesis
import Testing
import TestSupport
@testable import Registry

/// A list filtered by text and sorted, where the matches are many, is read by walking the table in the sort's
/// index and keeping the matches; where they are few, by collecting the matches and sorting them. Both ways give
/// the same pages, totals and walks as the same matches given by their ids (which are always collected), whether
/// the matches come ranked or, as a sorted list asks for them, unranked.
@Suite struct TextFilteredSortTests {
    @Test func walkingTheSortsIndexListsAsCollectingTheMatches() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        // Read from SQLite alone: a ranking made meanwhile would place the matches instead.
        store.sortRankings.stopMaking()

        var probed = 0
        for kind in [RecordKind.project, .organisation] {
            let records = try store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(kind.rawValue)") ?? 0 }
            for word in ["tourism", "innovation", "cooperation", "kommune", "region", "zorblat"] {
                let entries = try store.rankedMatches(of: kind, matching: word)
                // Unranked, as a sorted list asks for them: the same matches in the index's order.
                let unordered = try store.rankedMatches(of: kind, matching: word, ordered: false)
                let ids = try store.searchIDs(of: kind, matching: word)
                guard case .searchEntries(let ranked) = entries.order, case .searchEntries(let unranked) = unordered.order else {
                    Issue.record("matches on SQLite are entries of the search index")
                    return
                }
                #expect(Set(ranked) == Set(unranked) && unranked == unranked.sorted() && ranked.count == ids.count, "\(kind) q=\(word)")
                for sort in Self.sorts(kind) {
                    for (offset, limit) in [(0, 1), (0, 4), (3, 10), (0, 25), (40, 100), (entries.count, 5)] {
                        var sorted = RecordQuery(kind: kind)
                        sorted.sort = sort
                        let (byEntries, byIDs) = Self.pages(sorted, matches: offset == 3 ? entries : unordered, ids: ids,
                                                            offset: offset, limit: limit)
                        let note = "\(kind) q=\(word) sort=\(sort.map { "\($0.descending ? "-" : "")\($0.field)" }) offset=\(offset) limit=\(limit)"
                        if (offset + limit) * records < entries.count * entries.count { probed += 1 }
                        let (_, page) = try Self.expectSameListing(byEntries, as: byIDs, store, note)
                        if kind == .project, let country = byEntries.country, byEntries.minBudgetCents == nil {
                            // Counted on its own: the matches among the country's projects.
                            let inCountry = Set(try store.read { db in
                                try String.fetchAll(db, sql: "SELECT project_id FROM project_country WHERE country = ?",
                                                    arguments: [country.uppercased()])
                            })
                            #expect(page.total == ids.filter(inCountry.contains).count, "\(note)")
                        }
                    }
                }
            }
        }
        #expect(probed > 50, "the sort's index was walked in \(probed) cases")
    }

    /// The sizes a page's reads are weighed by are estimated from the largest rowid, which a database edited by hand
    /// may make anything up to 2^63 - 1: the lists read as before, and no product of them overflows.
    @Test func aRowidSetByHandLeavesTheListsAsTheyWere() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.sortRankings.stopMaking()
        var queries: [(query: RecordQuery, note: String)] = []
        for kind in [RecordKind.project, .organisation] {
            var sorted = RecordQuery(kind: kind)
            sorted.sort = [RecordQuery.SortKey(field: .name, descending: false)]
            sorted.rankedMatches = try store.rankedMatches(of: kind, matching: kind == .project ? "tourism" : "kommune", ordered: false)
            sorted.limit = 10
            queries.append((sorted, "\(kind) sorted by name, filtered by text"))
        }
        var inCountry = RecordQuery(kind: .project)
        inCountry.country = "DK"
        inCountry.limit = 10
        queries.append((inCountry, "projects in DK"))
        var textInCountry = inCountry
        textInCountry.rankedMatches = try store.rankedMatches(of: .project, matching: "tourism", ordered: false)
        textInCountry.sort = [RecordQuery.SortKey(field: .euFunding, descending: true)]
        queries.append((textInCountry, "projects in DK filtered by text, by EU funding"))
        let before = try queries.map { try store.servedList($0.query, language: "en", personal: false) }
        #expect(before.allSatisfy { $0.total > 0 && !$0.records.isEmpty })

        let path = directory.appendingPathComponent("registry.sqlite").path
        try DatabaseQueue(path: path).write { db in
            for table in ["project", "organisation"] {
                try db.execute(sql: "UPDATE \(table) SET rowid = 9223372036854775807 WHERE id = (SELECT max(id) FROM \(table))")
            }
        }
        #expect(try store.read { try RegistryStore.estimatedRecordCount(of: .project, $0) } == RegistryStore.estimatedRecordCountLimit)
        for ((query, note), expected) in zip(queries, before) {
            let page = try store.servedList(query, language: "en", personal: false)
            #expect(page.records == expected.records && page.total == expected.total, "\(note)")
        }
    }

    /// Filtered by text and by other fields, in the text's ranking: the matches read a run at a time give the same
    /// pages, totals and walks as all of them joined and filtered at once (the matches given by their ids).
    @Test func rankedMatchesReadARunAtATimeListAsAllAtOnce() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.sortRankings.stopMaking()

        var compared = 0
        for kind in [RecordKind.project, .organisation] {
            let filters: [(String, (inout RecordQuery) -> Void)] = [
                ("country=DK", { $0.country = "DK" }), ("country=de", { $0.country = "de" }), ("country=SE", { $0.country = "SE" }),
                ("minBudget", { $0.minBudgetCents = 50_000_000 }), ("nothing", { $0.country = "XX" }),
            ]
            for word in ["tourism", "innovation", "cooperation", "kommune", "region"] {
                let entries = try store.rankedMatches(of: kind, matching: word)
                let ids = try store.searchIDs(of: kind, matching: word)
                for (label, filter) in filters where kind == .project || label.hasPrefix("country") || label == "nothing" {
                    for (offset, limit) in [(0, 1), (0, 4), (3, 10), (0, 25), (7, 100), (entries.count, 5)] {
                        var filtered = RecordQuery(kind: kind)
                        filter(&filtered)
                        let (byEntries, byIDs) = Self.pages(filtered, matches: entries, ids: ids, offset: offset, limit: limit)
                        let note = "\(kind) q=\(word) \(label) offset=\(offset) limit=\(limit)"
                        let (walked, _) = try Self.expectSameListing(byEntries, as: byIDs, store, note)
                        if !walked.isEmpty { compared += 1 }
                    }
                }
            }
        }
        #expect(compared > 40, "\(compared) walks with records compared")
    }

    /// With the kind's ranking in the sort's order kept (``SortRankings``), the matches are placed by it: the same
    /// pages, totals and walks as the matches given by their ids. A change forgets the rankings, and a position
    /// whose record moved since is not placed by a ranking made after the move.
    @Test func rankedSortsListAsCollectingTheMatches() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)

        // Every field ranked, so that the filters the rankings answer are counted by them.
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        var ranked = 0
        let placedBefore = store.sortRankings.pagesPlaced
        let filteredBefore = store.countedMatches.countsFilteredByRankings
        for kind in [RecordKind.project, .organisation] {
            for sort in Self.sorts(kind) {
                var sorted = RecordQuery(kind: kind)
                sorted.sort = sort
                sorted.rankedMatches = RankedMatches(searchEntries: [])
                let order = "sort=" + sort.map { "\($0.descending ? "-" : "")\($0.field)" }.joined(separator: ",")
                #expect(Self.makeRankings(for: sorted, store), "\(kind) \(order)")
                let filters: [(String, (inout RecordQuery) -> Void)] = [
                    ("", { _ in }), ("country=DK", { $0.country = "DK" }), ("country=de", { $0.country = "de" }),
                    ("country=XX", { $0.country = "XX" }),
                    ("kind", { $0.recordKind = kind == .project ? "fundedProject" : "municipality" }),
                    ("kind+country=SE", { $0.recordKind = kind == .project ? "fundedProject" : "municipality"; $0.country = "SE" }),
                    ("minBudget", { $0.minBudgetCents = 50_000_000 }), ("maxBudget", { $0.maxBudgetCents = 80_000_000 }),
                    ("budget between", { $0.minBudgetCents = 20_000_000; $0.maxBudgetCents = 60_000_000 }),
                    ("minBudget none", { $0.minBudgetCents = 1 << 60 }), ("maxBudget none", { $0.maxBudgetCents = -1 }),
                ]
                for word in ["tourism", "cooperation", "kommune", "region"] {
                    let unordered = try store.rankedMatches(of: kind, matching: word, ordered: false)
                    let ids = try store.searchIDs(of: kind, matching: word)
                    for (label, filter) in filters where kind == .project || !label.lowercased().contains("budget") {
                        for (offset, limit) in [(0, 1), (3, 10), (0, 25), (40, 100), (unordered.count, 5)] {
                            var filtered = sorted
                            filter(&filtered)
                            let (byEntries, byIDs) = Self.pages(filtered, matches: unordered, ids: ids, offset: offset, limit: limit)
                            let note = "\(kind) q=\(word) \(label) \(order) offset=\(offset) limit=\(limit)"
                            let (_, page) = try Self.expectSameListing(byEntries, as: byIDs, store, note)
                            if !page.records.isEmpty { ranked += 1 }
                        }
                    }
                }
            }
        }
        #expect(ranked > 300, "\(ranked) ranked pages with records compared")
        // The organisations' countries, the records' kinds and the projects' budgets were counted by the rankings.
        #expect(store.countedMatches.countsFilteredByRankings - filteredBefore >= 40)
        // Every page read from the matches' entries was placed by the ranking (the walks read more pages).
        #expect(store.sortRankings.pagesPlaced - placedBefore >= ranked)

        // An order is placed by the rankings of its fields and then the id's; a field's ranking serves both its
        // directions and every order it is part of.
        let byCountryAndName = RegistryStore.sortRankingColumns(of: Self.query(.organisation, [(.country, false), (.name, true)]))
        #expect(byCountryAndName.map(\.field.expression) == ["t.country", "t.name", "t.id"])
        #expect(byCountryAndName.map(\.descending) == [false, true, false])
        #expect(byCountryAndName[1].field == RegistryStore.sortRankingColumns(of: Self.query(.organisation, [(.name, false)]))[0].field)

        // A page's last record renamed to the end of the order: the next page from the position made before is
        // what SQLite gives, under a ranking made after the change.
        var byName = RecordQuery(kind: .organisation)
        byName.sort = [RecordQuery.SortKey(field: .name, descending: false)]
        byName.rankedMatches = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        byName.limit = 3
        let first = try store.servedList(byName, language: "en", personal: false)
        let moved = try #require(first.records.last?.id)
        var renamed = try #require(try store.record(Organisation.self, id: moved))
        renamed.name = "Zzz " + renamed.name
        try store.save(renamed)
        // A write that does not say which records it changed forgets every ranking.
        #expect(store.sortRankings.rankings(RegistryStore.sortRankingColumns(of: byName), generation: store.selectionCounts.generation,
                                            changes: store.selectionCounts) == nil)
        #expect(Self.makeRankings(for: byName, store))
        var next = byName
        next.after = first.last
        next.rankedMatches = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        var nextByIDs = next
        nextByIDs.rankedMatches = RankedMatches(ids: try store.searchIDs(of: .organisation, matching: "kommune"))
        let page = try store.servedList(next, language: "en", personal: false)
        #expect(page.records.map(\.id) == (try store.servedList(nextByIDs, language: "en", personal: false)).records.map(\.id))
        #expect(!page.records.isEmpty && !page.records.map(\.id).contains(moved))
    }

    /// A ranking outlives API writes, which name the records they change: a page whose matches and position name
    /// no record written since the ranking was made is placed by it; a first page whose matches include records
    /// written since, or new ones, is placed by it with those sorted in by SQLite; a page after a position that
    /// needs them is read from SQLite (and has the ranking made anew). Every way lists as the matches given by
    /// their ids, with a country or without. A change the rankings were not told of leaves them unused.
    @Test func aRankingOutlivesWritesToRecordsItDoesNotPlace() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        let byName = Self.organisationsByNameFilteredByText
        // Every field ranked: the countries of the matches in Denmark are counted by their ranking too, which
        // is not made again when the ranking by name is.
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        #expect(Self.makeRankings(for: byName, store))

        var inDenmark = byName
        inDenmark.country = "DK"
        /// Compares pages and walks of `kommune` by name, in Denmark and anywhere, with the matches given by their
        /// ids; returns how many pages the ranking placed.
        func placedPages(_ note: String) throws -> Int {
            let placedBefore = store.sortRankings.pagesPlaced
            let unordered = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
            let ids = try store.searchIDs(of: .organisation, matching: "kommune")
            for query in [byName, inDenmark] {
                for (offset, limit) in [(0, 5), (10, 25), (0, 100)] {
                    let (byEntries, byIDs) = Self.pages(query, matches: unordered, ids: ids, offset: offset, limit: limit)
                    _ = try Self.expectSameListing(byEntries, as: byIDs, store,
                                                   "\(note) country=\(query.country ?? "") offset=\(offset) limit=\(limit)")
                }
            }
            return store.sortRankings.pagesPlaced - placedBefore
        }
        func write(_ kind: RecordKind, _ change: RecordWrite) throws {
            _ = try store.write(kind, change, author: "test", reason: nil)
        }
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        let matching = try store.searchIDs(of: .organisation, matching: "kommune")
        let (project, other) = try store.read { db in
            (try String.fetchOne(db, sql: "SELECT id FROM project ORDER BY id DESC LIMIT 1"),
             try String.fetchAll(db, sql: "SELECT id FROM organisation ORDER BY name").first { !matching.contains($0) })
        }
        #expect(try placedPages("as made") >= 6)

        // Writes of another kind, of a record the text does not match (moved to the front of the order), and a
        // new record it does not match leave every page placed by the ranking.
        try write(.project, .update(id: try #require(project), patch: try body(#"{"title": "Aaa Harbour Link"}"#)))
        try write(.organisation, .update(id: try #require(other), patch: try body(#"{"name": "Aaa Fjord Works"}"#)))
        try write(.organisation, .create(try body(#"{"name": "Aab Fjord Works", "kind": "association", "country": "DK"}"#)))
        #expect(try placedPages("after writes of other records") >= 6)

        // The first match moved to the end of the order, and the last (in Denmark) to its front: the first pages
        // are placed with them sorted in, the pages after a position are read from SQLite.
        let first = try store.servedList(Self.pages(byName, matches: try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false),
                                                    ids: matching, offset: 0, limit: 1).byEntries, language: "en", personal: false)
        let moved = try #require(first.records.first?.id)
        let last = try #require(try store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY name DESC").first { matching.contains($0) }
        })
        try write(.organisation, .update(id: moved, patch: try body(#"{"name": "Zzz Kommune"}"#)))
        try write(.organisation, .update(id: last, patch: try body(#"{"name": "Aaaa Kommune"}"#)))
        #expect(try placedPages("after matches moved") >= 6)
        #expect(Self.makeRankings(for: byName, store))
        #expect(try placedPages("made again") >= 6)

        // A new match, at the front of the order, is sorted in; once it is deleted, it is no match any more.
        let created = try store.write(.organisation, .create(try body(#"{"name": "Aac Kommune", "kind": "municipality", "country": "DK"}"#)),
                                      author: "test", reason: nil)
        #expect(try placedPages("after a new match") >= 6)
        #expect(Self.makeRankings(for: byName, store))
        // Moved to the end of the order, its entry written again may take the same number (it was the last): it is
        // told by its record, not by its entry.
        try write(.organisation, .update(id: created.id, patch: try body(#"{"name": "Zzz Aac Kommune"}"#)))
        #expect(try placedPages("after the newest match moved") >= 6)
        #expect(Self.makeRankings(for: byName, store))
        try write(.organisation, .delete(id: created.id))
        #expect(try placedPages("after a match was deleted") >= 6)

        // A change that was not noted (the generation moved on without it): the rankings are not used.
        store.selectionCounts.removeAll()
        #expect(store.sortRankings.rankings(RegistryStore.sortRankingColumns(of: byName), generation: store.selectionCounts.generation,
                                            changes: store.selectionCounts) == nil)
    }

    /// A text's matches under filters the rankings answer (an organisation's or a project's country, a record's theme
    /// and kind, a project's budget, its dates) are those SQLite keeps, for the data the rankings were made from and after writes that moved matches
    /// into and out of the filters, created one and deleted one: those the rankings then do not place are filtered
    /// by SQLite. Where a bound's record was written since, the rankings do not answer.
    @Test func rankedFiltersKeepTheMatchesSQLiteKeeps() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let cases: [(kind: RecordKind, word: String, filter: (inout RecordQuery) -> Void)] = [
            (.organisation, "kommune", { $0.country = "DK" }), (.organisation, "kommune", { $0.country = "se" }),
            (.organisation, "region", { $0.recordKind = "municipality" }), (.organisation, "kommune", { $0.country = "XX" }),
            (.organisation, "region", { $0.recordKind = "association"; $0.country = "DE" }),
            (.project, "tourism", { $0.minBudgetCents = 50_000_000 }), (.project, "cooperation", { $0.maxBudgetCents = 80_000_000 }),
            (.project, "tourism", { $0.recordKind = "fundedProject"; $0.minBudgetCents = 20_000_000; $0.maxBudgetCents = 60_000_000 }),
            (.project, "tourism", { $0.minBudgetCents = 1 << 60 }),
            (.project, "tourism", { $0.country = "DK" }), (.project, "cooperation", { $0.country = "se"; $0.minBudgetCents = 50_000_000 }),
            (.project, "tourism", { $0.country = "XX" }),
            (.project, "tourism", { $0.activeOn = ISODate("2015-06-15") }),
            (.organisation, "kommune", { $0.theme = "tourism" }), (.project, "cooperation", { $0.theme = "culture"; $0.minBudgetCents = 50_000_000 }),
            (.project, "cooperation", { $0.endBefore = ISODate("2012-03"); $0.startAfter = ISODate("2008") }),
        ]
        let inCountries = 3
        /// Compares each case's matches kept by the rankings with those SQLite keeps; how many the rankings answered.
        func answered(_ note: String) throws -> Int {
            var answered = 0
            for (index, (kind, word, filter)) in cases.enumerated() {
                var query = RecordQuery(kind: kind)
                filter(&query)
                let filters = try #require(RegistryStore.rankedFilters(of: query))
                guard case .searchEntries(let entries) = try store.rankedMatches(of: kind, matching: word, ordered: false).order else {
                    Issue.record("matches on SQLite are entries of the search index")
                    return answered
                }
                let (conditions, arguments) = RegistryStore.conditions(for: query)
                let sql = "SELECT hit.value FROM \(RegistryStore.entrySource(of: kind)) \(RegistryStore.whereClause(conditions))"
                let generation = store.selectionCounts.generation
                try store.read { db in
                    let passing = { (matches: String) throws -> [Int64] in
                        var all: StatementArguments = [matches]
                        all += arguments
                        return try Int64.fetchAll(db, sql: sql, arguments: all)
                    }
                    let expected = try passing(RegistryStore.entryArray(entries))
                    guard let kept = try store.entriesPassing(filters, among: entries, kind: kind, generation: generation,
                                                              passing: passing, db) else { return }
                    #expect(kept.sorted() == expected.sorted(), "\(note): case \(index), \(expected.count) kept by SQLite")
                    answered += 1
                }
            }
            return answered
        }
        #expect(try answered("as made") == cases.count)

        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func write(_ kind: RecordKind, _ change: RecordWrite) throws -> String {
            try store.write(kind, change, author: "test", reason: nil).id
        }
        // The record of the last entry, written first: written again, its entry takes the same number, which the
        // rankings hold for it as it was. Its text now matches, and its budget is under the bound.
        let last = try #require(try store.read { db in
            try Row.fetchOne(db, sql: "SELECT type, record_id FROM search_entry ORDER BY id DESC LIMIT 1")
        })
        try #require(last["type"] as String == "project")
        _ = try write(.project, .update(id: last["record_id"], patch: try body("""
            {"title": "Zzz Tourism Harbour", "total_budget": {"amount": 1000.5, "currency": "EUR"},
             "eu_funding": {"amount": 500.25, "currency": "EUR"}}
            """)))
        #expect(try answered("after the last entry's record was written") == cases.count)
        let (danish, swedish, tourism) = try store.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'SE' ORDER BY id"),
             try store.searchIDs(of: .project, matching: "tourism"))
        }
        try #require(danish.count > 3 && swedish.count > 3 && tourism.count > 3)
        _ = try write(.organisation, .update(id: danish[0], patch: try body(#"{"country": "SE", "name": "Vik Kommune"}"#)))
        _ = try write(.organisation, .update(id: swedish[0], patch: try body(#"{"country": "DK", "kind": "municipality"}"#)))
        let gone = try write(.organisation, .create(try body(#"{"name": "Gammelby Kommune", "kind": "municipality", "country": "DK"}"#)))
        #expect(try answered("after a match was created") >= cases.count - inCountries)
        _ = try write(.organisation, .create(try body(#"{"name": "Nyby Kommune", "kind": "municipality", "country": "DK"}"#)))
        _ = try write(.organisation, .delete(id: gone))
        _ = try write(.project, .update(id: tourism[0], patch: try body(#"{"total_budget": {"amount": 900000000.5, "currency": "EUR"}}"#)))
        // The projects' countries answer for no data after a write of an organisation (it may have changed them):
        // they are read again.
        #expect(try answered("after writes") >= cases.count - inCountries)
        // Read again once the pause after the last reading is over.
        var readAgain = false
        for _ in 0..<400 where !readAgain {
            store.prepareRecordSets(.projectCountries)
            store.sortRankings.waitUntilMade()
            readAgain = store.sortRankings.recordSets(.projectCountries, generation: store.selectionCounts.generation, changes: store.selectionCounts) != nil
            if !readAgain { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(try answered("after the projects' countries were read again") == cases.count)
    }

    /// Projects the text matches, written after the rankings were made (one moved to the front of the order and one
    /// to its end), are sorted in among those the rankings place, on the first pages of every sort with a country
    /// and without: each lists as the matches given by their ids.
    @Test func projectsWrittenSinceTheRankingsAreSortedIn() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        let matching = try store.searchIDs(of: .project, matching: "tourism")
        try #require(matching.count > 20)
        var queries: [RecordQuery] = []
        for sort in Self.sorts(.project) {
            var query = RecordQuery(kind: .project)
            query.sort = sort
            query.rankedMatches = RankedMatches(searchEntries: [])
            #expect(Self.makeRankings(for: query, store))
            var inDenmark = query
            inDenmark.country = "DK"
            queries += [query, inDenmark]
        }
        for (id, patch) in [(matching[0], #"{"title": "Aaa Tourism Link"}"#),
                            (matching[matching.count - 1], #"{"title": "Zzz Tourism Link"}"#)] {
            _ = try store.write(.project, .update(id: id, patch: try JSONValue(parsing: Array(patch.utf8))), author: "test", reason: nil)
        }
        let placedBefore = store.sortRankings.pagesPlaced
        let unordered = try store.rankedMatches(of: .project, matching: "tourism", ordered: false)
        let ids = try store.searchIDs(of: .project, matching: "tourism")
        for query in queries {
            for (offset, limit) in [(0, 5), (3, 10), (0, 100)] {
                let (byEntries, byIDs) = Self.pages(query, matches: unordered, ids: ids, offset: offset, limit: limit)
                let note = "sort=\(query.sort.map { "\($0.descending ? "-" : "")\($0.field)" }) country=\(query.country ?? "") offset=\(offset)"
                _ = try Self.expectSameListing(byEntries, as: byIDs, store, note)
            }
        }
        #expect(store.sortRankings.pagesPlaced - placedBefore >= queries.count * 3)

        // Such a page has the rankings made again for the data as it now is, so that the pages after it place
        // every match; asked again until the pause between makings is over.
        let (byEntries, _) = Self.pages(queries[0], matches: unordered, ids: ids, offset: 0, limit: 10)
        let columns = RegistryStore.sortRankingColumns(of: byEntries)
        var madeAgain = false
        for _ in 0..<400 where !madeAgain {
            _ = try store.servedList(byEntries, language: "en", personal: false)
            store.sortRankings.waitUntilMade()
            madeAgain = columns.allSatisfy { store.sortRankings.isMade($0.field, at: store.selectionCounts.generation) }
            if !madeAgain { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(madeAgain)
    }

    /// A ranking whose making saw API writes come in is kept: each named the records it wrote, which the ranking
    /// then places no page for, as one made before them; a ranking that a change naming no records overtook is not
    /// kept. Else a registry written to more often than a ranking takes to make would never have one again.
    @Test func aRankingMadeWhileRecordsAreWrittenIsKept() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        let byName = Self.organisationsByNameFilteredByText
        let columns = RegistryStore.sortRankingColumns(of: byName)
        try #require(columns.count == 2 && Self.makeRankings(for: byName, store))
        let made = try #require(store.sortRankings.rankings(columns, generation: store.selectionCounts.generation,
                                                            changes: store.selectionCounts))
        let matching = try store.searchIDs(of: .organisation, matching: "kommune")
        let other = try #require(try store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisation ORDER BY name").first { !matching.contains($0) }
        })

        /// Has the ranking by name made again, its making reading the generation and then seeing `change` come in
        /// (the kind's slots and its ranking by id those made before); whether it is then kept.
        func keptAfterMaking(during change: @escaping @Sendable () throws -> Void) -> Bool {
            store.sortRankings.removeAll()
            store.sortRankings.keep(made.slots, of: .organisation)
            store.sortRankings.keep(made.columns[1].ranks, of: columns[1].field, generation: made.slots.generation,
                                    changes: store.selectionCounts)
            // Rankings are made no sooner than nine times the last one's making after it: under load, seconds.
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let ran = Mutex(false)
                store.sortRankings.prepare(columns[0].field, changes: store.selectionCounts) {
                    ran.withLock { $0 = true }
                    let generation = store.selectionCounts.generation
                    try change()
                    return (made.columns[0].ranks, generation)
                }
                store.sortRankings.waitUntilMade()
                if ran.withLock({ $0 }) { return store.sortRankings.isKept(columns[0].field) }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return false
        }

        // An organisation the text does not match, renamed to the front of the order while the ranking is made.
        #expect(keptAfterMaking {
            _ = try store.write(.organisation, .update(id: other, patch: try JSONValue(parsing: Array(#"{"name": "Aaa Fjord Works"}"#.utf8))),
                                author: "test", reason: nil)
        })
        let placedBefore = store.sortRankings.pagesPlaced
        let unordered = try store.rankedMatches(of: .organisation, matching: "kommune", ordered: false)
        for (offset, limit) in [(0, 5), (10, 25), (0, 100)] {
            let (byEntries, byIDs) = Self.pages(byName, matches: unordered, ids: matching, offset: offset, limit: limit)
            _ = try Self.expectSameListing(byEntries, as: byIDs, store, "offset=\(offset) limit=\(limit)")
        }
        #expect(store.sortRankings.pagesPlaced - placedBefore >= 3)

        // A change that named no records, while the ranking is made.
        #expect(!keptAfterMaking { _ = store.selectionCounts.removeAll() })
    }

    /// The count of a text's matches under other filters outlives API writes that cannot have changed it, and
    /// only those; after writes of its matches it is made from the matches counted before and those written
    /// (``CountedMatches``), unless a record the filters read besides the matches was written. Each total is the
    /// one of the matches given by their ids.
    @Test func aCountOfMatchesOutlivesWritesThatCannotChangeIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func write(_ kind: RecordKind, _ change: RecordWrite) throws {
            _ = try store.write(kind, change, author: "test", reason: nil)
        }
        /// The total of `word`'s matches of `kind` in `country`, compared with the matches given by their ids;
        /// and whether a kept count gave it.
        func total(_ kind: RecordKind, _ word: String, _ country: String) throws -> (total: Int, survived: Bool) {
            var query = RecordQuery(kind: kind)
            query.country = country
            query.limit = 5
            let survivedBefore = store.selectionCounts.countsSurvived
            let (byEntries, byIDs) = Self.pages(query, matches: try store.rankedMatches(of: kind, matching: word, ordered: false),
                                                ids: try store.searchIDs(of: kind, matching: word), offset: 0, limit: 5)
            let page = try store.servedList(byEntries, language: "en", personal: false)
            let survived = store.selectionCounts.countsSurvived > survivedBefore
            #expect(page.total == (try store.servedList(byIDs, language: "en", personal: false)).total, "\(kind) q=\(word) country=\(country)")
            return (page.total, survived)
        }
        let matches = try store.searchIDs(of: .organisation, matching: "kommune")
        let (project, other, matchInDK) = try store.read { db in
            (try String.fetchOne(db, sql: "SELECT id FROM project ORDER BY id DESC LIMIT 1"),
             try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country <> 'DK' ORDER BY id").first { !matches.contains($0) },
             try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY id").first { matches.contains($0) })
        }
        let counted = try total(.organisation, "kommune", "DK")
        #expect(counted.total > 1 && !counted.survived)
        _ = try total(.project, "tourism", "DK")

        // A project, and an organisation the text does not match moved to the country: the count is kept.
        try write(.project, .update(id: try #require(project), patch: try body(#"{"acronym": "KEPT"}"#)))
        #expect(try total(.organisation, "kommune", "DK") == (counted.total, true))
        try write(.organisation, .update(id: try #require(other), patch: try body(#"{"country": "DK"}"#)))
        #expect(try total(.organisation, "kommune", "DK") == (counted.total, true))
        // A project's count in a country reads its partners' countries: an organisation written counts every
        // match again.
        let projectCount = try counts(.project, "tourism", "DK")
        #expect(!projectCount.survived && !projectCount.adjusted)

        // A match moved out of the country: counted again from the matches counted before, one fewer.
        try write(.organisation, .update(id: try #require(matchInDK), patch: try body(#"{"country": "SE"}"#)))
        #expect(try counts(.organisation, "kommune", "DK") == (counted.total - 1, false, true))
        // A new match in the country, then moved out of it: its entry, written again, takes the same number (it
        // was the last), so the matches are the same; the count is made again all the same.
        let created = try store.write(.organisation, .create(try body(#"{"name": "Aad Kommune", "kind": "municipality", "country": "DK"}"#)),
                                      author: "test", reason: nil)
        #expect(try counts(.organisation, "kommune", "DK") == (counted.total, false, true))
        try write(.organisation, .update(id: created.id, patch: try body(#"{"country": "SE"}"#)))
        #expect(try counts(.organisation, "kommune", "DK") == (counted.total - 1, false, true))
        // A match in the country renamed out of the text's matches, and a match outside it deleted; then one
        // outside it moved in.
        let renamed = try #require(try store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY id DESC").first { matches.contains($0) }
        })
        try write(.organisation, .update(id: renamed, patch: try body(#"{"name": "Aae Fjord Works"}"#)))
        try write(.organisation, .delete(id: created.id))
        #expect(try counts(.organisation, "kommune", "DK") == (counted.total - 2, false, true))
        try write(.organisation, .update(id: try #require(matchInDK), patch: try body(#"{"country": "DK"}"#)))
        #expect(try counts(.organisation, "kommune", "DK") == (counted.total - 1, false, true))
        // A tourism project written (its entry written again) is counted again alone.
        let tourism = try #require(try store.searchIDs(of: .project, matching: "tourism").first)
        let projectsInDenmark = try total(.project, "tourism", "DK").total
        try write(.project, .update(id: tourism, patch: try body(#"{"acronym": "TOUR"}"#)))
        #expect(try counts(.project, "tourism", "DK") == (projectsInDenmark, false, true))

        /// The total as ``total``, and whether it was made from the matches counted before.
        func counts(_ kind: RecordKind, _ word: String, _ country: String) throws -> (total: Int, survived: Bool, adjusted: Bool) {
            let before = store.countedMatches.countsAdjusted
            let (total, survived) = try total(kind, word, country)
            return (total, survived, store.countedMatches.countsAdjusted > before)
        }
    }

    /// A sorted page of a text's matches under other filters is made of the matches its count kept, when they are
    /// known for the data as it is: only those are put in order, and none is filtered again. Its pages and walks
    /// are those of the matches given by their ids, before and after writes that move matches out of the country
    /// and into it, rename one out of the text, and create and delete one.
    @Test func sortedPagesOfCountedMatchesListAsTheirIDs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func write(_ kind: RecordKind, _ change: RecordWrite) throws -> String {
            try store.write(kind, change, author: "test", reason: nil).id
        }
        var queries: [RecordQuery] = []
        for (kind, sort) in [(RecordKind.organisation, [(RecordQuery.SortField.name, false)]), (.organisation, [(.kind, true), (.name, false)]),
                             (.project, [(.euFunding, true)]), (.project, [(.start, false), (.name, true)])] {
            var query = Self.query(kind, sort)
            query.country = "DK"
            query.rankedMatches = RankedMatches(searchEntries: [])
            #expect(Self.makeRankings(for: query, store))
            queries.append(query)
        }
        /// Every query's pages and walks, compared with the same matches by their ids; how many pages were made
        /// of the matches counted.
        func listed(_ step: String) throws -> Int {
            let before = store.countedMatches.pagesMade
            for query in queries {
                let word = query.kind == .project ? "tourism" : "kommune"
                let unordered = try store.rankedMatches(of: query.kind, matching: word, ordered: false)
                let ids = try store.searchIDs(of: query.kind, matching: word)
                for (offset, limit) in [(0, 5), (3, 10), (0, 100)] {
                    let (byEntries, byIDs) = Self.pages(query, matches: unordered, ids: ids, offset: offset, limit: limit)
                    _ = try Self.expectSameListing(byEntries, as: byIDs, store, "\(step): \(query.kind) sort=\(query.sort.map(\.field)) offset=\(offset)")
                }
            }
            return store.countedMatches.pagesMade - before
        }
        #expect(try listed("before the writes") >= queries.count * 3)

        let matches = try store.searchIDs(of: .organisation, matching: "kommune")
        let inDenmark = try store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY name").filter { matches.contains($0) }
        }
        try #require(inDenmark.count > 3)
        _ = try write(.organisation, .update(id: inDenmark[0], patch: try body(#"{"country": "SE"}"#)))
        _ = try write(.organisation, .update(id: inDenmark[1], patch: try body(#"{"name": "Aaa Fjord Works"}"#)))
        let outside = try #require(try store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country <> 'DK' ORDER BY id").first { matches.contains($0) }
        })
        _ = try write(.organisation, .update(id: outside, patch: try body(#"{"country": "DK"}"#)))
        let created = try write(.organisation, .create(try body(#"{"name": "Aab Kommune", "kind": "municipality", "country": "DK"}"#)))
        _ = try listed("after the writes of organisations")
        _ = try write(.organisation, .delete(id: created))
        let tourism = try store.searchIDs(of: .project, matching: "tourism")
        _ = try write(.project, .update(id: tourism[tourism.count / 2], patch: try body(#"{"acronym": "TOURS"}"#)))
        _ = try listed("after a deletion and a project's write")
        // Made again for the data as it now is, the rankings place every match: the pages are made of the
        // matches counted again.
        for query in queries { #expect(Self.makeRankings(for: query, store)) }
        #expect(try listed("after the rankings were made again") >= queries.count * 3)
    }

    /// Texts asked in turn under the same other filters: a selection keeps the matches of the last text counted in
    /// it, and a text counted before another has its count remembered on its own. Its next pages are still made of
    /// the matches its count keeps, filtered again by the rankings in memory, and list as its matches by their ids.
    @Test func textsAskedInTurnUnderTheSameFiltersPageTheMatchesTheirCountsKeep() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        let cases: [(kind: RecordKind, sort: [(RecordQuery.SortField, Bool)], country: String, words: [String])] = [
            (.organisation, [(.name, false)], "DK", ["kommune", "havn"]),
            (.project, [(.euFunding, true)], "SE", ["tourism", "cooperation"]),
        ]
        for (kind, sort, country, words) in cases {
            var query = Self.query(kind, sort)
            query.country = country
            query.rankedMatches = RankedMatches(searchEntries: [])
            #expect(Self.makeRankings(for: query, store))
            for round in 1...2 {
                for word in words {
                    let before = store.countedMatches.pagesMade
                    let unordered = try store.rankedMatches(of: kind, matching: word, ordered: false)
                    let ids = try store.searchIDs(of: kind, matching: word)
                    try #require(ids.count > 8, "\(kind) \(word)")
                    for (offset, limit) in [(0, 10), (4, 5)] {
                        let (byEntries, byIDs) = Self.pages(query, matches: unordered, ids: ids, offset: offset, limit: limit)
                        let (_, page) = try Self.expectSameListing(byEntries, as: byIDs, store, "\(kind) \(word), round \(round)")
                        #expect(!page.records.isEmpty, "\(kind) \(word) in \(country)")
                    }
                    #expect(store.countedMatches.pagesMade - before >= 2, "\(kind) \(word), round \(round)")
                }
            }
        }
    }

    /// How many projects a country has is told by the projects' sets of countries in memory: a list of a country's
    /// projects alone is counted by them, and by SQLite once a project was written since they were read (here
    /// deleted, and still in the sets), with the same total as SQLite's count.
    @Test func aCountrysProjectsAreCountedByTheSetsOfCountriesUntilAProjectIsWritten() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        /// The list's total of a country's projects, and SQLite's count of them.
        func projectsIn(_ country: String) throws -> (listed: Int, counted: Int?) {
            var query = RecordQuery(kind: .project)
            query.country = country
            query.limit = 5
            let listed = try store.servedList(query, language: "en", personal: false).total
            return (listed, try store.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM project_country WHERE country = ?", arguments: [country])
            })
        }
        let countries = try #require(store.sortRankings.recordSets(.projectCountries, generation: store.selectionCounts.generation,
                                                                   changes: store.selectionCounts))
        for country in ["SE", "DK", "XX"] {
            #expect(countries.sets.members(of: country).count == (try projectsIn(country).counted), "\(country)")
        }
        let before = try projectsIn("SE")
        #expect(before.listed == before.counted)
        let deleted = try #require(try store.read { db in
            try String.fetchOne(db, sql: "SELECT project_id FROM project_country WHERE country = 'SE' ORDER BY project_id DESC LIMIT 1")
        })
        _ = try store.write(.project, .delete(id: deleted), author: "test", reason: nil)
        #expect(store.sortRankings.recordSets(.projectCountries, generation: store.selectionCounts.generation,
                                              changes: store.selectionCounts)?.written == [deleted])
        let after = try projectsIn("SE")
        #expect(after.listed == after.counted && after.listed == before.listed - 1)
    }

    /// A page of a text's matches under other filters, in the text's order, is made of the matches its count kept
    /// when they are known for the data as it is. Its pages, positions and walks are those of the matches given by
    /// their ids in the same order, before and after writes that move a match out of the filters and into them,
    /// and create one.
    @Test func pagesInTheTextsOrderOfCountedMatchesListAsTheirIDs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        let cases: [(kind: RecordKind, word: String, filter: (inout RecordQuery) -> Void)] = [
            (.organisation, "kommune", { $0.country = "DK" }), (.organisation, "kommune", { $0.theme = "tourism" }),
            (.project, "tourism", { $0.theme = "culture"; $0.minBudgetCents = 50_000_000 }),
            (.project, "cooperation", { $0.country = "SE" }),
        ]
        /// Every case's pages and walks against the same matches by their ids; how many were made of the matches
        /// counted.
        func listed(_ step: String) throws -> Int {
            let before = store.countedMatches.pagesMade
            for (index, (kind, word, filter)) in cases.enumerated() {
                let matches = try store.rankedMatches(of: kind, matching: word, ordered: true)
                guard case .searchEntries(let entries) = matches.order else {
                    Issue.record("matches on SQLite are entries of the search index")
                    return 0
                }
                let ids = try store.read { db in
                    try entries.map { try String.fetchOne(db, sql: "SELECT record_id FROM search_entry WHERE id = ?", arguments: [$0]) ?? "" }
                }
                var query = RecordQuery(kind: kind)
                filter(&query)
                for (offset, limit) in [(0, 5), (3, 10), (0, 100)] {
                    let (byEntries, byIDs) = Self.pages(query, matches: matches, ids: ids, offset: offset, limit: limit)
                    _ = try Self.expectSameListing(byEntries, as: byIDs, store, "\(step): case \(index) offset=\(offset) limit=\(limit)")
                }
            }
            return store.countedMatches.pagesMade - before
        }
        // The first page of each case counts its matches; every page after it is made of them.
        #expect(try listed("as made") >= cases.count * 3)

        let (danish, tourism) = try store.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'DK' ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT record_id FROM record_theme WHERE record_kind = 'organisation' AND theme_id = 'tourism' ORDER BY record_id"))
        }
        let kommune = Set(try store.searchIDs(of: .organisation, matching: "kommune"))
        let matchInDenmark = try #require(danish.first { kommune.contains($0) })
        let matchInTheme = try #require(tourism.first { kommune.contains($0) && $0 != matchInDenmark })
        _ = try store.write(.organisation, .update(id: matchInDenmark, patch: try body(#"{"country": "SE", "themes": ["tourism"]}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.organisation, .update(id: matchInTheme, patch: try body(#"{"country": "DK", "themes": ["food"]}"#)),
                            author: "test", reason: nil)
        _ = try store.write(.organisation, .create(try body(#"{"name": "Aab Kommune", "kind": "municipality", "country": "DK"}"#)),
                            author: "test", reason: nil)
        #expect(try listed("after writes") >= cases.count * 3)
    }

    /// Organisations sorted by name and filtered by text (the matches are set by each use).
    static var organisationsByNameFilteredByText: RecordQuery {
        var byName = RecordQuery(kind: .organisation)
        byName.sort = [RecordQuery.SortKey(field: .name, descending: false)]
        byName.rankedMatches = RankedMatches(searchEntries: [])
        return byName
    }

    /// Has the store make the rankings that place the query's matches, waiting out the pause between makings;
    /// whether they are kept for the current data.
    static func makeRankings(for query: RecordQuery, _ store: RegistryStore) -> Bool {
        let columns = RegistryStore.sortRankingColumns(of: query)
        for _ in 0..<400 {
            store.prepareSortRankings(columns)
            store.sortRankings.waitUntilMade()
            if columns.allSatisfy({ store.sortRankings.isMade($0.field, at: store.selectionCounts.generation) }) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// A list query of `kind` sorted by `fields` (each with whether it is descending).
    static func query(_ kind: RecordKind, _ fields: [(RecordQuery.SortField, Bool)]) -> RecordQuery {
        var query = RecordQuery(kind: kind)
        query.sort = fields.map { RecordQuery.SortKey(field: $0.0, descending: $0.1) }
        return query
    }

    /// A table of entries gives each entry it was made with its number, whether it keeps them densely (entries
    /// close together) or sparsely, and none to any other; an entry set later is held beside them.
    @Test(arguments: [[Int64]([12, 10, 11, 15, 13]), [7, 4_000_000_000, -3, 90_000, 8], [-3, -1, -2, 1, 2]])
    func anEntryTableNumbersTheEntriesItWasMadeWith(ordered: [Int64]) {
        var table = EntryTable(ordered.enumerated().map { ($1, Int32($0)) })
        for (place, entry) in ordered.enumerated() { #expect(table.number(of: entry) == Int32(place)) }
        let absentEntries: [Int64] = [14, 9, 16, 0, -4, 5, .max, .min]
        for absent in absentEntries { #expect(table.number(of: absent) == nil) }
        #expect(EntryTable([]).number(of: 1) == nil && EntryTable([]).numbers(of: []) == [])
        // Numbered all at once, in any order (matches come ascending, as the index reads them).
        for entries in [ordered.sorted(), ordered.sorted().reversed(), ordered, [ordered[2], ordered[0], ordered[4]], [ordered[1], ordered[1]]] {
            #expect(table.numbers(of: entries) == entries.map { Int32(ordered.firstIndex(of: $0) ?? -1) })
            for absent in absentEntries {
                #expect(table.numbers(of: entries + [absent]) == nil && table.numbers(of: [absent] + entries) == nil)
            }
        }
        // An entry written since, just past the last, and one given a new number.
        let next = ordered.max().map { $0 + 1 } ?? 0
        #expect(table.set(9, for: next) && table.set(8, for: ordered[0]))
        #expect(table.number(of: next) == 9 && table.number(of: ordered[0]) == 8 && table.number(of: ordered[1]) == 1)
        #expect(table.numbers(of: ordered.sorted() + [next]) != nil)
    }

    /// A table of entries kept as runs (entries and numbers that follow one another) numbers its entries as a
    /// dictionary of them does, as made and after entries are set within runs, between them and past them.
    @Test func anEntryTableOfRunsNumbersAsADictionary() {
        var model: [Int64: Int32] = [:]
        for (offset, entry) in (1_000..<1_400).enumerated() { model[Int64(entry)] = Int32(offset) }
        for (offset, entry) in (5_000..<5_100).enumerated() { model[Int64(entry)] = Int32(400 + offset) }
        model[7] = 900
        var table = EntryTable(model.map { ($0.key, $0.value) })
        let probes: [Int64] = [6, 7, 8, 999, 1_000, 1_001, 1_199, 1_200, 1_399, 1_400, 1_401, 4_999, 5_000, 5_099, 5_100, .min, .max]
        func expectSame(_ note: String) {
            for entry in probes + Array(model.keys) { #expect(table.number(of: entry) == model[entry], "\(note): \(entry)") }
            let held = model.keys.sorted()
            #expect(table.numbers(of: held) == held.map { model[$0] ?? -1 }, "\(note)")
            #expect(table.numbers(of: held + [1_450]) == nil, "\(note)")
        }
        let madeBytes = table.byteCount
        #expect(madeBytes < 200, "kept as runs: \(madeBytes) bytes")
        expectSame("as made")
        // An entry given another number splits its run; given its number back, the run is joined again.
        for (entry, number): (Int64, Int32) in [(1_200, 77), (1_200, 200), (1_398, 5), (1_398, 398), (1_001, 9), (1_001, 1)] {
            let held = table.set(number, for: entry)
            #expect(held)
            model[entry] = number
            expectSame("after \(entry) set to \(number)")
        }
        #expect(table.byteCount == madeBytes)
        for (entry, number): (Int64, Int32) in [(1_400, 400), (1_401, 401), (3_000, 5), (1_000, 0),
                                                 (999, 3), (5_099, 1), (5_099, 499), (6, 899), (.max, 12)] {
            let held = table.set(number, for: entry)
            #expect(held)
            model[entry] = number
            expectSame("after \(entry) set to \(number)")
        }
    }

    /// A field's ranking gives each slot its value's rank, counted from the other end when descending; an empty
    /// value comes last in both directions, and a slot without a record has no key. Fields of many values keep
    /// their ranks wide.
    @Test(arguments: [Int32(3), 70_000])
    func aFieldsRanksServeBothDirections(valueCount: Int32) {
        let last = UInt32(valueCount - 1)
        let ranks = FieldRanks(ranks: [0, last, UInt32(valueCount), FieldRanks.unranked, 1, 0], valueCount: valueCount)
        #expect((0..<7).map { ranks.key(ofSlot: $0, descending: false) } == [0, valueCount - 1, valueCount, nil, 1, 0, nil])
        #expect((0..<7).map { ranks.key(ofSlot: $0, descending: true) } == [valueCount - 1, 0, valueCount, nil, valueCount - 2, valueCount - 1, nil])
        #expect(ranks.byteCount == 6 * (valueCount < Int32(UInt16.max) ? 2 : 4))
    }

    /// Matches that sit together at the end of the sort's order, many enough that walking the index looks
    /// cheaper than collecting them: the walk runs out of steps before it reaches them, and the page is read by
    /// collecting them after all, in the same read. The other way round the walk finds them at once.
    @Test func aWalkThatRunsOutOfStepsListsAsCollectingTheMatches() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        for number in 0..<600 {
            try store.save(Organisation(id: "aabenraa-\(number)", name: "Aabenraa \(number)", kind: .municipality, country: "DK"))
        }
        let clustered = (0..<40).map { String(format: "zwickau-%02d", $0) }
        for id in clustered {
            try store.save(Organisation(id: id, name: "Zwickau Landskrona \(id.suffix(2))", kind: .association, country: "DE"))
        }
        let matches = try store.rankedMatches(of: .organisation, matching: "landskrona", ordered: false)
        #expect(matches.count == clustered.count)
        // The walk is chosen, as (offset + limit) * records = 640 is less than total * matches = 1,600, and it runs
        // out of steps: the page is collected (a fallback that gives an empty page fails this test).
        for descending in [false, true] {
            var query = RecordQuery(kind: .organisation)
            query.rankedMatches = matches
            query.sort = [RecordQuery.SortKey(field: .name, descending: descending)]
            query.limit = 1
            let expected = descending ? clustered.reversed() : clustered
            let page = try store.servedList(query, language: "en", personal: false)
            #expect(page.records.map(\.id) == [expected[0]] && page.total == clustered.count, "descending: \(descending)")
            #expect(try Self.walk(query, store) == expected, "descending: \(descending)")
        }
    }

    /// A step budget ends a statement that needs more, returns nil, and leaves the read going on in its snapshot;
    /// a body within its budget returns its value, and no budget outlives its body.
    @Test func aStepBudgetInterruptsOnlyTheReadsThatExceedIt() throws {
        let store = try RegistryStore.open(path: ":memory:", migrationsDirectory: Fixtures.migrations)
        let counting = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT count(*) FROM n"
        try store.read { db in
            let cut = try db.withinSteps(5_000) { try Int.fetchOne(db, sql: counting, arguments: [100_000]) }
            #expect(cut == nil)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation") != nil)
            let whole = try db.withinSteps(5_000) { try Int.fetchOne(db, sql: counting, arguments: [100]) }
            #expect(whole == .some(100))
            #expect(try Int.fetchOne(db, sql: counting, arguments: [100_000]) == 100_000)
            #expect(throws: RegistryError.self) {
                _ = try db.withinSteps(5_000) { throw RegistryError.invalidID("!") }
            }
        }
    }

    /// The seeds and a synthetic registry of 600 projects and 400 organisations beside them, in `directory`.
    static func syntheticStore(in directory: URL) throws -> RegistryStore {
        let store = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path).store
        var generator = SyntheticRegistry(organisations: 400, projects: 600, partnerLinks: 2_000, seed: 20_261_203)
        _ = try generator.write(into: store)
        return store
    }

    static func sorts(_ kind: RecordKind) -> [[RecordQuery.SortKey]] {
        let fields: [RecordQuery.SortField] = kind == .project ? [.euFunding, .start, .name, .totalBudget] : [.name, .country, .kind]
        let single = fields.flatMap { [[RecordQuery.SortKey(field: $0, descending: false)], [RecordQuery.SortKey(field: $0, descending: true)]] }
        // Orders of several fields whose first ones have many equal values, and empty ones.
        let several: [[(RecordQuery.SortField, Bool)]] = kind == .project
            ? [[(.start, true), (.name, false)], [(.kind, false), (.euFunding, true)]]
            : [[(.country, false), (.name, false)], [(.kind, true), (.country, true), (.name, true)]]
        return single + several.map { $0.map { RecordQuery.SortKey(field: $0.0, descending: $0.1) } }
    }

    /// The page of `query` at `offset` and `limit`, its text's matches given by their entries in the search index
    /// (`matches`), and the same page with the matches given by their records' ids.
    static func pages(_ query: RecordQuery, matches: RankedMatches, ids: [String], offset: Int, limit: Int)
        -> (byEntries: RecordQuery, byIDs: RecordQuery) {
        var byEntries = query
        byEntries.rankedMatches = matches
        byEntries.offset = offset
        byEntries.limit = limit
        var byIDs = byEntries
        byIDs.rankedMatches = RankedMatches(ids: ids)
        return (byEntries, byIDs)
    }

    /// Expects `byEntries` to list as `byIDs` (the same matches by their ids): the same page, total and position,
    /// and for pages of 10 and more the same walk (pages of one and four are compared one at a time, which keeps
    /// the suite's time, and CI's under AddressSanitizer, down); the page also as read in a snapshot. Returns the
    /// walk (empty when not walked) and the page.
    static func expectSameListing(_ byEntries: RecordQuery, as byIDs: RecordQuery, _ store: RegistryStore,
                                  _ note: String) throws -> (walked: [String], page: ServedPage) {
        let walked = byEntries.limit >= 10 ? try walk(byEntries, store) : []
        if byEntries.limit >= 10 { #expect(walked == (try walk(byIDs, store)), "\(note)") }
        let page = try store.servedList(byEntries, language: "en", personal: false)
        let expected = try store.servedList(byIDs, language: "en", personal: false)
        #expect(page.records == expected.records && page.total == expected.total && page.last == expected.last, "\(note)")
        // As the API reads it, in a snapshot, where what is kept for the data of its generation is used.
        let inSnapshot = try store.snapshot { try store.servedList(byEntries, language: "en", personal: false) }
        #expect(inSnapshot.records == expected.records && inSnapshot.total == expected.total && inSnapshot.last == expected.last,
                "\(note), in a snapshot")
        return (walked, page)
    }

    /// The ids of the whole selection from the query's offset, page after page from each page's position.
    static func walk(_ query: RecordQuery, _ store: RegistryStore) throws -> [String] {
        var query = query
        var ids: [String] = []
        for _ in 0..<1_000 {
            let page = try store.servedList(query, language: "en", personal: false)
            ids += page.records.map(\.id)
            guard page.records.count == query.limit, let last = page.last else { break }
            query.after = last
        }
        return ids
    }

    /// Matches are handed to SQLite as a JSON array of their entries; each entry reads back as itself.
    @Test func entriesAreWrittenAsTheJSONArrayThatSQLiteReadsBack() throws {
        let entries: [Int64] = [0, 7, 10, 99, 100, 123_456_789, -1, -42, .max, .min]
        #expect(RegistryStore.entryArray(entries) == "[" + entries.map(String.init).joined(separator: ",") + "]")
        #expect(RegistryStore.entryArray([Int64]()) == "[]")
        let store = try RegistryStore.open(path: ":memory:", migrationsDirectory: Fixtures.migrations)
        let read = try store.read { db in
            try Int64.fetchAll(db, sql: "SELECT value FROM json_each(?) ORDER BY key", arguments: [RegistryStore.entryArray(entries[...])])
        }
        #expect(read == entries)
    }
}
