import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#endif

extension RegistryStore {
    /// Runs `updates` in a write transaction, refused before it starts when the database file was made
    /// read-only, and with the storage's failures (read-only, full, I/O) thrown as ``StorageFault``. An import
    /// running in this process is waited for as long as another process's write lock would be
    /// (``WriterTurns``), then the write fails as ``StorageFault/busy(path:)``.
    ///
    /// A file without any write permission bit counts as read-only even for a process that could write it
    /// anyway (root): `chmod a-w` is how an operator says that the registry must not change. A file the
    /// process may not write (`access(2)`: permissions, a read-only file system, the immutable attribute)
    /// counts as read-only too. SQLite keeps its files open, so without this check it would go on writing
    /// to a file that was made read-only after it was opened.
    func guardedWrite<T>(_ updates: (Database) throws -> T) throws -> T {
        let path = database.path
        if RegistryStore.isReadOnlyFile(path) { throw StorageFault.readOnly(path: path) }
        do {
            guard let result = try writerTurns.writing({ try database.write(updates) }) else {
                throw StorageFault.busy(path: path)
            }
            return result
        } catch let error as DatabaseError {
            throw StorageFault(error, path: path) ?? error
        }
    }

    /// Whether the file at `path` exists and must not be written; false for an in-memory database.
    private static func isReadOnlyFile(_ path: String) -> Bool {
        var status = stat()
        guard !path.isEmpty, path != ":memory:", stat(path, &status) == 0 else { return false }
        return status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH) == 0 || access(path, W_OK) != 0
    }
}
