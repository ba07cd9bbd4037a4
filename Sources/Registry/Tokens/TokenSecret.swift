import Crypto
import Foundation

/// The secret text of an access token: `bby_` and 43 base64url characters of 256 random bits.
///
/// The prefix lets secret scanners recognise a leaked token. The random bits come from swift-crypto's
/// `SymmetricKey`, which reads the system's cryptographic generator; only the SHA-256 of the text is stored.
public struct TokenSecret: Sendable {
    public static let prefix = "bby_"
    /// The length of a well-formed token: the prefix and 43 characters of base64url without padding.
    public static let length = prefix.utf8.count + 43

    /// The token's text, to give to its holder once.
    public let text: String

    /// A new random token.
    public static func generate() -> TokenSecret {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let encoded = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return TokenSecret(text: prefix + encoded)
    }

    /// A token presented by a client, when it has the shape of one; nil otherwise.
    public init?(presented text: String) {
        guard TokenSecret.isWellFormed(text) else { return nil }
        self.text = text
    }

    private init(text: String) {
        self.text = text
    }

    /// The SHA-256 of the token's text: what the store keeps and looks tokens up by.
    public var digest: SHA256Digest { SHA256.hash(data: Data(text.utf8)) }

    /// Whether `text` is `bby_` and 43 base64url characters.
    static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == length, text.hasPrefix(prefix) else { return false }
        return bytes.dropFirst(prefix.utf8.count).allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
