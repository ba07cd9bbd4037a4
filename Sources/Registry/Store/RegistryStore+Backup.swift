import Foundation
import GRDB

extension RegistryStore {
    /// Copies the whole database into a new SQLite file at `path` with SQLite's online backup, while the
    /// store stays open for reads and writes; the copy is a consistent snapshot of one moment.
    /// Refuses to overwrite an existing file.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw RegistryError.backupTargetExists(path)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
        try destination.close()
    }
}
