import Foundation
import GRDB
import JSONOutput
import RegistrySynthesis
import Testing
import TestSupport
@testable import Registry

/// A list under filters other than a text, sorted by a field whose index SQLite would otherwise give up for an
/// index that serves a filter (and then sort the whole selection), is read by walking the order's index and
/// testing each record, or, when the records kept sit too far apart in that order, by collecting them after all.
/// Either way its pages, totals and walks are those of the same selection given by its records' ids, which found
/// here by SQL of the test's own.
@Suite struct FilteredSortWalkTests {
    /// A filter, and the SQL that selects the ids of the records it keeps.
    private struct Filter {
        var name: String
        var apply: (inout RecordQuery) -> Void
        var ids: String
    }

    private static var filters: [RecordKind: [Filter]] { [
        .organisation: [
            Filter(name: "kind=municipality", apply: { $0.recordKind = "municipality" },
                   ids: "SELECT id FROM organisation WHERE kind = 'municipality'"),
            Filter(name: "country=SE", apply: { $0.country = "se" }, ids: "SELECT id FROM organisation WHERE country = 'SE'"),
            Filter(name: "theme=tourism", apply: { $0.theme = "tourism" },
                   ids: themed("organisation", "tourism")),
            Filter(name: "kind=association&theme=tourism", apply: { $0.recordKind = "association"; $0.theme = "tourism" },
                   ids: """
                       SELECT id FROM organisation WHERE kind = 'association'
                       AND id IN (\(themed("organisation", "tourism")))
                       """),
        ],
        .project: [
            Filter(name: "kind=fundedProject", apply: { $0.recordKind = "fundedProject" },
                   ids: "SELECT id FROM project WHERE kind = 'fundedProject'"),
            Filter(name: "country=DK", apply: { $0.country = "DK" }, ids: "SELECT project_id FROM project_country WHERE country = 'DK'"),
            Filter(name: "theme=culture&min_budget", apply: { $0.theme = "culture"; $0.minBudgetCents = 100_000_000 },
                   ids: """
                       SELECT id FROM project WHERE total_budget_cents >= 100000000
                       AND id IN (\(themed("project", "culture")))
                       """),
        ],
    ] }

