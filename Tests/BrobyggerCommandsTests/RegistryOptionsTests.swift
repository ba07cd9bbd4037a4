@testable import BrobyggerCommands
import Foundation
import PostgresClient
import Registry
import Testing

/// Where the registry lives, for every sub-command that names a database, seeds or migrations.
@Suite struct RegistryOptionsTests {
    @Test func defaultsWithoutFlagsOrEnvironment() throws {
        let options = try RegistryOptions.parse([])
        #expect(try options.databasePath(for: "serve", environment: [:]) == "./data/brobygger.sqlite")
        #expect(try options.seedsDirectory(environment: [:]) == URL(fileURLWithPath: "./seeds"))
        #expect(try options.migrationsDirectory(environment: [:]) == URL(fileURLWithPath: "./migrations"))
    }

    @Test func environmentOverDefaults() throws {
        let options = try RegistryOptions.parse([])
        let environment = ["DATABASE_PATH": "/srv/registry.sqlite", "SEEDS_PATH": "/srv/seeds", "MIGRATIONS_PATH": "/srv/migrations"]
        #expect(try options.databasePath(for: "serve", environment: environment) == "/srv/registry.sqlite")
        #expect(try options.seedsDirectory(environment: environment) == URL(fileURLWithPath: "/srv/seeds"))
        #expect(try options.migrationsDirectory(environment: environment) == URL(fileURLWithPath: "/srv/migrations"))
    }

    @Test func flagsOverEnvironment() throws {
        let options = try RegistryOptions.parse(["--database", "here.sqlite", "--seeds", "s", "--migrations", "m"])
        let environment = ["DATABASE_PATH": "/srv/registry.sqlite", "SEEDS_PATH": "/srv/seeds", "MIGRATIONS_PATH": "/srv/migrations"]
        #expect(try options.databasePath(for: "serve", environment: environment) == "here.sqlite")
        #expect(try options.seedsDirectory(environment: environment) == URL(fileURLWithPath: "s"))
        #expect(try options.migrationsDirectory(environment: environment) == URL(fileURLWithPath: "m"))
    }

    @Test func theSubCommandsShareTheDatabaseOption() throws {
        let environment = ["DATABASE_PATH": "/srv/registry.sqlite", "MIGRATIONS_PATH": "/srv/migrations"]
        let migrate = try MigrateCommand.parse(["--status"])
        #expect(try migrate.database.path(environment: environment) == "/srv/registry.sqlite")
        #expect(try migrate.migrations.directory(environment: environment) == URL(fileURLWithPath: "/srv/migrations"))
        let backup = try BackupCommand.parse(["--database", "other.sqlite", "copy.sqlite"])
        #expect(try backup.database.path(environment: environment) == "other.sqlite")
        let synthesize = try SynthesizeCommand.parse([])
        #expect(try synthesize.registry.databasePath(for: "synthesize", environment: [:]) == "./data/brobygger.sqlite")
    }

    @Test func checkSeedsLoadsIntoMemoryUnlessToldOtherwise() throws {
        let check = try CheckSeedsCommand.parse([])
        #expect(check.database == nil)
        #expect(try check.seeds.directory(environment: ["SEEDS_PATH": "/srv/seeds"]) == URL(fileURLWithPath: "/srv/seeds"))
    }

    @Test func aPostgresURLSelectsPostgreSQLAndDatabaseURLWinsOverThePath() throws {
        let options = try RegistryOptions.parse([])
        let environment = ["DATABASE_URL": "postgres://app@db.example:5433/registry", "DATABASE_PATH": "/srv/registry.sqlite"]
        let expected = DatabaseLocation.postgres(PostgresURL(user: "app", host: "db.example", port: 5433, database: "registry"))
        #expect(try options.database.location(environment: environment) == expected)
        #expect(try options.database.location(environment: ["DATABASE_PATH": "/srv/registry.sqlite"]) == .sqlite(path: "/srv/registry.sqlite"))
        let flagged = try RegistryOptions.parse(["--database", "postgresql://app@db.example/registry"])
        #expect(try flagged.database.location(environment: environment)
            == .postgres(PostgresURL(user: "app", host: "db.example", database: "registry")))
        // A command that runs on SQLite only says so rather than taking the URL for a file name.
        #expect(throws: ConfigurationError.self) { try options.databasePath(for: "serve", environment: environment) }
        let malformed = try RegistryOptions.parse(["--database", "postgres://db.example/registry"])
        #expect(throws: ConfigurationError.self) { try malformed.database.location(environment: [:]) }
    }
}
