import Crypto
import Foundation
@testable import RegistryAPI
import Registry
import Testing
import TestSupport

/// Signed cursors and the HMAC that signs them.
@Suite struct CursorTests {
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> HMAC<SHA256>.MAC {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
    }

    @Test func hmacMatchesRFC4231() {
        // Test cases 1, 2 and 6 (a key longer than a block).
        #expect(CursorTests.hex(CursorTests.hmacSHA256(key: [UInt8](repeating: 0x0B, count: 20), message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(CursorTests.hex(CursorTests.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(CursorTests.hex(CursorTests.hmacSHA256(key: [UInt8](repeating: 0xAA, count: 131),
                                            message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func aCursorVerifiesOnlyForItsQueryAndKey() throws {
        let cursors = Cursor(key: Array("one key of this installation".utf8))
        let cursor = cursors.encode(offset: 40, fingerprint: "projects?country=DK")
        #expect(try cursors.decode(cursor, fingerprint: "projects?country=DK").offset == 40)
        #expect(throws: (any Error).self) { try cursors.decode(cursor, fingerprint: "projects?country=SE") }
        #expect(throws: (any Error).self) {
            try Cursor(key: Array("another installation".utf8)).decode(cursor, fingerprint: "projects?country=DK")
        }
    }

    @Test func theKeyOutlivesARestart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-cursor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let migrations = Fixtures.migrations
        let first = try RegistryStore.open(path: path, migrationsDirectory: migrations).secret(named: "cursor-key")
        let again = try RegistryStore.open(path: path, migrationsDirectory: migrations).secret(named: "cursor-key")
        #expect(first.count == 32)
        #expect(first == again)
        #expect(try RegistryStore.open(path: path, migrationsDirectory: migrations).secret(named: "other") != first)
    }
}
