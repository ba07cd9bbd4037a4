@testable import RegistryAPI
import Testing

/// The cells `JSONCells` reads from a record's JSON: texts copied as they lie where that gives what decoding
/// them would, and decoded otherwise.
@Suite struct JSONCellsTests {
    /// Every cell of an object, by name.
    struct Collected: JSONCellSink {
        var cells: [String: String] = [:]

        func wants(_ name: UnsafeBufferPointer<UInt8>) -> Bool { true }

        mutating func cell(_ name: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) {
            cells[String(decoding: name, as: UTF8.self)] = String(decoding: text, as: UTF8.self)
        }
    }

    static func cells(_ json: String) throws -> [String: String] {
        var sink = Collected()
        let bytes = Array(json.utf8)
        let end = try bytes.withUnsafeBufferPointer { try JSONCells.cells(of: $0, into: &sink) }
        #expect(end == bytes.count)
        return sink.cells
    }

    /// The text a number's cell had when every number was read into an `Int64` or a `Double` and written back.
    static func decodedText(_ number: String) -> String? {
        if !number.contains(where: { ".eE+".contains($0) }), let integer = Int64(number) { return String(integer) }
        return Double(number).map { String($0) }
    }

    @Test func numbersReadAsIfDecoded() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "7", "-12", "007", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                     "123456789012345678", "1234567890123456789", "0.5", "-0.5", "0.001", "0.0001", "0.00999", "1.0",
                     "1.50", "0.818635", "14968622.46", "1e3", "2.5E-3", "9007199254740993.5", "123456789012345.6",
                     "12345678901234.5", "999999999999999.9", "0.00001", "0.0000123", "9999999999999998.5", "0.30000000000000004", "1234567890123456.5", "-0.0"]
        for _ in 0..<3000 {
            let whole = Int.random(in: 0..<100_000_000, using: &generator)
            let fraction = Int.random(in: 0..<10_000_000, using: &generator)
            let zeros = String(repeating: "0", count: Int.random(in: 0...6, using: &generator))
            texts.append("\(Bool.random(using: &generator) ? "-" : "")\(Int.random(in: 0...1, using: &generator) == 0 ? 0 : whole).\(zeros)\(fraction)")
        }
        for text in texts {
            let expected = try #require(Self.decodedText(text), "\(text) is not a number")
            #expect(try Self.cells("{\"n\":\(text)}")["n"] == expected, "\(text)")
            #expect(try Self.cells("{\"list\":[\(text),\(text)]}")["list"] == expected + ";" + expected, "\(text) in an array")
        }
    }

    @Test func stringsNamesArraysAndNestedObjects() throws {
        let cells = try Self.cells(#"""
            {"a":"plain","b":"esc\"aped \u00e9 \ud83d\ude00 \n","c":null,"d":true,"e":false,"f":[],"g":["x","y",3],
             "h":[{"k":1},{"k":2}],"i":{"j":{"k":"deep"},"evidence":[{"quote":"left out"}]},"evidence":"left out",
             "n\u00e4me":"named with an escape","t":"a,b"}
            """#)
        #expect(cells == [
            "a": "plain", "b": "esc\"aped é 😀 \n", "c": "", "d": "true", "e": "false", "g": "x;y;3", "h": #"[{"k":1},{"k":2}]"#,
            "h.count": "2", "i.j.k": "deep", "näme": "named with an escape", "t": "a,b",
        ])
    }

    @Test func listValuesHoldingTheSeparatorOrTheEscapeAreEscaped() throws {
        let cells = try Self.cells(#"{"a":["x;y","z\\w","plain","e\\;"],"b":["\u003b"],"c":[";",""]}"#)
        #expect(cells["a"] == #"x\;y;z\\w;plain;e\\\;"#)
        #expect(cells["b"] == #"\;"#)
        #expect(cells["c"] == #"\;;"#)
    }

    @Test func malformedJSONIsAnErrorNotACrash() {
        for json in [#"{"a":"#, #"{"a":"x"#, #"{"a":[1,2"#, #"{"a":tru}"#, #"{"a":-}"#, #"{"a":"\u12"}"#, #"{"a":{"b":1}"#, "{", ""] {
            #expect(throws: (any Error).self, "\(json)") { try Self.cells(json) }
        }
    }

    @Test func recordRowsKeepOnlyTheKindsColumnsInTheirOrder() throws {
        var rows = CSVRecordRows(kind: .theme)
        let header = rows.writer.takeBytes()
        let columns = String(decoding: header, as: UTF8.self).dropLast().split(separator: ",").map(String.init)
        #expect(columns == CSVColumns.columns(of: .theme))
        let json = Array(#"{"id":"t","labels":{"en":"Name, with a comma","xx":"no column"},"not_a_column":{"x":1},"origin":"api","unknown":[1,2]}"#.utf8)
        try json.withUnsafeBufferPointer { try rows.append($0, label: "Label \"quoted\"", link: "/v1/themes/t") }
        let row = String(decoding: rows.writer.takeBytes(), as: UTF8.self)
        let expected = columns.map { column -> String in
            switch column {
            case "id": "t"
            case "labels.en": "\"Name, with a comma\""
            case "origin": "api"
            case "label": "\"Label \"\"quoted\"\"\""
            case "link": "/v1/themes/t"
            default: ""
            }
        }.joined(separator: ",") + "\r\n"
        #expect(row == expected)
    }
}
