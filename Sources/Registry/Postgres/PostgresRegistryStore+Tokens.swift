import Crypto
import Foundation
import PostgresClient

extension PostgresRegistryStore {
    /// Makes a token named `name` with `scope`; returns it and its secret, which is not kept and cannot be shown
    /// again. Throws ``TokenError`` when the name is not valid or is taken (by a revoked token too).
    @discardableResult
    public func createToken(name: String, scope: TokenScope, now: Date = Date()) throws -> (token: AccessToken, secret: TokenSecret) {
        guard AccessToken.isValidName(name) else { throw TokenError.invalidName(name) }
        let secret = TokenSecret.generate()
        let token = AccessToken(name: name, scope: scope, createdAt: RegistryStore.wholeSeconds(now))
        try write { connection in
            // The key decides between two instances making the same name at once.
            let inserted = try connection.query("""
                INSERT INTO access_token (name, scope, secret_sha256, created_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (name) DO NOTHING
                """, [.text(name), .text(scope.rawValue), .bytes(Array(secret.digest)), .text(RegistryStore.timestamp(token.createdAt))])
            if inserted.affectedRows == 0 { throw TokenError.nameTaken(name) }
        }
        return (token, secret)
    }

    /// Every token, revoked ones included, by name.
    public func tokens() throws -> [AccessToken] {
        try read { connection in
            try connection.query("SELECT \(RegistryStore.tokenColumns) FROM access_token ORDER BY name").rows.map(Self.token(from:))
        }
    }

    /// The token named `name`, or nil.
    public func token(named name: String) throws -> AccessToken? {
        try read { connection in
            try connection.query("SELECT \(RegistryStore.tokenColumns) FROM access_token WHERE name = $1", [.text(name)])
                .rows.first.map(Self.token(from:))
        }
    }

    /// Revokes the token named `name` for good and returns it; a token revoked earlier keeps its revocation time.
    /// Throws ``TokenError/notFound(_:)``.
    @discardableResult
    public func revokeToken(named name: String, now: Date = Date()) throws -> AccessToken {
        try write { connection in
            try connection.query("UPDATE access_token SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
                                 [.text(RegistryStore.timestamp(now)), .text(name)])
            guard let row = try connection.query("SELECT \(RegistryStore.tokenColumns) FROM access_token WHERE name = $1",
                                                 [.text(name)]).rows.first else {
                throw TokenError.notFound(name)
            }
            return try Self.token(from: row)
        }
    }

    /// The valid token whose secret is `secret`, or nil when no token has it or it was revoked. Found by the
    /// secret's SHA-256, then compared in constant time by swift-crypto; its time of use is written only when the
    /// recorded one is at least ``RegistryStore/lastUsedResolution`` old, so most authentications only read.
    public func authenticate(_ secret: TokenSecret, now: Date = Date()) throws -> AccessToken? {
        let digest = secret.digest
        guard let row = try read({ connection in
            try connection.query("SELECT \(RegistryStore.tokenColumns), secret_sha256 FROM access_token WHERE secret_sha256 = $1",
                                 [.bytes(Array(digest))]).rows.first
        }) else { return nil }
        let stored = try row.get(5, as: [UInt8].self)
        guard digest == Data(stored) else { return nil }
        var token = try Self.token(from: row)
        guard !token.isRevoked else { return nil }
        if RegistryStore.lastUseIsDue(token, now: now) {
            let used = RegistryStore.wholeSeconds(now)
            try write { connection in
                try connection.query("UPDATE access_token SET last_used_at = $1 WHERE name = $2",
                                     [.text(RegistryStore.timestamp(used)), .text(token.name)])
            }
            token.lastUsedAt = used
        }
        return token
    }

    private static func token(from row: PostgresRow) throws -> AccessToken {
        RegistryStore.token(name: try row.get(0), scope: try row.get(1), createdAt: try row.get(2), lastUsedAt: try row.get(3),
                            revokedAt: try row.get(4))
    }
}
