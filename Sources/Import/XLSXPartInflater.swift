import CZlibShim
import Foundation
import ZIPFoundation

/// Unpacks one part of an XLSX archive from the archive's bytes: the entry ZIPFoundation found (its sizes, method
/// and checksum), its data where the central directory's record of it says its local header is, inflated with
/// zlib a chunk at a time up to a limit, and checked against its CRC-32 once all of it is out.
///
/// ZIPFoundation's own extraction loops for ever on a deflated entry whose data ends before the deflate stream
/// does (it asks for more input, gets none at the end of the file, and asks again): a 7 KB file found by fuzzing
/// held an import's worker at full CPU. Here input that runs out first is a truncated part.
struct XLSXPartInflater {
    static let chunkBytes = 64 * 1024

    let bytes: [UInt8]

    /// Hands the part's bytes to `consume` as they unpack, in chunks of at most `chunkBytes`; refused once past
    /// `limit`, and an error after the last chunk if they are not what the archive's record says.
    func unpack(_ entry: Entry, path: String, limit: Int, file: String,
                _ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let start = dataOffset(of: path) else { throw corrupt(path, "its local header cannot be found", file) }
        guard entry.compressedSize <= UInt64(bytes.count - start) else { throw corrupt(path, "its data runs past the end of the file", file) }
        let compressed = bytes[start..<(start + Int(entry.compressedSize))]
        var checksum = crc32(0, nil, 0)
        var total = 0
        func take(_ chunk: UnsafeBufferPointer<UInt8>) throws {
            total += chunk.count
            guard total <= limit else { throw ImportError(file: file, reason: .partTooLarge(part: path, limit: limit)) }
            checksum = crc32(checksum, chunk.baseAddress, uInt(chunk.count))
            try consume(chunk)
        }
        try compressed.withUnsafeBufferPointer { input in
            if entry.isCompressed {
                try inflate(input, path: path, file: file, take)
            } else {
                var offset = 0
                while offset < input.count {
                    let end = min(input.count, offset + Self.chunkBytes)
                    try take(UnsafeBufferPointer(rebasing: input[offset..<end]))
                    offset = end
                }
            }
        }
        guard total == Int(entry.uncompressedSize), UInt32(checksum) == entry.checksum else {
            throw corrupt(path, "its size or checksum does not match the archive's record", file)
        }
    }

    private func corrupt(_ path: String, _ reason: String, _ file: String) -> ImportError {
        ImportError(file: file, reason: .invalidSpreadsheet("\(path) cannot be unpacked: \(reason)"))
    }

    /// Raw deflate data inflated into `take` a chunk at a time; an error unless the stream ends within `input`.
    private func inflate(_ input: UnsafeBufferPointer<UInt8>, path: String, file: String,
                         _ take: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var stream = z_stream()
        guard brobygger_inflateInit2(&stream, -MAX_WBITS) == Z_OK else { throw corrupt(path, "zlib cannot start", file) }
        defer { inflateEnd(&stream) }
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.chunkBytes)
        defer { chunk.deallocate() }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        var status = Z_OK
        repeat {
            stream.next_out = chunk.baseAddress
            stream.avail_out = uInt(chunk.count)
            status = CZlibShim.inflate(&stream, Z_NO_FLUSH)
            let produced = chunk.count - Int(stream.avail_out)
            if produced > 0 { try take(UnsafeBufferPointer(rebasing: chunk[0..<produced])) }
            // Z_BUF_ERROR: no progress was possible, which with all the input given means it ran out.
        } while status == Z_OK
        guard status == Z_STREAM_END else {
            throw corrupt(path, status == Z_BUF_ERROR ? "its deflate data ends too soon" : "its deflate data is corrupt", file)
        }
    }

    /// Where the data of the first central directory record named `path` begins, as its local header says; nil
    /// when the archive's directory or the header cannot be read.
    private func dataOffset(of path: String) -> Int? {
        guard let end = endOfCentralDirectory() else { return nil }
        let name = Array(path.utf8)
        var record = Int(uint32(at: end + 16))
        for _ in 0..<Int(uint16(at: end + 10)) {
            guard record + 46 <= bytes.count, uint32(at: record) == 0x0201_4B50 else { return nil }
            let nameLength = Int(uint16(at: record + 28))
            let next = record + 46 + nameLength + Int(uint16(at: record + 30)) + Int(uint16(at: record + 32))
            guard record + 46 + nameLength <= bytes.count else { return nil }
            if bytes[(record + 46)..<(record + 46 + nameLength)].elementsEqual(name) {
                let header = Int(uint32(at: record + 42))
                guard header + 30 <= bytes.count, uint32(at: header) == 0x0403_4B50 else { return nil }
                let start = header + 30 + Int(uint16(at: header + 26)) + Int(uint16(at: header + 28))
                return start <= bytes.count ? start : nil
            }
            record = next
        }
        return nil
    }

    /// The offset of the end of central directory record: the last signature within the 64 KiB comment it may have.
    private func endOfCentralDirectory() -> Int? {
        guard bytes.count >= 22 else { return nil }
        var offset = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while offset >= lowest {
            if uint32(at: offset) == 0x0605_4B50 { return offset }
            offset -= 1
        }
        return nil
    }

    private func uint16(at offset: Int) -> UInt16 {
        guard offset >= 0, offset + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func uint32(at offset: Int) -> UInt32 {
        guard offset >= 0, offset + 4 <= bytes.count else { return 0 }
        return UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16
    }
}
