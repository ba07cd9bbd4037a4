import Foundation

/// A file to import: a path on disk or bytes in memory (an uploaded body), with the name its errors give.
/// Readers may open it more than once (encoding detection reads ahead, then reading starts again).
public struct ImportSource: Sendable {
    enum Storage: Sendable {
        case file(path: String)
        case memory([UInt8])
    }

    /// The name errors and evidence give: the path's last component, or the name given with the bytes.
    public let name: String
    let storage: Storage
    /// The sizes in which bytes are handed to readers, cycled; a file is read 64 KiB at a time by default.
    /// Tests give small and irregular sizes to show that where a chunk ends changes nothing.
    public var chunkSizes: [Int] = [1 << 16]

    /// A file on disk.
    public static func file(_ path: String) -> ImportSource {
        ImportSource(name: URL(fileURLWithPath: path).lastPathComponent, storage: .file(path: path))
    }

    /// Bytes already in memory, such as a request body.
    public static func bytes(_ bytes: [UInt8], name: String) -> ImportSource {
        ImportSource(name: name, storage: .memory(bytes))
    }

    func open() throws(ImportError) -> ChunkedByteReader {
        switch storage {
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ImportError(file: name, reason: .unreadable("no such file or no permission to read \(path)"))
            }
            return ChunkedByteReader(file: handle, name: name, chunkSizes: chunkSizes)
        case .memory(let bytes):
            return ChunkedByteReader(bytes: bytes, name: name, chunkSizes: chunkSizes)
        }
    }

    /// The text of the first line (without its line break and a UTF-8 byte order mark), read no further than
    /// `limit` bytes: what says which of several mappings reads a file.
    public func firstLine(limit: Int = 1 << 16) throws(ImportError) -> String {
        let reader = try open()
        var line: [UInt8] = []
        while line.count < limit, let chunk = try reader.next() {
            if let end = chunk.firstIndex(of: UInt8(ascii: "\n")) {
                line.append(contentsOf: chunk[..<end])
                break
            }
            line.append(contentsOf: chunk)
        }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line.prefix(limit), as: UTF8.self)
    }

    /// The whole content, refused past `limit` bytes: for formats that cannot be read piecewise (JSON, XLSX).
    func readAll(limit: Int) throws(ImportError) -> Data {
        switch storage {
        case .memory(let bytes):
            guard bytes.count <= limit else { throw ImportError(file: name, reason: .unreadable("larger than \(limit) bytes")) }
            return Data(bytes)
        case .file:
            let reader = try open()
            var data = Data()
            while let chunk = try reader.next() {
                data.append(contentsOf: chunk)
                guard data.count <= limit else { throw ImportError(file: name, reason: .unreadable("larger than \(limit) bytes")) }
            }
            return data
        }
    }
}
