/// Finds bytes eight at a time in 64-bit words: the CSV rows of a download and the JSON they are read from are
/// looked at byte by byte, and the runs between the bytes looked for (the quotes of a project's partners, the
/// ends of short strings) are a few bytes long, too short for a call of `memchr` each.
enum ByteWords {
    /// The word with the high bit set of each byte of `word` that may be `byte`: the word with `byte` taken out
    /// of each of its bytes has a zero byte there. Where a byte is `byte`, the subtraction's borrow can flag
    /// bytes above it that are not; the lowest flagged byte always is `byte`, and no bit is set where no byte is.
    @inline(__always)
    static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let spread = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (spread &- 0x0101_0101_0101_0101) & ~spread & 0x8080_8080_8080_8080
    }

    /// The index of the first byte of `bytes` from `start` that is `first` or `second`, nil if none is.
    @inline(__always)
    static func firstIndex(of first: UInt8, or second: UInt8, in bytes: UnsafeBufferPointer<UInt8>,
                           from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // The lowest flagged byte of either mask is one of the two bytes, so the lowest of both is the first.
            let found = matches(word, first) | matches(word, second)
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] == first || bytes[index] == second { return index }
            index += 1
        }
        return nil
    }
}
