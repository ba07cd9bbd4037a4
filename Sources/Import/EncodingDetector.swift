/// Decides how an imported file's bytes are to be read: by its byte order mark, else as UTF-8 if every byte of it
/// is valid UTF-8, else as Windows-1252 with a warning. A file with NUL bytes near its start is refused as binary.
public enum EncodingDetector {
    /// How far into the file NUL bytes mark it as binary.
    static let binaryProbeLength = 8192

    public static func detect(_ source: ImportSource, override: TextEncoding? = nil) throws(ImportError) -> DetectedEncoding {
        let reader = try source.open()
        var head: [UInt8] = []
        var pending: [[UInt8]] = []
        while head.count < binaryProbeLength, let chunk = try reader.next() {
            head += chunk
            pending.append(chunk)
        }
        let bom = byteOrderMark(head)
        if let bom, override == nil || isCompatible(override, with: bom.encoding) {
            return DetectedEncoding(encoding: bom.encoding, byteOrderMarkLength: bom.length, warning: nil, verified: false)
        }
        if override != .utf16LittleEndian && override != .utf16BigEndian, head.prefix(binaryProbeLength).contains(0) {
            throw ImportError(file: source.name, reason: .notText)
        }
        if let override { return DetectedEncoding(encoding: override, byteOrderMarkLength: 0, warning: nil, verified: false) }

        var validator = UTF8Validator()
        var chunks = pending.makeIterator()
        while true {
            let next: [UInt8]? = if let buffered = chunks.next() { buffered } else { try reader.next() }
            guard let chunk = next else { break }
            for byte in chunk where !validator.consume(byte) {
                let warning = ImportWarning(
                    file: source.name, location: .line(validator.line),
                    message: "not valid UTF-8 (first at this line); read as Windows-1252; give --encoding if that is wrong")
                return DetectedEncoding(encoding: .windows1252, byteOrderMarkLength: 0, warning: warning, verified: false)
            }
        }
        guard validator.isAtBoundary else {
            let warning = ImportWarning(
                file: source.name, location: .line(validator.line),
                message: "ends inside a UTF-8 character; read as Windows-1252; give --encoding if that is wrong")
            return DetectedEncoding(encoding: .windows1252, byteOrderMarkLength: 0, warning: warning, verified: false)
        }
        return DetectedEncoding(encoding: .utf8, byteOrderMarkLength: 0, warning: nil, verified: true)
    }

    /// The encoding a byte order mark at the start of `head` names, and the mark's length.
    static func byteOrderMark(_ head: [UInt8]) -> (encoding: TextEncoding, length: Int)? {
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if head.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return nil
    }

    /// A BOM decides the byte order of a UTF-16 override, and is stripped when it agrees with the override.
    private static func isCompatible(_ override: TextEncoding?, with bom: TextEncoding) -> Bool {
        switch (override, bom) {
        case (.utf8, .utf8): true
        case (.utf16LittleEndian, .utf16LittleEndian), (.utf16LittleEndian, .utf16BigEndian),
             (.utf16BigEndian, .utf16LittleEndian), (.utf16BigEndian, .utf16BigEndian): true
        default: false
        }
    }
}

/// The encoding a file is read in, how many bytes of byte order mark to skip, and the warning when it was a guess.
public struct DetectedEncoding: Sendable, Equatable {
    public let encoding: TextEncoding
    public let byteOrderMarkLength: Int
    public let warning: ImportWarning?
    /// The whole file was checked to be valid in `encoding`, so reading need not check it again.
    let verified: Bool
}
