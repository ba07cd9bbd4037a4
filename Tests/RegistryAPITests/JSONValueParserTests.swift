import Foundation
@testable import JSONOutput
import Testing
import TestSupport

/// `JSONValue(parsing:)` reads what it can itself and leaves the rest to Foundation's `JSONDecoder`: whatever it
/// reads must be what Foundation reads (the same value, integers and numbers told apart), and whatever it
/// leaves must be left, not misread. Compared on crafted edge cases, on every record the seeds serve, and on
/// random documents.
@Suite struct JSONValueParserTests {
    /// What Foundation's decoder reads, the way `JSONValue(parsing:)` read everything before.
    private static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    private static func fast(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer(JSONValueParser<JSONValue>.parse)
    }

    /// The fast reader either agrees with Foundation or leaves the text to it.
    private static func check(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = foundation(bytes)
        let parsed = fast(bytes)
        if let parsed {
            #expect(parsed == expected, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        #expect((try? JSONValue(parsing: bytes)) == expected, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"  [1, -2, 0, -0]  "#, #"[1.5, -0.25, 1e-2, 2.5E+3]"#,
        #"[9223372036854775807, -9223372036854775808, 9223372036854775808, 100000000000000000000]"#,
        #"[1.0, 1e2, -0.0, 0.1e1, 2.0e0]"#, #"[1E400]"#, #"[01]"#, #"[1.]"#, #"[.5]"#, #"[-]"#, #"[NaN]"#, #"[+1]"#,
        #"{"a":1,"a":2}"#, #""\ud800""#, #""\udc00x""#, #""\ud83d\ude00 é \u00e9 \u0000 \/ \b\f\n\r\t \"\\""#,
        "\"a\tb\"", #""\x""#, #""\u12""#, "\u{FEFF}[1]", #"[1,]"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{1:2}"#, "", " ", "[", "{",
        #"[1] x"#, #"tru"#, #"nul"#, #"true"#, #"null"#, #""plain""#, "[\"\u{0}\"]", #"{"":""}"#,
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func edgeCasesReadAsFoundationReadsThem(_ text: String) {
        Self.check(Array(text.utf8))
    }

    @Test func invalidUTF8AndOtherEncodingsAreLeftToFoundation() {
        Self.check([0x22, 0xFF, 0x22])
        Self.check([0x22, 0xC3, 0x22])
        Self.check(Array("[\"ä\"]".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(Self.fast([0x22, 0xFF, 0x22]) == nil)
    }

    @Test func commonTextIsReadWithoutFoundation() {
        for text in [#"{"a":[1,2.5,"x\n",{"b":null}],"c":true}"#, #""é""#, #"[-12, 0.75, 1202810.25]"#] {
            #expect(Self.fast(Array(text.utf8)) != nil, "\(text)")
        }
    }

    @Test func everySeedRecordAsServed() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for kind in ["projects", "partnerships", "regions", "organisations", "programmes", "people", "themes"] {
            let body = try server.get("/v1/\(kind)?limit=100").body
            Self.check(body)
            #expect(Self.fast(body) != nil, "\(kind)")
        }
    }

    @Test func randomDocuments() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var text = ""
            Self.randomValue(into: &text, depth: 0, using: &generator)
            Self.check(Array(text.utf8))
        }
    }

    static func randomValue(into text: inout String, depth: Int, using generator: inout SystemRandomNumberGenerator) {
        switch Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &generator) {
        case 0: text += ["true", "false", "null"].randomElement(using: &generator) ?? "null"
        case 1: text += String(Int64.random(in: Int64.min...Int64.max, using: &generator) >> Int64.random(in: 0..<63, using: &generator))
        case 2:
            let numbers = ["0.5", "-1.25", "3.0", "1e3", "1e-3", "12345678901234567890", "0.1", "2.5e10", "-0", "7E2"]
            text += numbers.randomElement(using: &generator) ?? "0"
        case 3: text += "\(Double.random(in: -1e6...1e6, using: &generator))"
        case 4:
            let pieces = ["a", "é", "😀", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", " ", "\\\\", "\\/", "x;y"]
            text += "\"" + (0..<Int.random(in: 0..<6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined() + "\""
        case 5:
            text += "["
            for index in 0..<Int.random(in: 0..<4, using: &generator) {
                if index > 0 { text += "," }
                randomValue(into: &text, depth: depth + 1, using: &generator)
            }
            text += "]"
        default:
            text += "{"
            for index in 0..<Int.random(in: 0..<4, using: &generator) {
                if index > 0 { text += ", " }
                text += "\"k\(Int.random(in: 0..<3, using: &generator))\": "
                randomValue(into: &text, depth: depth + 1, using: &generator)
            }
            text += "}"
        }
    }
}
