import ArgumentParser
import Foundation
import Registry

/// `brobygger backup`: a consistent copy of the database, taken with SQLite's online backup while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file with SQLite's online backup, safely while the server runs.",
        discussion: """
            The copy is a consistent snapshot. To restore, stop the server, move the copy to the database path \
            (removing any -wal and -shm files beside the old one) and start the server again.
            """
    )

    /// The database to copy.
    @OptionGroup var database: DatabaseOption

    @Argument(help: "The file to write; it must not exist yet.")
    var output: String

    mutating func run() throws {
        guard case .sqlite(let databasePath) = try database.location() else {
            // A PostgreSQL database has its operators' tools for this; a copy of our own would be a lesser one.
            throw ValidationError(
                "backup copies an SQLite database; back up a PostgreSQL database with pg_dump (for example `pg_dump --format=custom --file=registry.dump DATABASE_URL`), or copy it to an SQLite file with `brobygger copy --from DATABASE_URL --to FILE`")
        }
        guard databasePath != ":memory:", FileManager.default.fileExists(atPath: databasePath) else {
            throw ValidationError("no database at \(databasePath)")
        }
        let started = ContinuousClock.now
        do {
            try RegistryStore.backup(databaseAt: databasePath, to: output)
        } catch {
            FileHandle.standardError.write(Data("backup: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        print("backed up \(databasePath) to \(output) (\(bytes) bytes in \((ContinuousClock.now - started).fractionalMilliseconds) ms)")
    }
}
