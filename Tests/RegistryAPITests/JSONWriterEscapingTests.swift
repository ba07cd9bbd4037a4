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

    /// Strings are scanned eight bytes at a time: a character that needs an escape is found at every position of
    /// such a word, next to multi-byte characters too, whether the string comes as a `String` or as UTF-8 bytes.
    @Test(arguments: ["\"", "\\", "\n", "\u{1}", "\u{1F}"])
    func everyPositionOfAWordIsChecked(_ special: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for filler in ["a", "ø", "😀"] {
            for length in [1, 7, 8, 9, 16, 17, 25] {
                for position in 0..<length {
                    var characters = Array(repeating: filler, count: length)
                    characters[position] = special
                    let text = characters.joined()
                    var writer = JSONWriter()
                    writer.beginArray()
                    writer.string(text)
                    writer.string(utf8: Array(text.utf8))
                    Array(text.utf8).withUnsafeBufferPointer { writer.string("/v1/x/", utf8: $0) }
                    writer.endArray()
                    #expect(writer.bytes == Array(try encoder.encode([text, text, "/v1/x/" + text])), "\(text.debugDescription)")
                }
            }
        }
    }
}
