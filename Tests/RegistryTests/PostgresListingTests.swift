import Foundation
import GRDB
import PostgresClient
import RegistrySynthesis
import Testing
import TestSupport
@testable import Registry

/// The PostgreSQL store lists as the SQLite store does: the same registry, copied from one to the other, listed
/// through both with every filter, alone and combined, every sort, offsets, limits, keyset walks page by page,
/// ranked ids and batches; and its gazetteer reads the same. On the seeds and on a registry with a few hundred
/// synthetic records beside them, so that pages, ties and empty values are many.
@Suite struct PostgresListingTests {
    /// An SQLite registry, its copy in a new PostgreSQL database, and a PostgreSQL store over the copy.
    struct Pair {
        let directory: URL
        let database: PostgresTestDatabase
        let sqlite: RegistryStore
        let postgres: PostgresRegistryStore

        /// The seeds, a change and a token; with `synthetic`, also synthetic organisations, programmes and
        /// projects (all with budgets and periods, beside seed records that lack some).
        init(synthetic: Bool) throws {
            directory = try Fixtures.temporaryDirectory()
            database = try PostgresTestDatabase()
            sqlite = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path).store
            if synthetic {
                var generator = SyntheticRegistry(organisations: 150, projects: 320, partnerLinks: 1_300, seed: 20_261_201)
                _ = try generator.write(into: sqlite)
            }
            try RegistryCopy.copy(from: sqlite, to: database.url, migrationsDirectory: Fixtures.migrations)
            postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        }

        func close() {
            database.drop()
            try? FileManager.default.removeItem(at: directory)
        }

        /// The first column of `sql`'s rows on SQLite.
        func strings(_ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
            try sqlite.read { try String.fetchAll($0, sql: sql, arguments: arguments) }
        }

        // MARK: Comparing

        /// One page through both stores: the same records as served, the same total, the same position.
        @discardableResult
        func expectSamePage(_ query: RecordQuery, _ note: String, language: String = "da", personal: Bool = true) throws -> ServedPage {
            let expected = try sqlite.servedList(query, language: language, personal: personal)
            let actual = try postgres.servedList(query, language: language, personal: personal)
            #expect(actual.records == expected.records, "\(note)")
            #expect(actual.total == expected.total, "\(note)")
            #expect(actual.last == expected.last, "\(note)")
            return expected
        }

        /// The whole selection from the query's offset, page after page from each page's `last`, through both
        /// stores; its ids, which are also those of one page holding all of it when `whole` (they are not where
        /// ranked ids are missing, which make short pages, or twice, which a position after a record skips).
        @discardableResult
        func expectSameWalk(_ query: RecordQuery, _ note: String, whole wholeChecked: Bool = true) throws -> [String] {
            var query = query
            var ids: [String] = []
            for page in 0... {
                let served = try expectSamePage(query, "\(note), page \(page)")
                ids += served.records.map(\.id)
                guard served.records.count == query.limit, let last = served.last, page < 500 else { break }
                query.after = last
            }
            guard wholeChecked else { return ids }
            var whole = query
            whole.after = nil
            whole.limit = 100_000
            #expect(try sqlite.servedList(whole, language: "en", personal: false).records.map(\.id) == ids, "\(note): whole")
            return ids
        }

        /// The selection in batches of `count` from each batch's `next`, through both stores; its ids.
        @discardableResult
        func expectSameBatches(_ query: RecordQuery, count: Int, _ note: String) throws -> [String] {
            var position: ListPosition?
            var ids: [String] = []
            for batch in 0..<1_000 {
                let expected = try sqlite.servedBatch(query, after: position, count: count, language: "de", personal: false)
                let actual = try postgres.servedBatch(query, after: position, count: count, language: "de", personal: false)
                #expect(actual.records.map(Self.fields) == expected.records.map(Self.fields), "\(note), batch \(batch)")
                #expect(actual.next == expected.next, "\(note), batch \(batch)")
                ids += expected.records.map(\.id)
                guard let next = expected.next else { break }
                position = next
            }
            return ids
        }

        private static func fields(_ record: ServedBatch.Record) -> [String] {
            [record.id, String(decoding: record.json, as: UTF8.self), record.label]
        }

