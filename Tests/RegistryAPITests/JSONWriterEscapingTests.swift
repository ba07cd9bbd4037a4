import Foundation
import JSONOutput
import Testing

/// `JSONWriter` escapes strings byte for byte as Foundation's `JSONEncoder` (`.withoutEscapingSlashes`) does,
/// whichever of the characters that need an escape a string holds and wherever they stand.
@Suite struct JSONWriterEscapingTests {
    @Test(arguments: [
        "", "plain", "\"", "\\", "/", "\"quoted\"", "a\\b", "ends with a quote\"", "\"starts with one",
        "København – Malmö ✓ 😀", "line\nbreak\r\ttab", String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
        "mixed \u{7F} \u{1} \u{1F} \"x\" \\y\\ /z/",
    ])
    func stringsAreEscapedAsTheEncoderEscapesThem(_ text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var writer = JSONWriter()
        writer.beginArray()
        writer.string(text)
        writer.string(text + text)
        writer.endArray()
        #expect(writer.bytes == Array(try encoder.encode([text, text + text])))
    }
}
