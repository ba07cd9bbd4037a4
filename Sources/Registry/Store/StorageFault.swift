import GRDB

/// Why the database cannot take a write at the moment: a fault of its storage, not of the request. Nothing
/// was written; reads go on, and a write made once the fault is cleared (the file writable again, space
/// freed) succeeds without a restart.
public enum StorageFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file, or the file system that holds it, does not allow writing.
    case readOnly(path: String)
    /// The file system that holds the database has no space left.
    case full(path: String)
    /// An import in this process, or another process, held the database's write lock for longer than ``RegistryStore/busyTimeout``.
    case busy(path: String)
    /// Reading or writing the database file failed (SQLite's I/O errors).
    case ioError(path: String, message: String)

    public var description: String {
        switch self {
        case .readOnly(let path): "the database file \(path) is read-only"
        case .full(let path): "the file system holding the database file \(path) is full"
        case .busy(let path): "an import or another process kept the database file \(path) locked for writing"
        case let .ioError(path, message): "reading or writing the database file \(path) failed: \(message)"
        }
    }

    /// The fault an SQLite error reports; nil for an error of another kind.
    init?(_ error: DatabaseError, path: String) {
        switch error.resultCode {
        case .SQLITE_READONLY: self = .readOnly(path: path)
        case .SQLITE_FULL: self = .full(path: path)
        case .SQLITE_BUSY: self = .busy(path: path)
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: self = .ioError(path: path, message: error.message ?? "\(error.resultCode)")
        default: return nil
        }
    }
}
