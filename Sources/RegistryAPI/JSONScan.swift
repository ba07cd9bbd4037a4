#if canImport(Glibc)
import Glibc
#endif
import Registry

/// Finds where a JSON value ends without reading it: for members that a reader passes over (a list entry's
/// members after the ones it adds, the cells a CSV row does not keep). Strings are most of the bytes of a
/// served record: short ones are crossed a word at a time, long ones with `memchr`.
enum JSONScan {
    /// How far from its start a string is looked through a word at a time before `memchr` takes over: the
    /// strings a reader passes over are mostly short (a partner's name, country and role), and a call of
    /// `memchr` costs more than they do.
    private static let shortString = 64

    /// The index after the string that starts at `start`: its first quote not escaped. Found a word at a time
    /// (with backslashes, whose next byte is passed over) in the string's first bytes; after them, the first
    /// quote that an even number of backslashes precedes, found with `memchr`.
    static func stringEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws -> Int {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\""), let base = bytes.baseAddress else {
            throw StoredJSON.Malformed(offset: start)
        }
        var position = start + 1
        let shortEnd = min(bytes.count, position + shortString)
        let short = UnsafeBufferPointer(rebasing: bytes[..<shortEnd])
        while let found = ByteWords.firstIndex(of: UInt8(ascii: "\""), or: UInt8(ascii: "\\"), in: short, from: position) {
            if bytes[found] == UInt8(ascii: "\"") { return found + 1 }
            position = found + 2
        }
        position = max(position, shortEnd)
        while position < bytes.count {
            guard let found = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position) else { break }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 > start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            position = quote + 1
        }
        throw StoredJSON.Malformed(offset: start)
    }

    /// The index after the value that starts at `start`.
    static func valueEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws -> Int {
        guard start < bytes.count else { throw StoredJSON.Malformed(offset: start) }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return try stringEnd(bytes, from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    position = try stringEnd(bytes, from: position)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default:
                    break
                }
                position += 1
            }
            throw StoredJSON.Malformed(offset: start)
        default:
            var position = start
            while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != UInt8(ascii: "}"),
                  bytes[position] != UInt8(ascii: "]") {
                position += 1
            }
            guard position > start else { throw StoredJSON.Malformed(offset: start) }
            return position
        }
    }
}
