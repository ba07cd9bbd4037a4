import Foundation
import GRDB

extension RegistryStore {
    /// The bytes the database takes on disk, its file and its write-ahead log together; nil for an
    /// in-memory database.
    public func storageSize() -> Int? {
        let path = database.path
        guard !path.isEmpty, path != ":memory:" else { return nil }
        return ["", "-wal"].reduce(0) { total, suffix in
            total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
        }
    }
}
