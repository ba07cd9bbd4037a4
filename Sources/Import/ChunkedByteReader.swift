import Foundation

/// Hands out a source's bytes a chunk at a time, so that memory does not grow with the file.
final class ChunkedByteReader {
    private let file: FileHandle?
    private let bytes: [UInt8]
    private var offset = 0
    private let name: String
    private let chunkSizes: [Int]
    private var chunkIndex = 0

    init(file: FileHandle, name: String, chunkSizes: [Int]) {
        self.file = file
        self.bytes = []
        self.name = name
        self.chunkSizes = chunkSizes.map { max(1, $0) }
    }

    init(bytes: [UInt8], name: String, chunkSizes: [Int]) {
        self.file = nil
        self.bytes = bytes
        self.name = name
        self.chunkSizes = chunkSizes.map { max(1, $0) }
    }

    deinit { try? file?.close() }

    /// The next chunk, or nil at the end.
    func next() throws(ImportError) -> [UInt8]? {
        let size = chunkSizes.isEmpty ? 1 << 16 : chunkSizes[chunkIndex % chunkSizes.count]
        chunkIndex += 1
        if let file {
            let data: Data?
            do { data = try file.read(upToCount: size) } catch {
                throw ImportError(file: name, reason: .unreadable(String(describing: error)))
            }
            guard let data, !data.isEmpty else { return nil }
            return [UInt8](data)
        }
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + size)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
