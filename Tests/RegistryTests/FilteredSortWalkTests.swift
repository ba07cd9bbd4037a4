import Foundation
import GRDB
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
                   ids: "SELECT record_id FROM record_theme WHERE record_kind = 'organisation' AND theme_id = 'tourism'"),
            Filter(name: "kind=association&theme=tourism", apply: { $0.recordKind = "association"; $0.theme = "tourism" },
                   ids: """
                       SELECT id FROM organisation WHERE kind = 'association'
                       AND id IN (SELECT record_id FROM record_theme WHERE record_kind = 'organisation' AND theme_id = 'tourism')
                       """),
        ],
        .project: [
            Filter(name: "kind=fundedProject", apply: { $0.recordKind = "fundedProject" },
                   ids: "SELECT id FROM project WHERE kind = 'fundedProject'"),
            Filter(name: "country=DK", apply: { $0.country = "DK" }, ids: "SELECT project_id FROM project_country WHERE country = 'DK'"),
            Filter(name: "theme=culture&min_budget", apply: { $0.theme = "culture"; $0.minBudgetCents = 100_000_000 },
                   ids: """
                       SELECT id FROM project WHERE total_budget_cents >= 100000000
                       AND id IN (SELECT record_id FROM record_theme WHERE record_kind = 'project' AND theme_id = 'culture')
                       """),
        ],
    ] }

    @Test func walkingTheOrdersIndexListsAsTheSelectionsIDs() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path).store
        var generator = SyntheticRegistry(organisations: 3_000, projects: 1_500, partnerLinks: 6_000, seed: 20_261_206)
        _ = try generator.write(into: store)
        store.sortRankings.stopMaking()

        for (kind, filters) in Self.filters {
            for filter in filters {
                let ids = try store.read { try String.fetchAll($0, sql: filter.ids) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                #expect(ids.count > 40, "\(kind) \(filter.name) keeps \(ids.count)")
                for sort in [[]] + TextFilteredSortTests.sorts(kind) {
                    // Pages of 25 are walked to the end too, page after page from each one's position.
                    for (offset, limit) in [(0, 1), (7, 4), (0, 25), (ids.count - 2, 5), (ids.count, 5)] {
                        var filtered = RecordQuery(kind: kind)
                        filter.apply(&filtered)
                        filtered.sort = sort
                        filtered.offset = offset
                        filtered.limit = limit
                        let note = "\(kind) \(filter.name) sort=\(sort.map { "\($0.descending ? "-" : "")\($0.field)" }) offset=\(offset) limit=\(limit)"
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
        }
        // Walked for most sorts of the common filters; collected for the others.
        let walked = store.walkedPages.withLock { $0 }
        #expect(walked > 100, "\(walked) pages were walked")
    }
}
