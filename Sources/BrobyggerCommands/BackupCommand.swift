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
        let databasePath = try database.path()
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
