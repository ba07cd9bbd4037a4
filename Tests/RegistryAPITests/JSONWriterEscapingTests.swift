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
                    Array(text.utf8).withUnsafeBufferPointer { writer.string(JSONStringPrefix("/v1/x/"), utf8: $0) }
                    writer.endArray()
                    #expect(writer.bytes == Array(try encoder.encode([text, text, "/v1/x/" + text])), "\(text.debugDescription)")
                }
            }
        }
    }
}

/// A key written once (`JSONKey`) is written as the same key written each time is.
@Suite struct JSONKeyTests {
    @Test(arguments: ["id", "name", "a \"quoted\" key", "ключ", ""])
    func aKeyWrittenOnceIsTheKeyWritten(_ name: String) {
        var once = JSONWriter(), each = JSONWriter()
        let key = JSONKey(name)
        for writer in [0, 1] {
            _ = writer
            once.beginObject(); once.key(key); once.string("v"); once.key(key); once.beginArray(); once.number(1); once.endArray(); once.endObject()
            each.beginObject(); each.key(name); each.string("v"); each.key(name); each.beginArray(); each.number(1); each.endArray(); each.endObject()
        }
        #expect(once.bytes == each.bytes)
    }

    @Test func aStringPrefixMadeOnceIsEscapedAsTheWholeString() {
        var once = JSONWriter(), whole = JSONWriter()
        Array("tail".utf8).withUnsafeBufferPointer { once.string(JSONStringPrefix("a \"quoted\\ prefix/"), utf8: $0) }
        whole.string("a \"quoted\\ prefix/tail")
        #expect(once.bytes == whole.bytes)
    }
}
