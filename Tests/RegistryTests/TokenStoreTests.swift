import Crypto
import Foundation
import Registry
import Locking
import Testing
import TestSupport

/// Access tokens in a real SQLite file: made, listed, revoked, authenticated; only their hashes kept.
@Suite struct TokenStoreTests {
    private static func openStore() throws -> (RegistryStore, URL) {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        return (store, directory)
    }

    @Test func aTokenIsRandomPrefixedAndAuthenticatesAsItsNameAndScope() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (token, secret) = try store.createToken(name: "editor-1", scope: .write)
        let (_, other) = try store.createToken(name: "reader", scope: .read)
        #expect(token.name == "editor-1" && token.scope == .write && token.lastUsedAt == nil && !token.isRevoked)
        #expect(secret.text.hasPrefix("bby_"))
        #expect(secret.text.count == TokenSecret.length)
        #expect(secret.text != other.text)
        // 43 base64url characters carry 256 bits.
        #expect(secret.text.dropFirst(4).allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })

        let presented = try #require(TokenSecret(presented: secret.text))
        let authenticated = try #require(try store.authenticate(presented))
        #expect(authenticated.name == "editor-1")
        #expect(authenticated.scope == .write)
        #expect(try store.authenticate(#require(TokenSecret(presented: other.text)))?.name == "reader")
    }

    @Test func presentedTextThatIsNotAWellFormedTokenIsRefusedBeforeAnyLookUp() {
        #expect(TokenSecret(presented: "") == nil)
        #expect(TokenSecret(presented: "bby_") == nil)
        #expect(TokenSecret(presented: "bby_" + String(repeating: "a", count: 42)) == nil)
        #expect(TokenSecret(presented: "bby_" + String(repeating: "a", count: 44)) == nil)
        #expect(TokenSecret(presented: "xyz_" + String(repeating: "a", count: 43)) == nil)
        #expect(TokenSecret(presented: "bby_" + String(repeating: "a", count: 42) + "=") == nil)
        #expect(TokenSecret(presented: "bby_" + String(repeating: "a", count: 42) + "é") == nil)
        #expect(TokenSecret(presented: "bby_" + String(repeating: "a", count: 43)) != nil)
    }

    @Test func anUnknownTokenOfTheRightShapeDoesNotAuthenticate() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, secret) = try store.createToken(name: "editor", scope: .write)
        // The same token but for its last character: a different hash, nothing found.
        let last = secret.text.last == "A" ? "B" : "A"
        let near = try #require(TokenSecret(presented: String(secret.text.dropLast()) + last))
        #expect(try store.authenticate(near) == nil)
        #expect(try store.authenticate(#require(TokenSecret(presented: "bby_" + String(repeating: "x", count: 43)))) == nil)
    }

    @Test func onlyTheHashIsStoredNeverTheToken() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, secret) = try store.createToken(name: "admin", scope: .admin)
        _ = try store.authenticate(#require(TokenSecret(presented: secret.text)))
        let digest = Array(SHA256.hash(data: Data(secret.text.utf8)))
        // Every file of the database (main file, WAL, shared memory): the token's text is in none of them,
        // and its hash is in one.
        var hashFound = false
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            #expect(bytes.firstRange(of: Array(secret.text.utf8)) == nil, "the token is in \(name)")
            #expect(bytes.firstRange(of: Array(secret.text.dropFirst(4).utf8)) == nil, "the token's random part is in \(name)")
            if bytes.firstRange(of: digest) != nil { hashFound = true }
        }
        #expect(hashFound)
    }

    @Test func namesAreUniqueValidAndNeverReused() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.createToken(name: "ci.deploy_1", scope: .read)
        #expect(throws: TokenError.nameTaken("ci.deploy_1")) { try store.createToken(name: "ci.deploy_1", scope: .admin) }
        try store.revokeToken(named: "ci.deploy_1")
        #expect(throws: TokenError.nameTaken("ci.deploy_1")) { try store.createToken(name: "ci.deploy_1", scope: .read) }
        for name in ["", "-leading-hyphen", "with space", "ünïcode", "slash/name", String(repeating: "a", count: 65)] {
            #expect(throws: TokenError.invalidName(name)) { try store.createToken(name: name, scope: .read) }
        }
        try store.createToken(name: String(repeating: "a", count: 64), scope: .read)
        #expect(try store.tokens().map(\.name) == ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ci.deploy_1"])
    }

    @Test func aRevokedTokenStaysListedAndNoLongerAuthenticates() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, secret) = try store.createToken(name: "editor", scope: .write)
        let presented = try #require(TokenSecret(presented: secret.text))
        #expect(try store.authenticate(presented) != nil)
        let revokedAt = Date(timeIntervalSince1970: 1_900_000_000)
        let revoked = try store.revokeToken(named: "editor", now: revokedAt)
        #expect(revoked.revokedAt == revokedAt)
        #expect(try store.authenticate(presented) == nil)
        // Revoking again keeps the first revocation.
        #expect(try store.revokeToken(named: "editor", now: revokedAt.addingTimeInterval(60)).revokedAt == revokedAt)
        #expect(try store.tokens().map(\.name) == ["editor"])
        #expect(try store.token(named: "editor")?.isRevoked == true)
        #expect(throws: TokenError.notFound("nobody")) { try store.revokeToken(named: "nobody") }
    }

    @Test func lastUseIsWrittenAtMostOncePerResolution() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        let (_, secret) = try store.createToken(name: "reader", scope: .read, now: start)
        let presented = try #require(TokenSecret(presented: secret.text))
        #expect(try store.authenticate(presented, now: start.addingTimeInterval(5))?.lastUsedAt == start.addingTimeInterval(5))
        #expect(try store.authenticate(presented, now: start.addingTimeInterval(30))?.lastUsedAt == start.addingTimeInterval(5))
        #expect(try store.authenticate(presented, now: start.addingTimeInterval(64))?.lastUsedAt == start.addingTimeInterval(5))
        #expect(try store.token(named: "reader")?.lastUsedAt == start.addingTimeInterval(5))
        #expect(try store.authenticate(presented, now: start.addingTimeInterval(65))?.lastUsedAt == start.addingTimeInterval(65))
        #expect(try store.token(named: "reader")?.lastUsedAt == start.addingTimeInterval(65))
    }

    @Test func authenticatingDoesNotWaitForAnImportToCommit() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (_, secret) = try store.createToken(name: "importer", scope: .admin)
        let presented = try #require(TokenSecret(presented: secret.text))
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        // An import that holds the writer until it is released.
        Thread.detachNewThread {
            _ = try? store.importing(file: "slow.csv", sha256: String(repeating: "0", count: 64), mapping: "test",
                                     mappingDigest: String(repeating: "1", count: 64), dryRun: true, author: "importer",
                                     reason: nil) { _ in
                holding.signal()
                release.wait()
            }
            finished.signal()
        }
        holding.wait()
        // Due for its first time of use, the token authenticates without it while the import runs.
        let name = Mutex<String?>(nil)
        let answered = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let authenticated = try? store.authenticate(presented)
            name.withLock { $0 = authenticated?.name }
            answered.signal()
        }
        let inTime = answered.wait(timeout: .now() + 5) == .success
        #expect(inTime, "authentication waited for the import")
        #expect(try store.token(named: "importer")?.lastUsedAt == nil)
        release.signal()
        finished.wait()
        if !inTime { answered.wait() }
        #expect(name.withLock { $0 } == "importer")
        // Once it is over, the next request records the use.
        #expect(try store.authenticate(presented)?.lastUsedAt != nil)
        #expect(try store.token(named: "importer")?.lastUsedAt != nil)
    }

    @Test func tokenBookkeepingIsNotAChangeOfTheRegistry() throws {
        let (store, directory) = try Self.openStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let calls = Mutex(0)
        store.changes.onChange { calls.withLock { $0 += 1 } }
        let (_, secret) = try store.createToken(name: "editor", scope: .write)
        _ = try store.authenticate(#require(TokenSecret(presented: secret.text)))
        try store.revokeToken(named: "editor")
        _ = try store.secret(named: "cursor-key")
        #expect(calls.withLock { $0 } == 0)
        #expect(store.changes.lastChange == nil)
        // A change of records still is one.
        try store.save(Organisation(id: "port", name: "Port", kind: .company))
        #expect(calls.withLock { $0 } == 1)
    }

    @Test func scopesImplyTheSmallerOnes() {
        #expect(TokenScope.admin.permits(.write) && TokenScope.admin.permits(.read) && TokenScope.admin.permits(.admin))
        #expect(TokenScope.write.permits(.read) && TokenScope.write.permits(.write) && !TokenScope.write.permits(.admin))
        #expect(TokenScope.read.permits(.read) && !TokenScope.read.permits(.write) && !TokenScope.read.permits(.admin))
    }
}
