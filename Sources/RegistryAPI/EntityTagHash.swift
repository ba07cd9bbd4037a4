/// The 64-bit hash an entity tag is made of (``APIContext/entityTag(for:)``): a representation's bytes read eight
/// at a time as little-endian words, each folded in by a multiplication and a shift, the length and a final mix
/// so that every byte reaches every bit. The same on every instance and platform, so an entity tag is valid on
/// any instance of a shared registry.
///
/// FNV-1a, which it replaces here, reads a byte at a time: for a project's item of a few kilobytes that was
/// about a twelfth of the instructions of an uncached read (BENCHMARKS.md). Neither is cryptographic: an entity
/// tag tells versions of one resource apart, and a client gains nothing by making two bodies collide.
enum EntityTagHash {
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { buffer in
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(buffer.count)
            var offset = 0
            while offset + 8 <= buffer.count {
                hash = fold(hash, UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<buffer.count { tail |= UInt64(buffer[index]) << (8 * UInt64(index - offset)) }
            return finish(fold(hash, tail))
        }
    }

    @inline(__always)
    private static func fold(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
        return mixed ^ (mixed >> 31)
    }

    /// MurmurHash3's finaliser.
    private static func finish(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value = value &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value = value &* 0xC4CE_B9FE_1A85_EC53
        return value ^ (value >> 33)
    }
}
