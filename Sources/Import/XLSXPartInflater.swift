import CZlibShim
import Foundation
import ZIPFoundation

/// Unpacks one part of an XLSX archive from the archive's bytes: the entry ZIPFoundation found (its sizes, method
/// and checksum), its data where the central directory's record of it says its local header is, inflated with
/// zlib up to a limit, and checked against its CRC-32.
///
/// ZIPFoundation's own extraction loops for ever on a deflated entry whose data ends before the deflate stream
/// does (it asks for more input, gets none at the end of the file, and asks again): a 7 KB file found by fuzzing
/// held an import's worker at full CPU. Here input that runs out first is a truncated part.
struct XLSXPartInflater {
    let bytes: [UInt8]

    /// The part's bytes, refused past `limit`.
    func part(_ entry: Entry, path: String, limit: Int, file: String) throws(ImportError) -> Data {
        guard let start = dataOffset(of: path) else { throw corrupt(path, "its local header cannot be found", file) }
        guard entry.compressedSize <= UInt64(bytes.count - start) else { throw corrupt(path, "its data runs past the end of the file", file) }
        let compressed = bytes[start..<(start + Int(entry.compressedSize))]
        var output: [UInt8]
        if entry.isCompressed {
            output = try inflate(compressed, limit: limit, path: path, file: file)
        } else {
            guard compressed.count <= limit else { throw ImportError(file: file, reason: .partTooLarge(part: path, limit: limit)) }
            output = Array(compressed)
        }
        let checksum = output.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard output.count == Int(entry.uncompressedSize), checksum == entry.checksum else {
            throw corrupt(path, "its size or checksum does not match the archive's record", file)
        }
        return Data(output)
    }

    private func corrupt(_ path: String, _ reason: String, _ file: String) -> ImportError {
        ImportError(file: file, reason: .invalidSpreadsheet("\(path) cannot be unpacked: \(reason)"))
    }

    /// Raw deflate data inflated; an error unless the stream ends within `input` and its output within `limit`.
    private func inflate(_ input: ArraySlice<UInt8>, limit: Int, path: String, file: String) throws(ImportError) -> [UInt8] {
        var stream = z_stream()
        guard brobygger_inflateInit2(&stream, -MAX_WBITS) == Z_OK else { throw corrupt(path, "zlib cannot start", file) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status = Z_OK
        input.withUnsafeBufferPointer { buffer in
            stream.next_in = UnsafeMutablePointer(mutating: buffer.baseAddress)
            stream.avail_in = uInt(buffer.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    status = CZlibShim.inflate(&stream, Z_NO_FLUSH)
                    output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                }
                // Z_BUF_ERROR: no progress was possible, which with all the input given means it ran out.
            } while status == Z_OK && output.count <= limit
        }
        if output.count > limit { throw ImportError(file: file, reason: .partTooLarge(part: path, limit: limit)) }
        guard status == Z_STREAM_END else {
            throw corrupt(path, status == Z_BUF_ERROR ? "its deflate data ends too soon" : "its deflate data is corrupt", file)
        }
        return output
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
