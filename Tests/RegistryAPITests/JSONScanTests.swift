import Foundation
@testable import RegistryAPI
import Testing

/// Where `JSONScan` finds the end of a string: read a word at a time near its start and with `memchr` further on,
/// with escaped quotes and backslashes at every offset across the words and across the point where the one hands
/// over to the other.
@Suite struct JSONScanTests {
    /// JSON string contents of `length` bytes with `escape` at `offset` (the rest letters), and what they decode to.
    static func content(length: Int, escape: String, at offset: Int) -> String {
        String(repeating: "a", count: offset) + escape + String(repeating: "b", count: max(0, length - offset))
    }

    static let escapes = [#"\""#, #"\\"#, #"\\\""#, #"\\\\"#, #"\n"#, #"\u00e9"#, "é"]

    @Test func aStringEndsAtItsFirstQuoteNotEscaped() throws {
        for length in 0...90 {
            for escape in Self.escapes {
                for offset in 0...length {
                    let json = "\"" + Self.content(length: length, escape: escape, at: offset) + "\",\"next\\\"\""
                    let bytes = Array(json.utf8)
                    let expected = try #require(bytes.firstIndex(of: UInt8(ascii: ","))) // no comma inside
                    let end = try bytes.withUnsafeBufferPointer { try JSONScan.stringEnd($0, from: 0) }
                    if end != expected { Issue.record("\(json): end \(end), not \(expected)") }
                    let valueEnd = try bytes.withUnsafeBufferPointer { try JSONScan.valueEnd($0, from: 0) }
                    if valueEnd != expected { Issue.record("\(json): value end \(valueEnd), not \(expected)") }
                }
            }
        }
    }

    @Test func aStringWithoutItsClosingQuoteIsMalformed() {
        for length in [0, 7, 8, 9, 63, 64, 65, 100] {
            for tail in ["", #"\"#, #"\""#] {
                let bytes = Array(("\"" + String(repeating: "a", count: length) + tail).utf8)
                #expect(throws: (any Error).self, "\(length) \(tail)") {
                    try bytes.withUnsafeBufferPointer { try JSONScan.stringEnd($0, from: 0) }
                }
            }
        }
    }

    /// The cells of strings with escapes at every offset, alone, in a list, and inside an array of objects (passed
    /// over to find its end), are what decoding the JSON gives.
    @Test func cellsOfStringsWithEscapesAtEveryOffset() throws {
        for length in [0, 1, 5, 7, 8, 9, 15, 16, 17, 40, 62, 63, 64, 65, 66, 70] {
            for escape in Self.escapes {
                for offset in 0...length {
                    let content = Self.content(length: length, escape: escape, at: offset)
                    let json = #"{"s":"\#(content)","l":["\#(content)","x"],"o":[{"k":"\#(content)"},{"k":"\#(content)"}],"evidence":["\#(content)"],"z":1}"#
                    let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
                    let text = try #require(decoded["s"] as? String)
                    let cells = try JSONCellsTests.cells(json)
                    let list = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
                    let expected = ["s": text, "l": list + ";x", "o": #"[{"k":"\#(content)"},{"k":"\#(content)"}]"#,
                                    "o.count": "2", "z": "1"]
                    if cells != expected { Issue.record("\(json): \(cells)") }
                }
            }
        }
    }
}
