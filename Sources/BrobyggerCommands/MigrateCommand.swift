import ArgumentParser
import Foundation
import PostgresClient
import Registry

/// `brobygger migrate`: applies pending schema migrations, or with `--status` lists applied and pending ones.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending schema migrations, or list them with --status.",
        discussion: "Stops with a message naming the file when a migration applied earlier has been edited."
    )

    @Flag(help: "List every migration as applied, pending, edited or missing, and change nothing.")
    var status = false

    @OptionGroup var database: DatabaseOption

    @OptionGroup var migrations: MigrationsOption

    mutating func run() throws {
        let location = try database.location()
        let directory = try migrations.directory()
        do {
            let rows: [MigrationStatus]
            switch (location, status) {
            case (.sqlite(let path), true):
                rows = try RegistryStore.migrationStatus(path: path, migrationsDirectory: directory)
            case (.postgres(let url), true):
                rows = try PostgresMigrator(migrationsDirectory: directory).status(try PostgresConnection(url: url))
            case (.sqlite(let path), false):
                let pending = try RegistryStore.migrationStatus(path: path, migrationsDirectory: directory)
                    .filter { $0.state == .pending }.count
                let store = try RegistryStore.open(path: path, migrationsDirectory: directory)
                let total = try store.migrationStatus().filter { $0.state == .applied }.count
                print("\(location): \(pending) migration(s) applied now, \(total) in all, schema up to date.")
                return
            case (.postgres(let url), false):
                let connection = try PostgresConnection(url: url)
                let migrator = try PostgresMigrator(migrationsDirectory: directory)
                let applied = try migrator.migrate(connection)
                let total = try migrator.status(connection).filter { $0.state == .applied }.count
                print("\(location): \(applied.count) migration(s) applied now, \(total) in all, schema up to date.")
                return
            }
            print("Migrations of \(location):")
            for row in rows {
                let when = row.appliedAt.map { " at \($0)" } ?? ""
                print("  \(row.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(row.fileName)\(when)  sha256 \(row.checksum.prefix(12))")
            }
            if rows.contains(where: { $0.state == .edited || $0.state == .missing }) { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
