import GRDB
import GRDBSQLite

/// The text of one row of `document`, opened through SQLite's incremental BLOB I/O and read or written a span at
/// a time: an import's provenance document quotes every row of its file, so put together as one value it took
/// several times the file's size in memory (``SQLiteRecordStatements/finishProvenance(_:)``).
///
/// The handle is closed when the value ends; SQLite expires it if the row is changed by a statement meanwhile.
struct DocumentTextBlob: ~Copyable {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?
    /// The text's length in bytes.
    let byteCount: Int

    /// Opens the text of the document in row `rowid`, for writing when `writable`.
    init(_ db: Database, rowid: Int64, writable: Bool) throws {
        connection = db.sqliteConnection
        var opened: OpaquePointer?
        let code = sqlite3_blob_open(connection, "main", "document", "text", rowid, writable ? 1 : 0, &opened)
        guard code == SQLITE_OK, let opened else {
            sqlite3_blob_close(opened)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
        }
        handle = opened
        byteCount = Int(sqlite3_blob_bytes(opened))
    }

    deinit {
        sqlite3_blob_close(handle)
    }

    /// Fills `buffer` with the bytes from `offset` on.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        try check(sqlite3_blob_read(handle, base, Int32(buffer.count), Int32(offset)))
    }

    /// Writes `bytes` from `offset` on; the text keeps its length.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try check(sqlite3_blob_write(handle, base, Int32(bytes.count), Int32(offset)))
    }

    private func check(_ code: Int32) throws {
        guard code != SQLITE_OK else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) })
    }
}