        /// The page as decoded records, through both stores.
        func expectSameRecords(_ query: RecordQuery, _ note: String) throws {
            switch query.kind {
            case .project: try expectSameRecords(Project.self, query, note)
            case .partnership: try expectSameRecords(Partnership.self, query, note)
            case .organisation: try expectSameRecords(Organisation.self, query, note)
            case .region: try expectSameRecords(Region.self, query, note)
            case .programme: try expectSameRecords(Programme.self, query, note)
            case .person: try expectSameRecords(Person.self, query, note)
            case .theme: try expectSameRecords(Theme.self, query, note)
            }
        }

        private func expectSameRecords<R: RegistryRecord>(_ type: R.Type, _ query: RecordQuery, _ note: String) throws {
            let expected = try sqlite.list(type, query)
            let actual = try postgres.list(type, query)
            #expect(actual.records == expected.records, "\(note)")
            #expect(actual.total == expected.total, "\(note)")
        }

        // MARK: Queries

        /// Values of every filter a kind takes, found in the registry (the most used first), and one that
        /// selects nothing.
        func filterValues(_ kind: RecordKind) throws -> [(label: String, set: (inout RecordQuery) -> Void)] {
            var values: [(label: String, set: (inout RecordQuery) -> Void)] = []
            for filter in RecordQuery.supportedFilters(for: kind) {
                switch filter {
                case .country:
                    let countries = try strings("""
                        SELECT country FROM organisation WHERE country IS NOT NULL GROUP BY country ORDER BY count(*) DESC, country LIMIT 4
                        """)
                    // Any case is the same country.
                    let lowercased = countries.prefix(1).map { $0.lowercased() }
                    for country in countries + lowercased + ["XX"] {
                        values.append(("country=\(country)", { $0.country = country }))
                    }
                case .theme:
                    let themes = try strings("""
                        SELECT theme_id FROM record_theme WHERE record_kind = ? GROUP BY theme_id ORDER BY count(*) DESC, theme_id LIMIT 3
                        """, [kind.rawValue])
                    for theme in themes + ["no-such-theme"] { values.append(("theme=\(theme)", { $0.theme = theme })) }
                case .kind:
                    for recordKind in (RecordQuery.kindValues(for: kind) ?? []) + ["no-such-kind"] {
                        values.append(("kind=\(recordKind)", { $0.recordKind = recordKind }))
                    }
                case .programme:
                    let programmes = try strings(kind == .project
                        ? "SELECT programme_id FROM project WHERE programme_id IS NOT NULL GROUP BY programme_id ORDER BY count(*) DESC, programme_id LIMIT 3"
                        : "SELECT value FROM \(kind.rawValue), json_each(data, '$.programmes') GROUP BY value ORDER BY count(*) DESC, value LIMIT 3")
                    for programme in programmes + ["no-such-programme"] {
                        values.append(("programme=\(programme)", { $0.programme = programme }))
                    }
                case .organisation:
                    let links = switch kind {
                    case .project: "SELECT organisation_id FROM project_partner"
                    case .partnership: "SELECT organisation_id FROM partnership_party WHERE organisation_id IS NOT NULL"
                    case .region: "SELECT organisation_id FROM region_member"
                    case .person: "SELECT organisation_id FROM person_role WHERE organisation_id IS NOT NULL"
                    default: "SELECT id AS organisation_id FROM organisation"
                    }
                    let organisations = try strings("""
                        SELECT organisation_id FROM (\(links)) GROUP BY organisation_id ORDER BY count(*) DESC, organisation_id LIMIT 3
                        """)
                    for organisation in organisations + ["no-such-organisation"] {
                        values.append(("organisation=\(organisation)", { $0.organisation = organisation }))
                    }
                case .activeOn:
                    // About the end of 2020: a seed record ends in "2020", which counts as its last day.
                    for day in ["2005-01-01", "2014-03-15", "2020-12-31", "2021-01-01", "2026-06-30", "2014"] {
                        values.append(("activeOn=\(day)", { $0.activeOn = ISODate(day) }))
                    }
                case .startAfter:
                    for day in ["2010-01-01", "2014", "2018-06-30", "2011-05-31"] {
                        values.append(("startAfter=\(day)", { $0.startAfter = ISODate(day) }))
                    }
                case .endBefore:
                    for day in ["2015-01-01", "2021-01-01", "2020-12-31", "2030-12-31"] {
                        values.append(("endBefore=\(day)", { $0.endBefore = ISODate(day) }))
                    }
                case .minBudget:
                    for cents: Int64 in [100_000_000, 1_000_000_000, 0] {
                        values.append(("minBudget=\(cents)", { $0.minBudgetCents = cents }))
                    }
                case .maxBudget:
                    for cents: Int64 in [500_000_000, 1_500_000_000] {
                        values.append(("maxBudget=\(cents)", { $0.maxBudgetCents = cents }))
                    }
                }
            }
            return values
        }

