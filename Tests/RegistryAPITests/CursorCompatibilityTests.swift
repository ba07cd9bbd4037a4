import Foundation
import Registry
@testable import RegistryAPI
import Testing

/// Cursors handed out before stay valid: the same key, offset and query give the same text, byte for byte.
@Suite struct CursorCompatibilityTests {
    static let key = Array("one key of this installation".utf8)

    @Test(arguments: [
        (40, "projects?country=DK", "djIuNDAuNWFhZTIyNmFkZjczNWYzYzAzOWIyYmIy"),
        (0, "", "djIuMC45MWY4MmJiNjZmMGVhYTYyZDQ2ODYxZDg"),
        (123_456_789, "partnerships?country=DK&sort=-signed", "djIuMTIzNDU2Nzg5LmYxNTY5MzYwMGE4MTQyMmNlMGQ4NGIxZg"),
    ])
    func knownCursorsEncodeAndDecodeAsBefore(offset: Int, fingerprint: String, text: String) throws {
        let cursors = Cursor(key: CursorCompatibilityTests.key)
        #expect(cursors.encode(offset: offset, fingerprint: fingerprint) == text)
        #expect(try cursors.decode(text, fingerprint: fingerprint).offset == offset)
    }

    @Test func aThirtyTwoByteKeyAsTheDatabaseKeepsIt() throws {
        let cursors = Cursor(key: (0..<32).map { UInt8($0) })
        #expect(cursors.encode(offset: 3, fingerprint: "projects?sort=-total_budget") == "djIuMy5mNmI1M2E5ZDVhM2M1NTIwYTIyZGFlMmI")
    }

    @Test func positionsRoundTripWhateverTheirValues() throws {
        let cursors = Cursor(key: CursorCompatibilityTests.key)
        let values: [ListPosition.Value] = [
            .null, .integer(0), .integer(-9_223_372_036_854_775_808), .integer(Int64.max), .real(0.35), .real(-0.0),
            .text(""), .text("v3.2.a.b"), .text("s3:abc;i1;n"), .text("Københavns Kommune – Україна 🇺🇦"), .text("\u{0}"),
        ]
        for value in values {
            let position = ListPosition(values: [value, .text("id-1")])
            let text = cursors.encode(offset: 7, after: position, fingerprint: "projects?sort=name")
            let decoded = try cursors.decode(text, fingerprint: "projects?sort=name")
            #expect(decoded == Cursor.Position(offset: 7, after: position), "\(value)")
            #expect(throws: (any Error).self) { try cursors.decode(text, fingerprint: "projects?sort=-name") }
        }
        // A position too long to carry makes a cursor of the offset alone.
        let long = ListPosition(values: [.text(String(repeating: "x", count: Cursor.maximumPositionBytes)), .text("id")])
        let text = cursors.encode(offset: 3, after: long, fingerprint: "themes")
        #expect(text == cursors.encode(offset: 3, fingerprint: "themes"))
        #expect(try cursors.decode(text, fingerprint: "themes") == Cursor.Position(offset: 3, after: nil))
    }

    @Test func base64URLUsesTheURLAlphabetWithoutPadding() {
        #expect(Cursor.base64URL(Data([0xFB, 0xFF, 0xFE])) == "-__-")
        #expect(Cursor.base64URL(Data([0xFB])) == "-w")
        #expect(Cursor.base64URL(Data([0xFB, 0xF0])) == "-_A")
        #expect(Cursor.decodeBase64URL("-__-") == Data([0xFB, 0xFF, 0xFE]))
        #expect(Cursor.decodeBase64URL("-w") == Data([0xFB]))
        #expect(Cursor.decodeBase64URL("-_A") == Data([0xFB, 0xF0]))
    }

    @Test(arguments: ["+//+", "-w==", "-__-A", "ab c", "é___", "djIu\u{0}"])
    func textOutsideUnpaddedBase64URLIsRefused(text: String) {
        #expect(Cursor.decodeBase64URL(text) == nil)
    }

    @Test func aCursorWithOneSignatureCharacterChangedIsRefused() throws {
        let cursors = Cursor(key: CursorCompatibilityTests.key)
        let altered = Cursor.base64URL(Data("v2.40.5aae226adf735f3c039b2bb3".utf8))
        #expect(throws: (any Error).self) { try cursors.decode(altered, fingerprint: "projects?country=DK") }
        let shorter = Cursor.base64URL(Data("v2.40.5aae226adf735f3c039b2bb".utf8))
        #expect(throws: (any Error).self) { try cursors.decode(shorter, fingerprint: "projects?country=DK") }
    }
}
