import ArgumentParser
import Foundation
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
        let databasePath = try database.path()
        let directory = try migrations.directory()
        do {
            if status {
                let rows = try RegistryStore.migrationStatus(path: databasePath, migrationsDirectory: directory)
                print("Migrations of \(databasePath):")
                for row in rows {
                    let when = row.appliedAt.map { " at \($0)" } ?? ""
                    print("  \(row.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(row.fileName)\(when)  sha256 \(row.checksum.prefix(12))")
                }
                if rows.contains(where: { $0.state == .edited || $0.state == .missing }) { throw ExitCode(1) }
            } else {
                let store = try RegistryStore.open(path: databasePath, migrationsDirectory: directory)
                let applied = try store.migrationStatus().filter { $0.state == .applied }.count
                print("\(databasePath): \(applied) migration(s) applied, schema up to date.")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
