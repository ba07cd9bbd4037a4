import ArgumentParser
import Foundation
import PostgresClient
import Registry

/// `brobygger copy`: moves a whole registry between an SQLite file and a PostgreSQL database, either way.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole registry from an SQLite file to an empty PostgreSQL database, or back.",
        discussion: """
            Records, documents, places, findings, search entries, history, tokens and the instance secret are \
            copied in one transaction on each side, and each table's row count is checked before the target \
            commits: the target gets everything or nothing. The target must hold no registry yet (a new SQLite \
            file is created); both schemas are migrated first. Stop the servers writing to the source, or copy \
            from a backup: what is written after the copy began is not in it.
            """
    )

    @Option(help: "The registry to read: an SQLite file, or postgres://user@host:port/database.")
    var from: String

    @Option(help: "The registry to fill: a postgres:// URL when --from is a file, a new SQLite file when --from is a URL.")
    var to: String

    @OptionGroup var migrations: MigrationsOption

    mutating func run() throws {
        let source: DatabaseLocation
        let target: DatabaseLocation
        do {
            source = try DatabaseLocation(parsing: from)
            target = try DatabaseLocation(parsing: to)
        } catch {
            throw ValidationError("\(error)")
        }
        let directory = try migrations.directory()
        let started = ContinuousClock.now
        let counts: [RegistryCopy.TableCount]
        do {
            switch (source, target) {
            case (.sqlite(let path), .postgres(let url)):
                guard path != ":memory:", FileManager.default.fileExists(atPath: path) else {
                    throw ValidationError("no SQLite database at \(path)")
                }
                let store = try RegistryStore.open(path: path, migrationsDirectory: directory)
                counts = try RegistryCopy.copy(from: store, to: url, migrationsDirectory: directory)
            case (.postgres(let url), .sqlite(let path)):
                guard path != ":memory:" else { throw ValidationError("--to :memory: would forget the copy at once; name a file") }
                let store = try RegistryStore.open(path: path, migrationsDirectory: directory)
                counts = try RegistryCopy.copy(from: url, to: store, migrationsDirectory: directory)
                // The whole registry went through the write-ahead log: leave one file, as `synthesize` does.
                try store.truncateWriteAheadLog()
            case (.sqlite, .sqlite):
                throw ValidationError("both are SQLite files; to copy one, use `brobygger backup`")
            case (.postgres, .postgres):
                throw ValidationError("both are PostgreSQL databases; to copy one, use pg_dump and pg_restore")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("copy: \(error)\n".utf8))
            throw ExitCode(1)
        }
        for count in counts where count.rows > 0 {
            print("  \(count.table.padding(toLength: 20, withPad: " ", startingAt: 0)) \(count.rows)")
        }
        let rows = counts.reduce(0) { $0 + $1.rows }
        print("copied \(rows) rows of \(counts.count) tables from \(source) to \(target) in \((ContinuousClock.now - started).fractionalMilliseconds) ms; every table's count checked")
    }
}
