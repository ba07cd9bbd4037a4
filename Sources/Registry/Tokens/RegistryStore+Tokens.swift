import Crypto
import Foundation
import GRDB

extension RegistryStore {
    /// How often, at most, a token's `lastUsedAt` is written: authenticating with a token is a read, and writes
    /// it only when the recorded use is at least this old.
    public static let lastUsedResolution: TimeInterval = 60

    /// Makes a token named `name` with `scope`; returns it and its secret, which is not kept and cannot be
    /// shown again. Throws ``TokenError`` when the name is not valid or is taken (by a revoked token too).
    @discardableResult
    public func createToken(name: String, scope: TokenScope, now: Date = Date()) throws -> (token: AccessToken, secret: TokenSecret) {
        guard AccessToken.isValidName(name) else { throw TokenError.invalidName(name) }
        let secret = TokenSecret.generate()
        let token = AccessToken(name: name, scope: scope, createdAt: RegistryStore.wholeSeconds(now))
        try guardedWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM access_token WHERE name = ?", arguments: [name]) == true {
                throw TokenError.nameTaken(name)
            }
            try db.execute(
                sql: "INSERT INTO access_token (name, scope, secret_sha256, created_at) VALUES (?, ?, ?, ?)",
                arguments: [name, scope.rawValue, Data(secret.digest), RegistryStore.timestamp(token.createdAt)])
        }
        return (token, secret)
    }

    /// Every token, revoked ones included, by name.
    public func tokens() throws -> [AccessToken] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(RegistryStore.tokenColumns) FROM access_token ORDER BY name").map(RegistryStore.token(from:))
        }
    }

    /// The token named `name`, or nil.
    public func token(named name: String) throws -> AccessToken? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(RegistryStore.tokenColumns) FROM access_token WHERE name = ?", arguments: [name])
                .map(RegistryStore.token(from:))
        }
    }

    /// Revokes the token named `name` for good and returns it; a token revoked earlier keeps its revocation time.
    /// Its row stays, so that its name stays taken and its changes attributed. Throws ``TokenError/notFound(_:)``.
    @discardableResult
    public func revokeToken(named name: String, now: Date = Date()) throws -> AccessToken {
        try guardedWrite { db in
            try db.execute(sql: "UPDATE access_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                           arguments: [RegistryStore.timestamp(now), name])
            guard let row = try Row.fetchOne(db, sql: "SELECT \(RegistryStore.tokenColumns) FROM access_token WHERE name = ?",
                                             arguments: [name]) else {
                throw TokenError.notFound(name)
            }
            return RegistryStore.token(from: row)
        }
    }

    /// The valid token whose secret is `secret`, or nil when no token has it or it was revoked.
    ///
    /// The token is found by the SHA-256 of the secret, and the stored hash is then compared with swift-crypto's
    /// constant-time digest comparison. Its `lastUsedAt` is written only when at least ``lastUsedResolution``
    /// old, so that most authentications read without writing, and not at all while the database cannot be
    /// written (``StorageFault``) or an import through this store holds its writer.
    public func authenticate(_ secret: TokenSecret, now: Date = Date()) throws -> AccessToken? {
        let digest = secret.digest
        guard let row = try read({ db in
            try Row.fetchOne(db, sql: "SELECT \(RegistryStore.tokenColumns), secret_sha256 FROM access_token WHERE secret_sha256 = ?",
                             arguments: [Data(digest)])
        }) else { return nil }
        let stored: Data = row["secret_sha256"]
        guard digest == stored else { return nil }
        var token = RegistryStore.token(from: row)
        guard !token.isRevoked else { return nil }
        // While an import holds the writer, the time of use waits for a later request rather than the request for
        // the import, which may take minutes: polling an import's progress must not wait for its end.
        if RegistryStore.lastUseIsDue(token, now: now), importsRunning.withLock({ $0 }) == 0 {
            let used = RegistryStore.wholeSeconds(now)
            do {
                try guardedWrite { db in
                    try db.execute(sql: "UPDATE access_token SET last_used_at = ? WHERE name = ?",
                                   arguments: [RegistryStore.timestamp(used), token.name])
                }
                token.lastUsedAt = used
            } catch is StorageFault {
                // The record of use is not worth refusing the request for: a read goes on while the
                // database cannot be written, and a write is refused for the fault by the store itself.
            }
        }
        return token
    }

    /// Whether a use of `token` at `now` is to be recorded: its recorded use is at least ``lastUsedResolution`` old.
    static func lastUseIsDue(_ token: AccessToken, now: Date) -> Bool {
        token.lastUsedAt.map { now.timeIntervalSince($0) >= lastUsedResolution } ?? true
    }

    // MARK: Rows

    /// The columns of `access_token` a token is read from, in the order ``token(name:scope:createdAt:lastUsedAt:revokedAt:)`` takes them.
    static let tokenColumns = "name, scope, created_at, last_used_at, revoked_at"

    private static func token(from row: Row) -> AccessToken {
        token(name: row["name"], scope: row["scope"], createdAt: row["created_at"], lastUsedAt: row["last_used_at"],
              revokedAt: row["revoked_at"])
    }

    /// A token from the text of its columns.
    static func token(name: String, scope: String, createdAt: String, lastUsedAt: String?, revokedAt: String?) -> AccessToken {
        AccessToken(
            name: name, scope: TokenScope(rawValue: scope) ?? .read,
            createdAt: date(createdAt) ?? Date(timeIntervalSince1970: 0),
            lastUsedAt: date(lastUsedAt), revokedAt: date(revokedAt))
    }

    /// Times are kept as RFC 3339 text in UTC, to the second, readable with the `sqlite3` shell.
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func date(_ text: String?) -> Date? {
        text.flatMap { try? Date($0, strategy: .iso8601) }
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}
