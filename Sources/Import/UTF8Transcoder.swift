/// Turns chunks of a file in any supported encoding into chunks of UTF-8, carrying characters split between chunks
/// over to the next, so that the readers above work on UTF-8 bytes only.
struct UTF8Transcoder {
    private let encoding: TextEncoding
    private let verified: Bool
    private let file: String
    private var bytesToSkip: Int
    private var validator = UTF8Validator()
    /// UTF-16: an odd byte left from the previous chunk, and a high surrogate waiting for its partner.
    private var oddByte: UInt8?
    private var highSurrogate: UInt16?
    private var line = 1

    init(_ detected: DetectedEncoding, file: String) {
        encoding = detected.encoding
        verified = detected.verified
        bytesToSkip = detected.byteOrderMarkLength
        self.file = file
    }

    mutating func transcode(_ input: [UInt8]) throws(ImportError) -> [UInt8] {
        var chunk = input[...]
        if bytesToSkip > 0 {
            let skipped = min(bytesToSkip, chunk.count)
            chunk = chunk.dropFirst(skipped)
            bytesToSkip -= skipped
        }
        switch encoding {
        case .utf8:
            if !verified {
                for byte in chunk where !validator.consume(byte) {
                    throw ImportError(file: file, location: .line(validator.line), reason: .invalidEncoding(.utf8))
                }
            }
            return Array(chunk)
        case .windows1252, .latin1:
            var output: [UInt8] = []
            output.reserveCapacity(chunk.count + chunk.count / 8)
            let table = encoding == .windows1252 ? Windows1252.highHalf : nil
            for byte in chunk {
                if byte < 0x80 {
                    output.append(byte)
                } else {
                    appendUTF8(table?[Int(byte) - 0x80] ?? UInt32(byte), to: &output)
                }
            }
            return output
        case .utf16LittleEndian, .utf16BigEndian:
            var output: [UInt8] = []
            output.reserveCapacity(chunk.count)
            var index = chunk.startIndex
            while index < chunk.endIndex {
                let first: UInt8
                if let odd = oddByte { first = odd; oddByte = nil } else { first = chunk[index]; index += 1 }
                guard index < chunk.endIndex else { oddByte = first; break }
                let second = chunk[index]
                index += 1
                let unit = encoding == .utf16LittleEndian
                    ? UInt16(first) | UInt16(second) << 8 : UInt16(first) << 8 | UInt16(second)
                try appendUTF16(unit, to: &output)
            }
            return output
        }
    }

    /// Checks that the file did not end in the middle of a character.
    func finish() throws(ImportError) {
        let complete = switch encoding {
        case .utf8: verified || validator.isAtBoundary
        case .utf16LittleEndian, .utf16BigEndian: oddByte == nil && highSurrogate == nil
        case .windows1252, .latin1: true
        }
        guard complete else {
            throw ImportError(file: file, location: .line(encoding == .utf8 ? validator.line : line), reason: .invalidEncoding(encoding))
        }
    }

    private mutating func appendUTF16(_ unit: UInt16, to output: inout [UInt8]) throws(ImportError) {
        if let high = highSurrogate {
            highSurrogate = nil
            guard (0xDC00...0xDFFF).contains(unit) else {
                throw ImportError(file: file, location: .line(line), reason: .invalidEncoding(encoding))
            }
            appendUTF8(0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00), to: &output)
            return
        }
        switch unit {
        case 0xD800...0xDBFF: highSurrogate = unit
        case 0xDC00...0xDFFF: throw ImportError(file: file, location: .line(line), reason: .invalidEncoding(encoding))
        default:
            if unit == 0x0A { line += 1 }
            appendUTF8(UInt32(unit), to: &output)
        }
    }

    @inline(__always)
    private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
