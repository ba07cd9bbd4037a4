import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// Migration 23 indexes a theme's records by theme, kind and record: a list filtered by a theme reads that theme's
/// records of the list's kind as one range of the index, in the order of their ids, where before it read every
/// theme of every record of the kind. A registry migrated in place lists each theme's records as before.
@Suite struct ThemeIndexMigrationTests {
    /// The plan SQLite makes for the first page of the organisations of a theme, in the default order.
    private static func themePlan(_ store: RegistryStore) throws -> [String] {
        var query = RecordQuery(kind: .organisation)
        query.theme = "tourism"
        let (conditions, arguments) = RegistryStore.conditions(for: query)
        let sql = "SELECT t.id FROM organisation AS t \(RegistryStore.whereClause(conditions)) ORDER BY t.id LIMIT 100"
        return try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// Every theme's records of each kind, as its lists give them.
    private static func themeLists(_ store: RegistryStore) throws -> [String: [String]] {
        let themes = try store.read { try String.fetchAll($0, sql: "SELECT id FROM theme ORDER BY id") }
        var lists: [String: [String]] = [:]
        for theme in themes {
            for kind in [RecordKind.organisation, .project, .partnership, .region] {
                var query = RecordQuery(kind: kind)
                query.theme = theme
                query.limit = 1_000
                lists["\(kind.rawValue) \(theme)"] = try store.servedList(query, language: "en", personal: false).records.map(\.id)
            }
        }
        return lists
    }

    @Test func aThemesRecordsOfAKindAreOneRangeOfTheIndexAfterTheMigration() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = try Fixtures.migrations(before: "0023", in: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        let before = try RegistryStore.open(path: path, migrationsDirectory: older)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: before)
        let range = "record_theme_by_theme (theme_id=? AND record_kind=?)"
        #expect(try !Self.themePlan(before).contains { $0.contains(range) })
        let lists = try Self.themeLists(before)
        #expect(lists.values.contains { !$0.isEmpty })

        let after = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(try after.migrationStatus().allSatisfy { $0.state == .applied })
        let plan = try Self.themePlan(after)
        #expect(plan.contains { $0.contains(range) }, "\(plan)")
        #expect(try Self.themeLists(after) == lists)
    }
}
