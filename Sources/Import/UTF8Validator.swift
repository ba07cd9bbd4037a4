/// Checks bytes for well-formed UTF-8 (no overlong forms, no surrogates) as they stream past, across chunk
/// boundaries, and counts lines so that a bad byte can be named by its line.
struct UTF8Validator {
    private var needed = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    /// The 1-based line of the byte last consumed.
    private(set) var line = 1

    /// Whether `byte` continues well-formed UTF-8.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        if needed == 0 {
            if byte < 0x80 {
                if byte == 0x0A { line += 1 }
                return true
            }
            switch byte {
            case 0xC2...0xDF: needed = 1; lower = 0x80; upper = 0xBF
            case 0xE0: needed = 2; lower = 0xA0; upper = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: needed = 2; lower = 0x80; upper = 0xBF
            case 0xED: needed = 2; lower = 0x80; upper = 0x9F
            case 0xF0: needed = 3; lower = 0x90; upper = 0xBF
            case 0xF1...0xF3: needed = 3; lower = 0x80; upper = 0xBF
            case 0xF4: needed = 3; lower = 0x80; upper = 0x8F
            default: return false
            }
            return true
        }
        guard byte >= lower && byte <= upper else { return false }
        needed -= 1
        lower = 0x80
        upper = 0xBF
        return true
    }

    /// Whether the bytes so far end on a character boundary.
    var isAtBoundary: Bool { needed == 0 }
}
