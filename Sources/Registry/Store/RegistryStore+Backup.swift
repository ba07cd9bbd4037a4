import Foundation
import GRDB

extension RegistryStore {
    /// Copies the database at `source` into a new SQLite file at `destination` with SQLite's online backup,
    /// while a server may keep reading and writing it; the copy is a consistent snapshot of one moment.
    ///
    /// The source is opened read-only and is never migrated. A backup never overwrites a file, and a
    /// failed one leaves no partial file behind.
    public static func backup(databaseAt source: String, to destination: String) throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw RegistryError.backupTargetExists(destination)
        }
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabasePool(path: source, configuration: configuration)
        let directory = URL(fileURLWithPath: destination).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let copy = try DatabaseQueue(path: destination)
            try database.backup(to: copy)
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }
}
