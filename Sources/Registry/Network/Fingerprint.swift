/// A 64-bit hash of a value's parts, fed word by word, the same on every run and machine: it tells two states
/// of a large value apart without keeping or comparing them. FNV-1a's step on 64-bit words, then a final mix.
///
/// For validators (a network's entity tag), not for security.
struct Fingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of everything added so far.
    var value: UInt64 {
        // Each step is a bijection of the state, so a difference is never lost; the mix spreads it over all bits.
        var mixed = state
        mixed = (mixed ^ (mixed >> 33)) &* 0xff51_afd7_ed55_8ccd
        mixed = (mixed ^ (mixed >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        return mixed ^ (mixed >> 33)
    }

    mutating func add(_ word: UInt64) {
        state = (state ^ word) &* 0x0000_0100_0000_01b3
    }

    /// Adds the bytes of `buffer` eight at a time, then its length.
    mutating func add(bytes buffer: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= buffer.count {
            add(UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        var tail: UInt64 = 0
        for (shift, byte) in buffer[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
        add(tail)
        add(UInt64(buffer.count))
    }

    /// Adds the values of `array` as their bytes, then its count.
    mutating func add<Element: BitwiseCopyable>(_ array: [Element]) {
        array.withUnsafeBytes { add(bytes: $0) }
    }

    /// Adds each string's UTF-8 bytes, then the count of strings.
    mutating func add(_ strings: [String]) {
        for string in strings {
            var string = string
            string.withUTF8 { add(bytes: UnsafeRawBufferPointer($0)) }
        }
        add(UInt64(strings.count))
    }
}
