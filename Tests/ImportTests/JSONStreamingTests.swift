import Foundation
import Import
import Testing

/// The JSON reader as it streams: rows whatever the chunks, the objects above the rows, exact numbers, escapes,
/// UTF-16, and errors that name the line and column of the fault.
@Suite struct JSONStreamingTests {
    private func rows(_ text: String, rows path: String = "", chunks: [Int] = [1 << 16], limit: Int = JSONReader.defaultMaximumValueBytes) throws -> [JSONRow] {
        try rows(Array(text.utf8), rows: path, chunks: chunks, limit: limit)
    }

    private func rows(_ bytes: [UInt8], rows path: String = "", chunks: [Int] = [1 << 16], limit: Int = JSONReader.defaultMaximumValueBytes) throws -> [JSONRow] {
        var source = ImportSource.bytes(bytes, name: "t.json")
        source.chunkSizes = chunks
        var found: [JSONRow] = []
        try JSONReader(source, rows: path, maximumValueBytes: limit).forEach { found.append($0) }
        return found
    }

    private func error(_ text: String, rows path: String = "", limit: Int = JSONReader.defaultMaximumValueBytes) -> String? {
        ImportFixtures.importError { _ = try rows(text, rows: path, limit: limit) }?.description
    }

    @Test func realExcerptsReadTheSameInAnyChunks() throws {
        var generator = SystemRandomNumberGenerator()
        for (name, path) in [("se_interreg_partners_2021-2027.excerpt.json", ""), ("ua_de_twinning_partners.excerpt.json", "hromadas[*].partners"),
                             ("ua_de_twinning_partners.excerpt.json", "sources")] {
            let bytes = try ImportFixtures.bytes(name)
            let whole = try rows(bytes, rows: path, chunks: [bytes.count])
            #expect(!whole.isEmpty)
            for _ in 0..<5 {
                let chunks = (0..<16).map { _ in Int.random(in: 1...97, using: &generator) }
                #expect(try rows(bytes, rows: path, chunks: chunks) == whole, "\(name) in chunks \(chunks)")
            }
        }
    }

