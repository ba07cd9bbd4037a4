import Crypto
import Foundation
import HTTPServer
import Registry

/// Opaque pagination cursors: the offset of the next page, bound to the query that produced it and signed.
///
/// A cursor's text is base64url (no padding) of `v2.<offset>.<signature>`, where the signature is the first
/// 12 bytes (hexadecimal) of HMAC-SHA256 over the query's fingerprint, a zero byte and the offset, keyed with
/// this installation's secret. A cursor from another query (other filters or sort), or one that was altered
/// or made up, fails to decode or to verify and is answered with a 400.
struct Cursor: Sendable {
    /// The signing key.
    let key: SymmetricKey

    init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    func encode(offset: Int, fingerprint: String) -> String {
        Cursor.base64URL(Data("v2.\(offset).\(signature(offset: offset, fingerprint: fingerprint))".utf8))
    }

    func decode(_ text: String, fingerprint: String) throws -> Int {
        let invalid = HTTPError(.badRequest, kind: "invalid-cursor",
                                detail: "The cursor is not one this query produced; start again without `cursor`.",
                                invalidParameters: [.init(name: "cursor", reason: "not a cursor of this query")])
        guard text.utf8.count <= 200, let bytes = Cursor.decodeBase64URL(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v2", let offset = Int(parts[1]), offset >= 0, offset <= 1_000_000_000,
              String(offset) == parts[1],
              Cursor.constantTimeEquals(parts[2], signature(offset: offset, fingerprint: fingerprint))
        else { throw invalid }
        return offset
    }

    private func signature(offset: Int, fingerprint: String) -> String {
        let message = Data(fingerprint.utf8) + [0] + Data(String(offset).utf8)
        return Hexadecimal.encode(HMAC<SHA256>.authenticationCode(for: message, using: key).prefix(12))
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
