import Foundation
import ZIPFoundation

/// Opens the ZIP archive of an XLSX file from its bytes, through a temporary file.
///
/// ZIPFoundation's in-memory archives (`Archive(data:)`) are not safe on bytes from outside: an offset past the
/// end traps in its memory file (a crash, found by fuzzing), and bytes without an end of central directory
/// record leak the memory file and its copy of the bytes. Its archives on a file read past the end as the end
/// of the file and close what they opened when they fail, so the bytes go through a temporary file (readable by
/// this user alone), removed as soon as the archive has it open.
enum XLSXArchive {
    static func open(_ data: Data, file: String) throws(ImportError) -> Archive {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-xlsx-\(UUID().uuidString).zip")
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw ImportError(file: file, reason: .unreadable("cannot write a temporary copy to \(url.path)"))
        }
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            return try Archive(url: url, accessMode: .read)
        } catch {
            throw ImportError(file: file, reason: .notASpreadsheet("not a zip archive (\(error))"))
        }
    }
}
