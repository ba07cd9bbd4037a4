import ArgumentParser
import Foundation

/// Where the registry lives: database file, seeds and migrations, each with an environment variable.
struct RegistryOptions: ParsableArguments {
    @Option(help: "SQLite database file, created if missing; :memory: for a throwaway one (env DATABASE_PATH; default ./data/brobygger.sqlite).")
    var database: String?

    @Option(help: "The seeds directory: documents/, records/, gazetteer.json (env SEEDS_PATH; default ./seeds).")
    var seeds: String?

    @Option(help: "The migrations directory (env MIGRATIONS_PATH; default ./migrations).")
    var migrations: String?

    func databasePath() throws -> String {
        try EnvironmentValue.resolve(database, "DATABASE_PATH", default: "./data/brobygger.sqlite") { $0 }
    }

    func seedsDirectory() throws -> URL {
        URL(fileURLWithPath: try EnvironmentValue.resolve(seeds, "SEEDS_PATH", default: "./seeds") { $0 })
    }

    func migrationsDirectory() throws -> URL {
        URL(fileURLWithPath: try EnvironmentValue.resolve(migrations, "MIGRATIONS_PATH", default: "./migrations") { $0 })
    }
}
