/// Byte classes of the HTTP grammar (RFC 9110, 5.6) and a few allocation-free fast paths.
enum HTTPSyntax {
    /// A table of the bytes that are ASCII letters and digits, or among `others`.
    private static func table(alphanumericsAnd others: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in others.utf8 { table[Int(byte)] = true }
        return table
    }

    /// `tchar`: the characters of a token.
    static let tokenTable = table(alphanumericsAnd: "!#$%&'*+-.^_`|~")

    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `field-vchar / SP / HTAB`, obs-text included: everything but controls and DEL.
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }

    /// The characters of `uri-host [ ":" port ]`: unreserved, sub-delims, percent escapes, IP literals.
    static let hostTable = table(alphanumericsAnd: "-._~!$&'()*+,;=:%[]")

    @inline(__always)
    static func isHostByte(_ byte: UInt8) -> Bool { hostTable[Int(byte)] }

    /// The method for these token bytes; the common ones without building a new string.
    static func method(_ bytes: UnsafeBufferPointer<UInt8>) -> HTTPMethod {
        switch bytes.count {
        case 3:
            if bytes[0] == UInt8(ascii: "G"), bytes[1] == UInt8(ascii: "E"), bytes[2] == UInt8(ascii: "T") { return .get }
            if bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "U"), bytes[2] == UInt8(ascii: "T") { return .put }
        case 4:
            if bytes.elementsEqual("HEAD".utf8) { return .head }
            if bytes.elementsEqual("POST".utf8) { return .post }
        default:
            break
        }
        return HTTPMethod(String(decoding: bytes, as: UTF8.self))
    }

    /// The header field name as a string.
    @inline(__always)
    static func fieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