    @Test func rowsAreWhatFoundationReadsInRandomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let document: [Any] = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.randomObject(depth: 0, &generator) }
            let data = try JSONSerialization.data(withJSONObject: document, options: Bool.random(using: &generator) ? [.prettyPrinted] : [])
            let expected = try #require(JSONSerialization.jsonObject(with: data) as? [Any]).map(Self.value(foundation:))
            let read = try rows(Array(data), chunks: [Int.random(in: 1...50, using: &generator)])
            #expect(read.map(\.value) == expected, "\(String(decoding: data, as: UTF8.self))")
        }
    }

    @Test func objectsAboveTheRowsHoldTheirOtherMembersWhereverTheyStand() throws {
        let text = #"{"groups": [{"partners": [{"n": "a"}, {"n": "b"}], "name": "G1"}, {"name": "G2", "partners": []},"#
            + #" {"name": "G3", "partners": [{"n": "c"}]}], "title": "after"}"#
        let found = try rows(text, rows: "groups[*].partners", chunks: [3])
        #expect(found.map(\.path) == ["groups[0].partners[0]", "groups[0].partners[1]", "groups[2].partners[0]"])
        #expect(try found.map { $0.text(at: try JSONPath("^.name")) } == ["G1", "G1", "G3"])
        #expect(found[0].text(at: try JSONPath("^.^.title")) == "after")
        #expect(found[0].value(at: try JSONPath("^.partners")) == nil)
        #expect(try rows(#"{"groups": []}"#, rows: "groups[*].partners").isEmpty)
        #expect(try rows(#"[[{"a": 1}], [{"a": 2}]]"#, rows: "[1]").map(\.path) == ["[1][0]"])
    }

    @Test func numbersAreExactDecimalText() throws {
        let found = try rows(#"[{"a": 1.50, "b": 1.5e3, "c": 2.5E-3, "d": -0e0, "e": 12345678901234567890123, "f": -7, "g": 125e-1}]"#)
        let row = try #require(found.first)
        let texts = try ["a", "b", "c", "d", "e", "f", "g"].map { try row.text(at: JSONPath($0)) }
        #expect(texts == ["1.50", "1500", "0.0025", "0", "12345678901234567890123", "-7", "12.5"])
    }

    @Test func escapesAndUTF16() throws {
        let found = try rows(#"[{"s": "\u00e9\ud83d\ude00\n\"\\\/", "k\u00f6": true}]"#)
        #expect(found.first?.text(at: try JSONPath("s")) == "é😀\n\"\\/")
        #expect(found.first?.value(at: try JSONPath("kö")) == .bool(true))
        let text = #"[{"name": "Łódź 😀"}]"#
        for (bom, units) in [([UInt8]([0xFF, 0xFE]), true), ([0xFE, 0xFF], false)] {
            let bytes = bom + text.utf16.flatMap { unit in units ? [UInt8(unit & 0xFF), UInt8(unit >> 8)] : [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            #expect(try rows(bytes, chunks: [5]).first?.text(at: try JSONPath("name")) == "Łódź 😀")
        }
        #expect(try rows([0xEF, 0xBB, 0xBF] + Array(text.utf8)).first?.text(at: try JSONPath("name")) == "Łódź 😀")
    }

    @Test func faultsAreNamedByLineAndColumn() {
        #expect(error("[{\"a\": 1},\n {\"b\": tru}]") == "t.json, line 2: not valid JSON: not a value, `true` expected (column 8)")
        #expect(error("[{\"a\": 1}] x") == "t.json, line 1: not valid JSON: expected the end of the document after its value, found `x` (column 12)")
        #expect(error("") == "t.json, line 1: not valid JSON: the document ends where a value should be (column 1)")
        #expect(error("[{\"a\": 01}]") == "t.json, line 1: not valid JSON: an invalid number (column 8)")
        #expect(error("[{\"a\": 1.}]") == "t.json, line 1: not valid JSON: an invalid number (column 8)")
        #expect(error("[{\"a\": 1e5000}]") == "t.json, line 1: not valid JSON: a number's exponent beyond ±1000 (column 8)")
        #expect(error("[{\"a\": \"\\ud800x\"}]") == "t.json, line 1: not valid JSON: an invalid escape in a string (column 9)")
        #expect(error("[{\"a\": \"tab\there\"}]")?.hasSuffix("a control character inside a string, which must be escaped (column 12)") == true)
        #expect(error("[{\"a\" 1}]") == "t.json, line 1: not valid JSON: expected a `:` after a member's name, found `1` (column 7)")
        #expect(error("[{\"a\": 1} {\"b\": 2}]") == "t.json, line 1: not valid JSON: expected a `,` or `]` after an array's element, found `{` (column 11)")
        #expect(error("[{\"a\": [1, 2}]") == "t.json, line 1: not valid JSON: expected a `,` or `]` after an array's element, found `}` (column 13)")
        #expect(error(String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
            == "t.json, line 1: not valid JSON: arrays and objects nested more than 512 deep (column 513)")
        #expect(error("[{\"a\": \"é\"}]".replacingOccurrences(of: "é", with: "\u{FFFD}")) == nil)
        var invalidUTF8 = Array("[{\"a\": \"x\"}]".utf8)
        invalidUTF8[8] = 0xFF
        #expect(ImportFixtures.importError { _ = try rows(invalidUTF8) }?.reason == .invalidEncoding(.utf8))
    }

    /// Found by `scripts/fuzz import`: read in one piece, a bad byte late in the document was told before a fault
    /// earlier in it, which small chunks told first.
    @Test func theFirstFaultIsToldWhereverTheChunksEnd() throws {
        var bytes = Array(#"[{"a": "x"}, {"b": "yy"}]"#.utf8)
        let bad = try #require(bytes.firstIndex(of: UInt8(ascii: "y")))
        bytes[bad] = 0xFF
        for chunks in [[bytes.count], [1], [3, 7], [bad], [bad + 1]] {
            var source = ImportSource.bytes(bytes, name: "t.json")
            source.chunkSizes = chunks
            #expect(ImportFixtures.importError { _ = try JSONReader(source, rows: "a[*].b") }?.reason == .rowsNotFound(path: "a[*].b"),
                    "chunks \(chunks)")
            #expect(ImportFixtures.importError { _ = try JSONReader(source) }?.reason == .invalidEncoding(.utf8), "chunks \(chunks)")
        }
    }

    @Test func aRowBeyondTheLimitIsRefusedAndAValuePassedOverIsNotHeld() {
        let big = String(repeating: "x", count: 5_000)
        #expect(error("[{\"a\": \"\(big)\"}]", limit: 1_000) == "t.json, line 1: a row or value larger than 1000 bytes; is this the right file and rows path?")
        // A value off the rows path is checked but not kept, whatever its size; the members of an object above
        // the rows are kept (for `^`), and bounded likewise.
        #expect(error("[[\"\(big)\"], [{\"a\": 1}]]", rows: "[1]", limit: 1_000) == nil)
        #expect(error("{\"meta\": [\"\(big)\"], \"rows\": [{\"a\": 1}]}", rows: "rows", limit: 1_000)
            == "t.json, line 1: a row or value larger than 1000 bytes; is this the right file and rows path?")
    }

    private static func randomObject(depth: Int, _ generator: inout SystemRandomNumberGenerator) -> [String: Any] {
        var object: [String: Any] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &generator) {
            object[randomString(&generator)] = randomValue(depth: depth + 1, &generator)
        }
        return object
    }

    private static func randomValue(depth: Int, _ generator: inout SystemRandomNumberGenerator) -> Any {
        switch Int.random(in: 0..<(depth < 3 ? 7 : 5), using: &generator) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &generator)
        case 2: return Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator)
        case 3, 4: return randomString(&generator)
        case 5: return (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, &generator) }
        default: return randomObject(depth: depth, &generator)
        }
    }

    private static func randomString(_ generator: inout SystemRandomNumberGenerator) -> String {
        let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "Ł", "ж", "😀", "\u{2028}"]
        return String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "a" })
    }

    /// What `JSONSerialization` reads, as the reader's values (integers only: its doubles are not exact text).
    private static func value(foundation value: Any) -> JSONValue {
        switch value {
        case let string as String: .string(string)
        case let number as NSNumber:
            String(cString: number.objCType) == "c" || String(cString: number.objCType) == "B" ? .bool(number.boolValue) : .number(number.stringValue)
        case let array as [Any]: .array(array.map(Self.value(foundation:)))
        case let object as [String: Any]: .object(object.mapValues(Self.value(foundation:)))
        default: .null
        }
    }
}
