import Foundation
import Registry
import TestSupport

/// A PostgreSQL database holding the seeds, made once per test run (loaded into a temporary SQLite file and
/// copied by `RegistryCopy`, as `brobygger copy` does): each PostgreSQL test server's database is a copy of it,
/// which PostgreSQL makes far faster than a copy of the seeds each time. It lives as long as the throwaway
/// cluster of `scripts/with-postgres`.
enum SeededPostgresTemplate {
    static let database = Result { try make() }

    private static func make() throws -> PostgresTestDatabase {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try RegistryStore.open(path: directory.appendingPathComponent("seeds.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: seeded)
        let database = try PostgresTestDatabase()
        do {
            try RegistryCopy.copy(from: seeded, to: database.url, migrationsDirectory: Fixtures.migrations)
        } catch {
            database.drop()
            throw error
        }
        return database
    }
}
