import Foundation

/// An access token as the store knows it: its name, scope and dates, never the token itself or its hash.
///
/// The name identifies the token for people and in the history of changes; it stays taken after revocation.
public struct AccessToken: Sendable, Equatable {
    public var name: String
    public var scope: TokenScope
    public var createdAt: Date
    /// When the token last authenticated a request, to about a minute; nil when never.
    public var lastUsedAt: Date?
    /// When the token was revoked; nil while it is valid.
    public var revokedAt: Date?

    public init(name: String, scope: TokenScope, createdAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil) {
        self.name = name
        self.scope = scope
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// The longest name.
    public static let maxNameLength = 64
    /// What ``isValidName(_:)`` accepts, in words.
    public static let nameRule = "1 to \(maxNameLength) ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"

    /// Whether `name` can name a token: 1 to 64 ASCII letters, digits, `.`, `_` or `-`, starting with a letter
    /// or digit. Names appear in logs, the history and the API's paths, so they are kept plain.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maxNameLength, isAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
