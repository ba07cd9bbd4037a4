/// JSON's escapes inside strings, as every reader of JSON text here decodes them.
public enum JSONEscape {
    /// The byte that a one-character escape stands for (`0x0A` for the `n` of `\n`); nil for `u` and for
    /// anything that is no escape.
    @inlinable
    public static func byte(escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escaped
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    /// The value of the four hexadecimal digits of a `\u` escape at `position` in `bytes`; nil when there are
    /// not four.
    @inlinable
    public static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32? {
        guard position >= 0, bytes.count - position >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
