/// Finds strings among numbered ones by their UTF-8 bytes, without making a `String` of what is looked up:
/// an open-addressing hash table of numbers, the strings themselves kept by the caller (in ``PackedStrings``).
///
/// A network's build looks up two node ids for each of a million edges, read as bytes from the database: as
/// `String` keys of a `Dictionary`, each lookup made a string and hashed it through `Hasher`.
struct PackedStringIndex {
    /// The number in each slot, -1 for an empty one; the count of slots is a power of two.
    private var slots: [Int32]
    /// The hash of each number's string, for moving them when the table grows.
    private var hashes: [UInt64] = []

    init() {
        slots = [Int32](repeating: -1, count: 64)
    }

    /// The numbers given so far.
    var count: Int { hashes.count }

    /// The ``Fingerprint`` of `seed` (a kind's number, so that equal ids of different kinds differ) and `utf8`.
    static func hash(_ utf8: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var fingerprint = Fingerprint()
        fingerprint.add(seed)
        fingerprint.add(bytes: utf8)
        return fingerprint.value
    }

    /// The number of a string with `hash` for which `matches` says yes, or nil.
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let number = slots[slot]
            if number < 0 { return nil }
            if hashes[Int(number)] == hash, matches(number) { return number }
            slot = (slot + 1) & mask
        }
    }

    /// Gives the next number (``count``) to a string with `hash` that is not in the index, and returns it.
    mutating func insert(hash: UInt64) -> Int32 {
        if (hashes.count + 1) * 4 > slots.count * 3 { grow() }
        let number = Int32(hashes.count)
        hashes.append(hash)
        place(number, hash: hash)
        return number
    }

    private mutating func place(_ number: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = number
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (number, hash) in hashes.enumerated() { place(Int32(number), hash: hash) }
    }
}
