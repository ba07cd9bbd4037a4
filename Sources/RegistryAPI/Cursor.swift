import HTTPServer

/// Opaque pagination cursors: the offset of the next page, bound to the query that produced it and signed.
///
/// A cursor's text is base64url of `v2.<offset>.<signature>`, where the signature is the first 12 bytes
/// (hexadecimal) of HMAC-SHA256 over the query's fingerprint and the offset, keyed with this installation's
/// secret. A cursor from another query (other filters or sort), or one that was altered or made up, fails
/// to decode or to verify and is answered with a 400.
struct Cursor: Sendable {
    /// The signing key.
    let key: [UInt8]

    func encode(offset: Int, fingerprint: String) -> String {
        Cursor.base64URL(Array("v2.\(offset).\(signature(offset: offset, fingerprint: fingerprint))".utf8))
    }

    func decode(_ text: String, fingerprint: String) throws -> Int {
        let invalid = HTTPError(.badRequest, kind: "invalid-cursor",
                                detail: "The cursor is not one this query produced; start again without `cursor`.",
                                invalidParameters: [.init(name: "cursor", reason: "not a cursor of this query")])
        guard text.utf8.count <= 200, let bytes = Cursor.decodeBase64URL(text) else { throw invalid }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v2", let offset = Int(parts[1]), offset >= 0, offset <= 1_000_000_000,
              String(offset) == parts[1],
              Cursor.constantTimeEquals(Array(parts[2].utf8), Array(signature(offset: offset, fingerprint: fingerprint).utf8))
        else { throw invalid }
        return offset
    }

    private func signature(offset: Int, fingerprint: String) -> String {
        let mac = HMAC.sha256(key: key, message: Array(fingerprint.utf8) + [0] + Array(String(offset).utf8))
        return mac.prefix(12).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Compares without stopping at the first difference, so timing tells nothing of the right signature.
    private static func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func base64URL(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8) | UInt32(chunk.count > 2 ? chunk[2] : 0)
            let characters = chunk.count + 1
            for position in 0..<characters {
                output.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 {
            guard let position = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(position))
        }
        guard values.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = Array(values[index..<min(index + 4, values.count)])
            var value: UInt32 = 0
            for (position, sextet) in chunk.enumerated() { value |= UInt32(sextet) << UInt32(18 - 6 * position) }
            for position in 0..<(chunk.count - 1) { output.append(UInt8((value >> UInt32(16 - 8 * position)) & 0xFF)) }
            index += 4
        }
        return output
    }
}
