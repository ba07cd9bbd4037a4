/// The text encodings an imported file may be in.
public enum TextEncoding: String, Sendable, Hashable, CustomStringConvertible {
    case utf8 = "utf-8"
    case utf16LittleEndian = "utf-16le"
    case utf16BigEndian = "utf-16be"
    case windows1252 = "windows-1252"
    /// ISO 8859-1: every byte is the code point of the same number (0x80–0x9F are C1 controls, not 1252's letters).
    case latin1

    /// The encoding a user named (`--encoding`), forgiving of case and spelling; `utf-16` means "UTF-16, the BOM
    /// tells the byte order, little-endian without one", which is what Windows writes.
    public init?(named name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16", "utf16", "utf-16le", "utf16le": self = .utf16LittleEndian
        case "utf-16be", "utf16be": self = .utf16BigEndian
        case "windows-1252", "cp1252", "cp-1252", "win-1252": self = .windows1252
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        default: return nil
        }
    }

    public var description: String { rawValue.uppercased().replacingOccurrences(of: "WINDOWS", with: "Windows") }
}
