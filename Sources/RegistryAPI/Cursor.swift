import Crypto
import Foundation
import HTTPServer
import Registry

/// Opaque pagination cursors: the offset of the next page and, for record lists, where the page before it
/// stopped, bound to the query that produced them and signed.
///
/// A cursor's text is base64url (no padding) of `v2.<offset>.<signature>`, where the signature is the first
/// 12 bytes (hexadecimal) of HMAC-SHA256 over the query's fingerprint, a zero byte and the offset, keyed with
/// this installation's secret; or of `v3.<offset>.<signature>.<position>`, where the position is the order
/// values of the last record served (``ListPosition``, written by ``encodePosition(_:)``) and the signature
/// covers it after a second zero byte. The position lets the next page start where the last one stopped
/// instead of stepping over every record before it. A cursor from another query (other filters or sort), or
/// one that was altered or made up, fails to decode or to verify and is answered with a 400.
struct Cursor: Sendable {
    /// Where a page starts: its offset in the selection, and where the page before it stopped when known.
    struct Position: Sendable, Equatable {
        var offset: Int
        var after: ListPosition?
    }

    /// The longest position written into a cursor; a page that stops at longer values (very long names) is
    /// continued by its offset alone, so that links stay short.
    static let maximumPositionBytes = 600

    /// The signing key.
    let key: SymmetricKey

    init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// A cursor to the page at `offset` that starts after `after`; a cursor of the offset alone (v2) when there is
    /// no position or it is too long to carry.
    func encode(offset: Int, after: ListPosition? = nil, fingerprint: String) -> String {
        guard let position = after.map(Cursor.encodePosition), position.count <= Cursor.maximumPositionBytes else {
            return Cursor.base64URL(Data("v2.\(offset).\(signature(offset: offset, position: nil, fingerprint: fingerprint))".utf8))
        }
        let head = "v3.\(offset).\(signature(offset: offset, position: position, fingerprint: fingerprint))."
        return Cursor.base64URL(Data(head.utf8) + position)
    }

    /// Where the page a cursor of either version points to starts.
    func decode(_ text: String, fingerprint: String) throws -> Position {
        let invalid = HTTPError(.badRequest, kind: "invalid-cursor",
                                detail: "The cursor is not one this query produced; start again without `cursor`.",
                                invalidParameters: [.init(name: "cursor", reason: "not a cursor of this query")])
        guard text.utf8.count <= 200 + Cursor.maximumPositionBytes * 4 / 3, let bytes = Cursor.decodeBase64URL(text)
        else { throw invalid }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, let version = String(validating: parts[0], as: UTF8.self),
              let offsetText = String(validating: parts[1], as: UTF8.self), let offset = Int(offsetText),
              offset >= 0, offset <= 1_000_000_000, String(offset) == offsetText
        else { throw invalid }
        let given = Substring(decoding: parts[2], as: UTF8.self)
        switch (version, parts.count) {
        case ("v2", 3):
            guard Cursor.constantTimeEquals(given, signature(offset: offset, position: nil, fingerprint: fingerprint))
            else { throw invalid }
            return Position(offset: offset, after: nil)
        case ("v3", 4):
            let position = Data(parts[3])
            guard Cursor.constantTimeEquals(given, signature(offset: offset, position: position, fingerprint: fingerprint)),
                  let after = Cursor.decodePosition(position)
            else { throw invalid }
            return Position(offset: offset, after: after)
        default:
            throw invalid
        }
    }

    private func signature(offset: Int, position: Data?, fingerprint: String) -> String {
        var message = Data(fingerprint.utf8) + [0] + Data(String(offset).utf8)
        if let position { message += [0] + position }
        return Hexadecimal.encode(HMAC<SHA256>.authenticationCode(for: message, using: key).prefix(12))
    }

    /// A position's values, each as a letter and its text: `n` (null), `i<integer>;`, `r<bit pattern in
    /// hexadecimal>;` (exact, unlike decimal text) or `s<byte count>:<UTF-8>`.
    static func encodePosition(_ position: ListPosition) -> Data {
        var bytes = Data()
        for value in position.values {
            switch value {
            case .null: bytes.append(UInt8(ascii: "n"))
            case .integer(let integer): bytes.append(contentsOf: Array("i\(integer);".utf8))
            case .real(let real): bytes.append(contentsOf: Array("r\(String(real.bitPattern, radix: 16));".utf8))
            case .text(let text):
                bytes.append(contentsOf: Array("s\(text.utf8.count):".utf8))
                bytes.append(contentsOf: Array(text.utf8))
            }
        }
        return bytes
    }

    /// The position ``encodePosition(_:)`` wrote, or nil for anything else.
    static func decodePosition(_ bytes: Data) -> ListPosition? {
        let bytes = [UInt8](bytes)
        var values: [ListPosition.Value] = []
        var index = 0
        /// The text from `index` up to `terminator`, after which reading goes on.
        func field(until terminator: UInt8) -> String? {
            guard let end = bytes[index...].firstIndex(of: terminator) else { return nil }
            defer { index = end + 1 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
        while index < bytes.count {
            let letter = bytes[index]
            index += 1
            switch letter {
            case UInt8(ascii: "n"):
                values.append(.null)
            case UInt8(ascii: "i"):
                guard let text = field(until: UInt8(ascii: ";")), let integer = Int64(text), String(integer) == text else { return nil }
                values.append(.integer(integer))
            case UInt8(ascii: "r"):
                guard let text = field(until: UInt8(ascii: ";")), let pattern = UInt64(text, radix: 16) else { return nil }
                values.append(.real(Double(bitPattern: pattern)))
            case UInt8(ascii: "s"):
                guard let text = field(until: UInt8(ascii: ":")), let count = Int(text), count >= 0, String(count) == text,
                      count <= bytes.count - index,
                      let string = String(validating: bytes[index..<(index + count)], as: UTF8.self)
                else { return nil }
                values.append(.text(string))
                index += count
            default:
                return nil
            }
        }
        return values.isEmpty ? nil : ListPosition(values: values)
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the right signature.
    /// swift-crypto's constant-time comparison is public through the equality of its secret types; the
    /// signature is a truncated MAC, so it is compared as key material rather than as a whole MAC.
    private static func constantTimeEquals(_ given: Substring, _ expected: String) -> Bool {
        SymmetricKey(data: Data(given.utf8)) == SymmetricKey(data: Data(expected.utf8))
    }

    /// Base64url (RFC 4648 §5) without padding.
    static func base64URL(_ bytes: Data) -> String {
        var text = bytes.base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(text.map { character in
            switch character {
            case "+": "-"
            case "/": "_"
            default: character
            }
        })
    }

    /// The bytes of unpadded base64url text, or nil when it is not that (padding, `+` and `/` included).
    static func decodeBase64URL(_ text: String) -> Data? {
        guard text.utf8.count % 4 != 1 else { return nil }
        var standard: [UInt8] = []
        standard.reserveCapacity(text.utf8.count + 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.append(byte)
            default: return nil
            }
        }
        while standard.count % 4 != 0 { standard.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(standard))
    }
}
