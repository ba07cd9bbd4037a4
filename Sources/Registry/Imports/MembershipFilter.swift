/// A Bloom filter of strings in a fixed number of bits: "certainly not added" or "perhaps added". An import asks
/// it before looking a key or an id up in its scratch tables, so that the rows of new records (nearly all rows of
/// a large import) do not pay for two lookups that find nothing; its memory does not grow with the file.
///
/// A class: the session that holds it is a value copied for each row's lookups, and a copy of megabytes of bits
/// at each added string would cost more than the lookups it saves.
final class MembershipFilter {
    private var words: [UInt64]
    /// Whether no string was added since the filter was made or emptied: emptying it again costs nothing.
    private var isEmpty = true
    /// Bits per string.
    private static let probes = 3

    /// A filter of 2^`bitCountLog2` bits: 2^24 bits (2 MiB) answer "perhaps" wrongly for about 0.4 % of the
    /// strings not added after a million were.
    init(bitCountLog2: Int = 24) {
        words = Array(repeating: 0, count: 1 << (bitCountLog2 - 6))
    }

    func add(_ text: String) {
        isEmpty = false
        forEachBit(of: text) { words[Int($0 >> 6)] |= 1 << ($0 & 63) }
    }

    /// False when `text` was certainly not added.
    func mayContain(_ text: String) -> Bool {
        var all = true
        forEachBit(of: text) { bit in
            if words[Int(bit >> 6)] & (1 << (bit & 63)) == 0 { all = false }
        }
        return all
    }

    func removeAll() {
        guard !isEmpty else { return }
        for index in words.indices { words[index] = 0 }
        isEmpty = true
    }

    /// The string's bits: one 64-bit hash split in two, combined as `h1 + i·h2` (double hashing).
    private func forEachBit(of text: String, _ body: (UInt64) -> Void) {
        let mask = UInt64(words.count * 64 - 1)
        let hash = UInt64(bitPattern: Int64(text.hashValue))
        let first = hash & 0xFFFF_FFFF
        let second = (hash >> 32) | 1
        for probe in 0..<UInt64(Self.probes) { body((first &+ probe &* second) & mask) }
    }
}
