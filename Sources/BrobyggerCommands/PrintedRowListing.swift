import Foundation
import RegistryImport

/// The rows `brobygger import` prints when the import has run — every row of a dry run, the rejected rows of
/// `--skip-invalid` — written to temporary files (one per imported file) as the rows are decided, so that the
/// command's memory does not grow with the rows of the file. The files are removed as soon as they are made; the
/// listing holds their descriptors.
final class PrintedRowListing: RowListing {
    /// What each line of file number `n` begins with (its name, when the import reads several).
    private let prefixes: [String]
    /// Whether only rejected rows are listed.
    private let rejectedOnly: Bool
    /// Each file's temporary file and the lines not yet written to it.
    private var files: [Int: (handle: FileHandle, pending: [UInt8])] = [:]
    /// Lines held before they are written, per file.
    private static let pendingLimit = 64 * 1024

    /// A listing whose lines of file number `n` begin with `prefixes[n]`: every row (`line 12: imported created
    /// organisation/…`), or with `rejectedOnly` the rejected ones (`line 12: rejected: reason`).
    init(prefixes: [String], rejectedOnly: Bool = false) {
        self.prefixes = prefixes
        self.rejectedOnly = rejectedOnly
    }

    func restart() throws {
        for (_, file) in files { try file.handle.close() }
        files = [:]
    }

    func list(_ outcome: RowOutcome, file: Int) throws {
        let line: String
        if rejectedOnly {
            guard outcome.status == .rejected else { return }
            line = "\(prefixes[file])\(outcome.location): rejected: \(outcome.reason ?? "")\n"
        } else {
            let detail = outcome.status == .imported ? outcome.records.joined(separator: ", ") : (outcome.reason ?? "")
            line = "\(prefixes[file])\(outcome.location): \(outcome.status.rawValue) \(detail)\n"
        }
        var entry = try files[file] ?? (Self.temporaryFile(), [])
        entry.pending.append(contentsOf: line.utf8)
        if entry.pending.count >= Self.pendingLimit {
            try entry.handle.write(contentsOf: entry.pending)
            entry.pending.removeAll(keepingCapacity: true)
        }
        files[file] = entry
    }

    /// Writes the lines listed for file number `file` to standard output.
    func print(file: Int) throws {
        guard var entry = files[file] else { return }
        try entry.handle.write(contentsOf: entry.pending)
        entry.pending = []
        try entry.handle.seek(toOffset: 0)
        // The lines `print` buffered go out first, so that these keep their place after them; then the bytes as
        // they are (a chunk may end inside a character).
        fflush(nil)
        while let chunk = try entry.handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
            try FileHandle.standardOutput.write(contentsOf: chunk)
        }
        try entry.handle.close()
        files[file] = nil
    }

    /// A new file in the temporary directory, already unlinked, open for reading and writing.
    private static func temporaryFile() throws -> FileHandle {
        let directory = NSTemporaryDirectory()
        var template = Array((directory + "/brobygger-import-rows-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else {
            throw TemporaryFileError(reason: "cannot make a file for the listing of rows in \(directory): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// A temporary file that could not be made, and why.
    struct TemporaryFileError: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }
}
