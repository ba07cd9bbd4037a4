import Foundation
import Registry
import RegistrySynthesis
import Testing
import TestSupport

/// Reading a list page after page from where the last stopped (``RecordQuery/after``) and reading it in one
/// page give the same records in the same order, for every sort of every kind, either way, with the empty
/// values, ties and filters of a synthetic registry.
@Suite struct KeysetWalkTests {
    static let store: RegistryStore = {
        do {
            let directory = try Fixtures.temporaryDirectory()
            let store = try RegistryStore.open(path: directory.appendingPathComponent("walk.sqlite").path,
                                               migrationsDirectory: Fixtures.migrations)
            try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
            var generator = SyntheticRegistry(organisations: 300, projects: 250, partnerLinks: 900, seed: 11)
            _ = try generator.write(into: store)
            return store
        } catch {
            fatalError("cannot make the synthetic registry: \(error)")
        }
    }()

    static func walk(_ query: RecordQuery, pageSize: Int) throws -> [String] {
        var ids: [String] = []
        var page = query
        page.limit = pageSize
        while true {
            let served = try store.servedList(page, language: "en", personal: false)
            ids += served.records.map(\.id)
            guard served.records.count == pageSize, ids.count < served.total, let last = served.last else { return ids }
            page.offset = ids.count
            page.after = last
        }
    }

    static func whole(_ query: RecordQuery) throws -> [String] {
        var all = query
        all.limit = 100_000
        return try store.servedList(all, language: "en", personal: false).records.map(\.id)
    }

    @Test(arguments: RecordKind.allCases)
    func everySortEitherWayWalksAsOnePage(kind: RecordKind) throws {
        for field in RecordQuery.sortFields(for: kind) {
            for descending in [false, true] {
                var query = RecordQuery(kind: kind)
                query.sort = [RecordQuery.SortKey(field: field, descending: descending)]
                let expected = try KeysetWalkTests.whole(query)
                #expect(expected.count > 0)
                #expect(try KeysetWalkTests.walk(query, pageSize: 7) == expected, "\(kind) by \(field), descending \(descending)")
            }
        }
    }

    @Test func twoKeysFiltersAndTiesWalkAsOnePage() throws {
        var byCountry = RecordQuery(kind: .organisation)
        byCountry.sort = [.init(field: .country, descending: true), .init(field: .kind)]
        var funded = RecordQuery(kind: .project)
        funded.country = "DE"
        funded.sort = [.init(field: .coFinancingRate), .init(field: .end, descending: true)]
        var programme = RecordQuery(kind: .project)
        programme.sort = [.init(field: .kind), .init(field: .euFunding, descending: true)]
        programme.minBudgetCents = 1
        for query in [byCountry, funded, programme] {
            let expected = try KeysetWalkTests.whole(query)
            #expect(expected.count > 10)
            for size in [1, 3, 50] {
                #expect(try KeysetWalkTests.walk(query, pageSize: size) == expected, "\(query.sort), pages of \(size)")
            }
        }
    }
}
