import Crypto
import Foundation
import Import
import Registry

/// The file an import reads, and its SHA-256, which the provenance evidence names.
public struct ImportInput: Sendable {
    let source: ImportSource
    /// SHA-256 of the bytes, hexadecimal.
    public let sha256: String
    /// The file name extension, lowercased, which says the format when the mapping does not.
    let pathExtension: String

    public var name: String { source.name }

    /// The text of the file's first line (a header), without a byte order mark.
    public func firstLine() throws(ImportFailure) -> String {
        do { return try source.firstLine() } catch { throw .input(error) }
    }

    /// A file on disk, hashed by streaming it (memory does not grow with the file).
    public static func file(_ path: String) throws -> ImportInput {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportFailure.input(ImportError(file: URL(fileURLWithPath: path).lastPathComponent,
                                                  reason: .unreadable("no such file or no permission to read \(path)")))
        }
        defer { try? handle.close() }
        var hash = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        } catch {
            throw ImportFailure.input(ImportError(file: URL(fileURLWithPath: path).lastPathComponent, reason: .unreadable("\(error)")))
        }
        return ImportInput(source: .file(path), sha256: Hexadecimal.encode(hash.finalize()),
                           pathExtension: URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// Bytes in memory, such as a request body, with the name errors and evidence give.
    public static func bytes(_ bytes: [UInt8], name: String) -> ImportInput {
        ImportInput(source: .bytes(bytes, name: name), sha256: Hexadecimal.encode(SHA256.hash(data: bytes)),
                    pathExtension: URL(fileURLWithPath: name).pathExtension.lowercased())
    }
}
