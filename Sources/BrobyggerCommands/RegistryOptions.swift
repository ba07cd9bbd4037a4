import ArgumentParser
import Foundation
import Registry

/// Where the registry lives: database file, seeds and migrations, each with an environment variable and a
/// default. Sub-commands that need only some of them take those groups alone, so a name, variable and
/// default are declared once for every sub-command.
struct RegistryOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption
    @OptionGroup var seeds: SeedsOption
    @OptionGroup var migrations: MigrationsOption

    /// The SQLite file (or `:memory:`) selected; `command` does not run on PostgreSQL, and says so.
    func databasePath(for command: String, environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> String {
        try database.sqlitePath(for: command, environment: environment)
    }

    func seedsDirectory(environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> URL {
        try seeds.directory(environment: environment)
    }

    func migrationsDirectory(environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> URL {
        try migrations.directory(environment: environment)
    }
}

/// A path given by a flag, else an environment variable, else a default.
protocol PathOption: ParsableArguments {
    /// The flag's value, when given.
    var value: String? { get }
    static var variable: String { get }
    static var defaultPath: String { get }
}

extension PathOption {
    func path(environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> String {
        try EnvironmentValue.resolve(value, Self.variable, default: Self.defaultPath, environment: environment) { $0 }
    }

    func directory(environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> URL {
        URL(fileURLWithPath: try path(environment: environment))
    }
}

/// `--database`, else `DATABASE_URL`, else `DATABASE_PATH`, else `./data/brobygger.sqlite`: an SQLite file, or
/// PostgreSQL by a `postgres://` URL.
struct DatabaseOption: PathOption {
    static let variable = "DATABASE_PATH"
    /// The variable that platforms which provision PostgreSQL set; it wins over `DATABASE_PATH`.
    static let urlVariable = "DATABASE_URL"
    static let defaultPath = "./data/brobygger.sqlite"

    @Option(name: .customLong("database"),
            help: "SQLite database file, created if missing, :memory: for a throwaway one, or postgres://user@host:port/database (env \(DatabaseOption.urlVariable) or \(DatabaseOption.variable); default \(DatabaseOption.defaultPath)).")
    var value: String?

    /// The store the options and environment select; a malformed PostgreSQL URL is an error saying what is wrong.
    func location(environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> DatabaseLocation {
        let text = try value ?? EnvironmentValue.string(Self.urlVariable, environment: environment) ?? path(environment: environment)
        do {
            return try DatabaseLocation(parsing: text)
        } catch {
            throw ConfigurationError("\(error)")
        }
    }

    /// The SQLite file (or `:memory:`) selected; `command` does not run on PostgreSQL, and says so.
    func sqlitePath(for command: String, environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> String {
        switch try location(environment: environment) {
        case .sqlite(let path): return path
        case .postgres:
            throw ConfigurationError(
                "brobygger \(command) works on the SQLite store only; a PostgreSQL database is migrated with `brobygger migrate` and filled with `brobygger copy`")
        }
    }
}

/// `--seeds`, else `SEEDS_PATH`, else `./seeds`.
struct SeedsOption: PathOption {
    static let variable = "SEEDS_PATH"
    static let defaultPath = "./seeds"

    @Option(name: .customLong("seeds"),
            help: "The seeds directory: documents/, records/, gazetteer.json (env \(SeedsOption.variable); default \(SeedsOption.defaultPath)).")
    var value: String?
}

/// `--migrations`, else `MIGRATIONS_PATH`, else `./migrations`.
struct MigrationsOption: PathOption {
    static let variable = "MIGRATIONS_PATH"
    static let defaultPath = "./migrations"

    @Option(name: .customLong("migrations"), help: "The migrations directory (env \(MigrationsOption.variable); default \(MigrationsOption.defaultPath)).")
    var value: String?
}

/// `--profile-directory`, else `PROFILES_PATH`, else `./profiles`: the built-in import mappings.
struct ProfilesOption: PathOption {
    static let variable = "PROFILES_PATH"
    static let defaultPath = "./profiles"

    @Option(name: .customLong("profile-directory"),
            help: "The directory of the built-in import profiles (env \(ProfilesOption.variable); default \(ProfilesOption.defaultPath)).")
    var value: String?
}
