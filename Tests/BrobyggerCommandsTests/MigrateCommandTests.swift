import Foundation
import Registry
import Testing
import TestSupport

/// `brobygger migrate` run as the built executable on a real SQLite file.
@Suite struct MigrateCommandTests {
    /// Runs `brobygger migrate <arguments> --database <database>` with `migrations` and waits for it.
    static func migrate(_ arguments: [String], database: URL, migrations: URL) throws -> TokenCommandTests.Run {
        try TokenCommandTests.brobygger(["migrate"] + arguments + ["--database", database.path, "--migrations", migrations.path])
    }

    @Test func itSaysHowManyMigrationsItAppliedAndHowManyThereAreInAll() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("registry.sqlite")
        let all = try Fixtures.migrationFileNames().count
        // A registry of an older release: every migration but the last.
        let older = try Fixtures.migrations(before: String(try #require(try Fixtures.migrationFileNames().last).prefix(4)), in: directory)
        let first = try Self.migrate([], database: database, migrations: older)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == "\(database.path): \(all - 1) migration(s) applied now, \(all - 1) in all, schema up to date.\n")

        let upgrade = try Self.migrate([], database: database, migrations: Fixtures.migrations)
        #expect(upgrade.status == 0, "\(upgrade.error)")
        #expect(upgrade.output == "\(database.path): 1 migration(s) applied now, \(all) in all, schema up to date.\n")

        let again = try Self.migrate([], database: database, migrations: Fixtures.migrations)
        #expect(again.output == "\(database.path): 0 migration(s) applied now, \(all) in all, schema up to date.\n")
        let status = try Self.migrate(["--status"], database: database, migrations: Fixtures.migrations)
        #expect(status.status == 0)
        #expect(status.output.split(separator: "\n").filter { $0.hasPrefix("  applied ") }.count == all)
    }
}