        /// Every sort of a kind: each field ascending and descending, and two fields together.
        static func sorts(_ kind: RecordKind) -> [[RecordQuery.SortKey]] {
            let fields = RecordQuery.sortFields(for: kind)
            var sorts: [[RecordQuery.SortKey]] = []
            for field in fields {
                sorts.append([RecordQuery.SortKey(field: field)])
                sorts.append([RecordQuery.SortKey(field: field, descending: true)])
            }
            if let last = fields.last, last != .name {
                sorts.append([RecordQuery.SortKey(field: last, descending: true), RecordQuery.SortKey(field: .name)])
                sorts.append([RecordQuery.SortKey(field: .name, descending: true), RecordQuery.SortKey(field: last)])
            }
            return sorts
        }

        /// The filter a value's label names.
        static func filter(_ label: String) -> Substring {
            label.prefix(while: { $0 != "=" })
        }

        static func label(_ sort: [RecordQuery.SortKey]) -> String {
            sort.map { "\($0.descending ? "-" : "")\($0.field)" }.joined(separator: ",")
        }
    }

    @Test(arguments: [false, true]) func everySortListsTheSamePagesAndWalks(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        var walked = 0
        for kind in RecordKind.allCases {
            let total = try pair.sqlite.count(kind)
            for sort in [[]] + Pair.sorts(kind) {
                var query = RecordQuery(kind: kind)
                query.sort = sort
                let note = "\(kind) sort=\(Pair.label(sort))"
                query.limit = synthetic ? 37 : 6
                let ids = try pair.expectSameWalk(query, note)
                #expect(ids.count == total, "\(note)")
                walked += ids.count
                // Offsets inside, at and past the end, and limits of one and of everything.
                for offset in [1, 5, max(0, total - 1), total, total + 4] {
                    query.offset = offset
                    try pair.expectSamePage(query, "\(note) offset=\(offset)")
                }
                for limit in [1, 500] {
                    query.offset = 2
                    query.limit = limit
                    try pair.expectSamePage(query, "\(note) limit=\(limit)", language: "en", personal: false)
                }
                // A walk that starts at an offset.
                query.offset = 3
                query.limit = 11
                try pair.expectSameWalk(query, "\(note) from offset 3")
                try pair.expectSameRecords(query, note)
            }
        }
        #expect(walked > (synthetic ? 9_000 : 800))
    }

    @Test(arguments: [false, true]) func everyFilterAloneAndCombinedListsTheSame(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        var selected = 0
        for kind in RecordKind.allCases {
            let values = try pair.filterValues(kind)
            let sorts = Pair.sorts(kind)
            // Each value alone, in the default order and in one sort of the kind's (turn by turn).
            for (index, value) in values.enumerated() {
                var query = RecordQuery(kind: kind)
                value.set(&query)
                query.limit = 5
                selected += try pair.expectSameWalk(query, "\(kind) \(value.label)").count
                query.sort = sorts[index % sorts.count]
                selected += try pair.expectSameWalk(query, "\(kind) \(value.label) sort=\(Pair.label(query.sort))").count
                query.offset = 2
                try pair.expectSamePage(query, "\(kind) \(value.label) offset 2")
                try pair.expectSameRecords(query, "\(kind) \(value.label)")
            }
            // Two filters together: every pair of different filters, with their first values and with others.
            for (first, one) in values.enumerated() {
                for (second, other) in values.enumerated().dropFirst(first + 1) {
                    guard Pair.filter(one.label) != Pair.filter(other.label) else { continue }
                    guard (first + second) % 3 == 0 || first == 0 else { continue }
                    var query = RecordQuery(kind: kind)
                    one.set(&query)
                    other.set(&query)
                    query.limit = 4
                    query.sort = sorts[(first + second) % sorts.count]
                    selected += try pair.expectSameWalk(query, "\(kind) \(one.label) \(other.label) sort=\(Pair.label(query.sort))").count
                }
            }
            // Every filter at once, with its first value.
            var all = RecordQuery(kind: kind)
            var seen = Set<Substring>()
            for value in values where seen.insert(Pair.filter(value.label)).inserted { value.set(&all) }
            try pair.expectSameWalk(all, "\(kind) every filter")
        }
        #expect(selected > 100)
    }

    @Test(arguments: [false, true]) func aProjectCountryIsProbedOrCollectedAlike(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        // Where the country's projects are few against the page, they are collected; where many, probed: a
        // page near the start of a common country, and a far one, take the two ways.
        let countries = try pair.strings("SELECT country FROM project_country GROUP BY country ORDER BY count(*) DESC, country")
        #expect(countries.count > 1)
        for country in countries {
            for (offset, limit) in [(0, 2), (0, 50), (30, 100), (200, 10)] {
                var query = RecordQuery(kind: .project)
                query.country = country
                query.offset = offset
                query.limit = limit
                try pair.expectSamePage(query, "country=\(country) offset=\(offset) limit=\(limit)")
                query.sort = [RecordQuery.SortKey(field: .totalBudget, descending: true)]
                try pair.expectSamePage(query, "country=\(country) offset=\(offset) limit=\(limit) by budget")
                query.theme = "no-such-theme"
                try pair.expectSamePage(query, "country=\(country) with nothing else")
            }
        }
    }

    @Test(arguments: [false, true]) func rankedIDsListTheSame(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        for kind in RecordKind.allCases {
            let ids = try pair.strings("SELECT id FROM \(kind.rawValue) ORDER BY id")
            // An order of their own (by a hash of the id), an id twice, ids that are not records.
            let shuffled = ids.sorted { ($0.utf8.reduce(7) { $0 &* 31 &+ Int($1) }, $0) < ($1.utf8.reduce(7) { $0 &* 31 &+ Int($1) }, $1) }
            let halves = shuffled.count / 2
            let ranked = ["no-such-record"] + Array(shuffled.prefix(halves)) + Array(shuffled.prefix(2))
                + ["another-missing"] + Array(shuffled.dropFirst(halves))
            // Small pages are walked on the seeds; the synthetic records' many ties are met by pages of 25 (with
            // pages of 1 and 4 too they took most of the suite's time).
            for limit in synthetic ? [25] : [1, 4, 25] {
                // Ranked ids that are all records, each once: the walk gives them all, in their ranking.
                var query = RecordQuery(kind: kind)
                query.rankedMatches = RankedMatches(ids: shuffled)
                query.limit = limit
                #expect(try pair.expectSameWalk(query, "\(kind) ranked limit=\(limit)") == shuffled, "\(kind)")
                query.offset = 3
                try pair.expectSameWalk(query, "\(kind) ranked from offset 3 limit=\(limit)")
                // And with missing and repeated ids, as both stores read them.
                query.rankedMatches = RankedMatches(ids: ranked)
                for offset in [0, 3] {
                    query.offset = offset
                    try pair.expectSameWalk(query, "\(kind) ranked with gaps from \(offset) limit=\(limit)", whole: false)
                }
                query.offset = ids.count + 1
                try pair.expectSamePage(query, "\(kind) ranked past the end")
                query.offset = 0
                for rankedIDs in [shuffled, ranked] {
                    query.rankedMatches = RankedMatches(ids: rankedIDs)
                    let clean = rankedIDs == shuffled
                    for sort in Pair.sorts(kind).prefix(6) {
                        query.sort = sort
                        try pair.expectSameWalk(query, "\(kind) ranked sort=\(Pair.label(sort)) limit=\(limit)", whole: clean)
                    }
                    query.sort = []
                    for value in try pair.filterValues(kind).prefix(8) {
                        var filtered = query
                        value.set(&filtered)
                        try pair.expectSameWalk(filtered, "\(kind) ranked \(value.label) limit=\(limit)", whole: clean)
                        filtered.sort = [RecordQuery.SortKey(field: .name, descending: true)]
                        try pair.expectSameWalk(filtered, "\(kind) ranked \(value.label) by name limit=\(limit)", whole: clean)
                    }
                }
            }
            var empty = RecordQuery(kind: kind)
            empty.rankedMatches = RankedMatches(ids: [])
            try pair.expectSamePage(empty, "\(kind) ranked nothing")
            try pair.expectSameRecords(empty, "\(kind) ranked nothing")
        }
    }

    @Test(arguments: [false, true]) func batchesWalkTheSame(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        for kind in RecordKind.allCases {
            var queries: [(String, RecordQuery)] = []
            for sort in [[]] + Pair.sorts(kind) {
                var query = RecordQuery(kind: kind)
                query.sort = sort
                queries.append(("sort=\(Pair.label(sort))", query))
            }
            for value in try pair.filterValues(kind) {
                var query = RecordQuery(kind: kind)
                value.set(&query)
                query.sort = [RecordQuery.SortKey(field: .name, descending: true)]
                queries.append((value.label, query))
            }
            var ranked = RecordQuery(kind: kind)
            ranked.rankedMatches = RankedMatches(ids: try pair.strings("SELECT id FROM \(kind.rawValue) ORDER BY id DESC"))
            queries.append(("ranked", ranked))
            for (label, query) in queries {
                for count in [1, 7, 100] where count > 1 || !synthetic {
                    let ids = try pair.expectSameBatches(query, count: count, "\(kind) \(label) count=\(count)")
                    var all = query
                    all.limit = 100_000
                    #expect(try pair.sqlite.servedList(all, language: "en", personal: false).records.map(\.id) == ids, "\(kind) \(label)")
                }
            }
        }
    }

    @Test func aSnapshotListsTheSameAndCountsAreKeptUntilForgotten() throws {
        let pair = try Pair(synthetic: false)
        defer { pair.close() }
        var query = RecordQuery(kind: .organisation)
        query.country = "DK"
        query.limit = 3
        let first = try pair.postgres.snapshot {
            #expect(PostgresRegistryStore.snapshotCountGeneration == pair.postgres.selectionCounts.generation)
            return try pair.postgres.servedList(query, language: "en", personal: false)
        }
        let expected = try pair.sqlite.servedList(query, language: "en", personal: false)
        #expect(first.records == expected.records && first.total == expected.total && first.last == expected.last)
        #expect(PostgresRegistryStore.snapshotCountGeneration == nil)
        // A count made in a snapshot that a change overtook is not kept.
        try pair.postgres.snapshot {
            // The snapshot begins with its first read; the change then comes after it.
            _ = try pair.postgres.count(.organisation)
            pair.postgres.selectionCounts.removeAll()
            try pair.database.connect().execute("""
                INSERT INTO organisation (id, origin, name, kind, country, data) VALUES ('zz-listed', 'api', 'Z', 'company', 'DK', '{}')
                """)
            #expect(try pair.postgres.servedList(query, language: "en", personal: false).total == first.total)
        }
        #expect(try pair.postgres.servedList(query, language: "en", personal: false).total == first.total + 1)
        // A change heard of (through this instance or another's notification) forgets the kept counts.
        try pair.database.connect().execute("""
            INSERT INTO organisation (id, origin, name, kind, country, data) VALUES ('zz-listed-2', 'api', 'Z', 'company', 'DK', '{}')
            """)
        pair.postgres.changes.noteChange()
        #expect(try pair.postgres.servedList(query, language: "en", personal: false).total == first.total + 2)
    }

    @Test(arguments: [false, true]) func placesReadTheSame(synthetic: Bool) throws {
        let pair = try Pair(synthetic: synthetic)
        defer { pair.close() }
        let ids = try pair.strings("SELECT id FROM place ORDER BY id")
        #expect(ids.count > 10)
        for id in ids + ["no-such-place"] {
            #expect(try pair.postgres.place(id: id) == pair.sqlite.place(id: id), "\(id)")
            #expect(try pair.postgres.placeChildren(of: id) == pair.sqlite.placeChildren(of: id), "\(id)")
        }
        let codes = try pair.strings("SELECT DISTINCT nuts FROM place WHERE nuts IS NOT NULL ORDER BY nuts")
        #expect(!codes.isEmpty)
        for code in codes + ["XX9"] {
            #expect(try pair.postgres.place(nuts: code) == pair.sqlite.place(nuts: code), "\(code)")
        }
        let countries = try pair.strings("SELECT DISTINCT country FROM place ORDER BY country")
        let askedCountries: [String?] = [nil] + countries.map(Optional.some) + [countries.first?.lowercased(), "XX"]
        let levels: [Int?] = [nil, 0, 1, 2, 3, 4]
        let texts: [String?] = [nil, "syd", "region", "\"Region Syddanmark\"", "kø"]
        for country in askedCountries {
            for level in levels {
                for text in texts {
                    let filter = try text.map { try PlaceTextFilter($0) }
                    let expected = try pair.sqlite.places(country: country, level: level, text: filter)
                    let actual = try pair.postgres.places(country: country, level: level, text: filter)
                    let note = "\(country ?? "-") \(level.map { String($0) } ?? "-") \(text ?? "-")"
                    #expect(actual == expected, "\(note)")
                }
            }
        }
        #expect(try !pair.postgres.places(country: countries.first).isEmpty)
    }
}