    /// A store with a synthetic registry large enough for its kinds to be ranked, some of whose projects have
    /// periods of reduced precision, part of one, or none, around ``day``.
    private static func syntheticStore(in directory: URL) throws -> RegistryStore {
        let store = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path).store
        var generator = SyntheticRegistry(organisations: 3_000, projects: 1_500, partnerLinks: 6_000, seed: 20_261_206)
        _ = try generator.write(into: store)
        let projects = try store.read { try String.fetchAll($0, sql: "SELECT id FROM project ORDER BY id LIMIT 90") }
        // An end in the day's year or in its month (whose last days are after it), an end of a month before it,
        // a start after it and no end, no period, a period of the day alone.
        let periods = [
            #"{"start": "2010", "end": "2012"}"#, #"{"start": "2011-03", "end": "2012-06"}"#,
            #"{"start": null, "end": "2012-05"}"#, #"{"start": "2012-07", "end": null}"#, "null",
            #"{"start": "2012-06-15", "end": "2012-06-15"}"#,
        ]
        for (index, id) in projects.enumerated() {
            let patch = try JSONValue(parsing: Array(#"{"period": \#(periods[index % periods.count])}"#.utf8))
            _ = try store.write(.project, .update(id: id, patch: patch), author: "test", reason: nil)
        }
        return store
    }

    /// The day of the date filters.
    private static let day = "2012-06-15"
    /// A project's end as the date filters compare it: an end of reduced precision as its last day.
    private static let lastDay = """
        (CASE WHEN length(end_date) = 4 THEN end_date || '-12-31' WHEN length(end_date) = 7 THEN end_date || '-31' ELSE end_date END)
        """

    /// The condition on a project active on `day`: started by it and not ended before it, one of the two known.
    private static func activeOn(_ day: String) -> String {
        """
        (start_date IS NOT NULL OR end_date IS NOT NULL)
        AND (start_date IS NULL OR start_date <= '\(day)') AND (end_date IS NULL OR \(lastDay) >= '\(day)')
        """
    }

    /// The ids of the records of `kind` in `theme`.
    private static func themed(_ kind: String, _ theme: String) -> String {
        "SELECT record_id FROM record_theme WHERE record_kind = '\(kind)' AND theme_id = '\(theme)'"
    }

    /// Expects every page of `filter` under each sort in `sorts` (and none), at a few offsets and walked page after
    /// page in pages of `walked`, to list as the selection's ids.
    private static func expectListsAsIDs(_ store: RegistryStore, _ kind: RecordKind, _ filter: Filter,
                                         sorts: [[RecordQuery.SortKey]], walked: Int = 25, _ stage: String) throws {
        let ids = try store.read { try String.fetchAll($0, sql: filter.ids) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(ids.count > 40, "\(kind) \(filter.name) keeps \(ids.count)")
        for sort in sorts {
            // The pages of `walked` are walked to the end too, page after page from each one's position.
            for (offset, limit) in [(0, 1), (7, 4), (0, walked), (ids.count - 2, 5), (ids.count, 5)] {
                var filtered = RecordQuery(kind: kind)
                filter.apply(&filtered)
                filtered.sort = sort
                filtered.offset = offset
                filtered.limit = limit
                let note = "\(stage): \(kind) \(filter.name) sort=\(sort.map { "\($0.descending ? "-" : "")\($0.field)" }) offset=\(offset) limit=\(limit)"
                guard !sort.isEmpty else {
                    // In the order of the ids, whose positions are the ids alone.
                    let page = try store.servedList(filtered, language: "en", personal: false)
                    #expect(page.records.map(\.id) == Array(ids.dropFirst(offset).prefix(limit)) && page.total == ids.count, "\(note)")
                    if limit >= 10 { #expect(try TextFilteredSortTests.walk(filtered, store) == Array(ids.dropFirst(offset)), "\(note)") }
                    continue
                }
                var byIDs = RecordQuery(kind: kind)
                byIDs.rankedMatches = RankedMatches(ids: ids)
                byIDs.sort = sort
                byIDs.offset = offset
                byIDs.limit = limit
                _ = try TextFilteredSortTests.expectSameListing(filtered, as: byIDs, store, note)
            }
        }
    }

    @Test func walkingTheOrdersIndexListsAsTheSelectionsIDs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        // Read from SQLite alone: rankings would place these pages instead.
        store.sortRankings.stopMaking()
        for (kind, filters) in Self.filters {
            for filter in filters {
                try Self.expectListsAsIDs(store, kind, filter, sorts: [[]] + TextFilteredSortTests.sorts(kind), "SQLite")
            }
        }
        // Walked for most sorts of the common filters; collected for the others.
        let walked = store.walkedPages.withLock { $0 }
        #expect(walked > 100, "\(walked) pages were walked")
        #expect(store.sortRankings.pagesPlaced == 0)
    }

    /// The filters the kinds' rankings answer, and none.
    private static var rankedFilters: [RecordKind: [Filter]] { [
        .organisation: [
            Filter(name: "none", apply: { _ in }, ids: "SELECT id FROM organisation"),
            Filter(name: "kind=municipality", apply: { $0.recordKind = "municipality" },
                   ids: "SELECT id FROM organisation WHERE kind = 'municipality'"),
            Filter(name: "country=SE&kind=association", apply: { $0.country = "SE"; $0.recordKind = "association" },
                   ids: "SELECT id FROM organisation WHERE country = 'SE' AND kind = 'association'"),
            Filter(name: "theme=tourism&kind=municipality", apply: { $0.theme = "tourism"; $0.recordKind = "municipality" },
                   ids: """
                       SELECT id FROM organisation WHERE kind = 'municipality'
                       AND id IN (\(themed("organisation", "tourism")))
                       """),
        ],
        .project: [
            Filter(name: "country=DK", apply: { $0.country = "dk" }, ids: "SELECT project_id FROM project_country WHERE country = 'DK'"),
            Filter(name: "min_budget&max_budget", apply: { $0.minBudgetCents = 50_000_000; $0.maxBudgetCents = 900_000_000 },
                   ids: "SELECT id FROM project WHERE total_budget_cents BETWEEN 50000000 AND 900000000"),
            Filter(name: "theme=culture", apply: { $0.theme = "culture" },
                   ids: themed("project", "culture")),
            Filter(name: "theme=culture&country=DK", apply: { $0.theme = "culture"; $0.country = "DK" },
                   ids: """
                       \(themed("project", "culture")) AND record_id IN (SELECT project_id FROM project_country WHERE country = 'DK')
                       """),
            Filter(name: "start_after", apply: { $0.startAfter = ISODate(day) },
                   ids: "SELECT id FROM project WHERE start_date > '\(day)'"),
            Filter(name: "end_before", apply: { $0.endBefore = ISODate(day) },
                   ids: "SELECT id FROM project WHERE end_date IS NOT NULL AND \(lastDay) < '\(day)'"),
            Filter(name: "end_before a year", apply: { $0.endBefore = ISODate("2012") },
                   ids: "SELECT id FROM project WHERE end_date IS NOT NULL AND \(lastDay) < '2012'"),
            Filter(name: "active_on", apply: { $0.activeOn = ISODate(day) },
                   ids: "SELECT id FROM project WHERE \(activeOn(day))"),
            Filter(name: "active_on a month&country=DK", apply: { $0.activeOn = ISODate("2012-06"); $0.country = "DK" },
                   ids: """
                       SELECT id FROM project WHERE \(activeOn("2012-06"))
                       AND id IN (SELECT project_id FROM project_country WHERE country = 'DK')
                       """),
        ],
    ] }

    @Test func rankingsPlaceListsAsTheSelectionsIDsBeforeAndAfterWrites() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.syntheticStore(in: directory)
        store.prepareSortRankings()
        store.sortRankings.waitUntilMade()
        func check(_ stage: String) throws {
            for (kind, filters) in Self.rankedFilters {
                for filter in filters {
                    try Self.expectListsAsIDs(store, kind, filter, sorts: [[]] + TextFilteredSortTests.sorts(kind), walked: 100, stage)
                }
            }
        }
        try check("as made")
        let placed = store.sortRankings.pagesPlaced
        #expect(placed > 100, "\(placed) pages were placed by the rankings")

        // Records written since the rankings were made: renamed to the ends of the name's order, moved between
        // countries and kinds, created and deleted.
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func write(_ kind: RecordKind, _ change: RecordWrite) throws -> String {
            try store.write(kind, change, author: "test", reason: nil).id
        }
        let (swedish, danishProject, culture) = try store.read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM organisation WHERE country = 'SE' AND kind = 'association' ORDER BY id LIMIT 3"),
             try String.fetchOne(db, sql: "SELECT project_id FROM project_country WHERE country = 'DK' ORDER BY project_id LIMIT 1"),
             try String.fetchAll(db, sql: """
                 \(Self.themed("project", "culture"))
                 AND record_id IN (SELECT project_id FROM project_country WHERE country = 'DK') ORDER BY record_id LIMIT 1
                 """))
        }
        #expect(swedish.count == 3)
        // One near the start of the name's order, whose slot the rankings still place among the first.
        let early = try #require(try store.read { db in
            try String.fetchOne(db, sql: """
                SELECT id FROM organisation WHERE id NOT IN (SELECT organisation_id FROM project_partner WHERE organisation_id IS NOT NULL)
                ORDER BY name, id LIMIT 1 OFFSET 3
                """)
        })
        _ = try write(.organisation, .delete(id: early))
        _ = try write(.organisation, .update(id: swedish[0], patch: try body(#"{"name": "Aaaa Förening"}"#)))
        _ = try write(.organisation, .update(id: swedish[1], patch: try body(#"{"country": "DK", "kind": "municipality"}"#)))
        // Into the theme and out of it.
        _ = try write(.organisation, .update(id: swedish[0], patch: try body(#"{"themes": ["tourism"]}"#)))
        _ = try write(.project, .update(id: try #require(culture.first), patch: try body(#"{"themes": ["logistics"]}"#)))
        _ = try write(.project, .update(id: try #require(danishProject), patch: try body(#"{"themes": ["culture"]}"#)))
        _ = try write(.organisation, .delete(id: swedish[2]))
        _ = try write(.organisation, .create(try body(#"{"name": "Zzzz Förening", "kind": "association", "country": "SE"}"#)))
        _ = try write(.project, .update(id: try #require(danishProject),
                                        patch: try body(#"""
                                            {"total_budget": {"amount": 900000000.5, "currency": "EUR"}, "title": "Aaaa Link",
                                             "period": {"start": "2012", "end": "2012-06"}}
                                            """#)))
        try check("after writes")
        #expect(store.sortRankings.pagesPlaced > placed, "pages placed after the writes")
        // Pages that met the writes had the rankings made again: none is being made once the test is over, which
        // would hold the store past it.
        store.sortRankings.stopMaking()
        store.sortRankings.waitUntilMade()
    }
}
