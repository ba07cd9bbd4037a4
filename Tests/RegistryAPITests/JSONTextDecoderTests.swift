import Foundation
@testable import JSONOutput
@testable import Registry
import Testing
import TestSupport

/// `JSONTextDecoder` decodes what it can itself and hands the rest to Foundation's `JSONDecoder`: whatever it
/// decodes must be what Foundation decodes, whatever Foundation refuses it must refuse, and the records the
/// registry stores, serves and seeds must be decoded without Foundation. Compared on every seed file and
/// record, on crafted numbers and keys, and on random documents.
@Suite struct JSONTextDecoderTests {
    /// A value under one key, to put any JSON value where a record's member would be.
    private struct Box<Value: Codable & Sendable>: Codable, Sendable {
        var v: Value
    }

    /// Values compared by their JSON, written by Foundation's encoder (a `-0.0` and a `0.0` differ there).
    private static func json(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Decodes `text` as `type` both ways; what this decoder decodes alone is what Foundation decodes, what
    /// Foundation refuses it leaves to Foundation, and with the fallback the answers are Foundation's.
    /// Returns whether it decoded the text without Foundation.
    @discardableResult
    private static func check<T: Codable & Sendable>(_ type: T.Type, _ text: String, decoder: JSONTextDecoder = JSONTextDecoder(),
                                          sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        compare(type, text, decoder: decoder, as: { json($0) }, sourceLocation: sourceLocation)
    }

    @discardableResult
    private static func check(_ type: JSONValue.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        compare(type, text, decoder: JSONTextDecoder(), as: { String(decoding: $0.bytes, as: UTF8.self) }, sourceLocation: sourceLocation)
    }

    /// ``check(_:_:decoder:sourceLocation:)`` with values compared as `form` writes them.
    private static func compare<T: Decodable & Sendable>(_ type: T.Type, _ text: String, decoder: JSONTextDecoder, as form: (T) -> String?,
                                              sourceLocation: SourceLocation) -> Bool {
        let bytes = Array(text.utf8)
        let foundation = Result { try decoder.foundationDecoder().decode(type, from: Data(bytes)) }
        let alone = bytes.withUnsafeBufferPointer { decoder.decodedWithoutFoundation(type, fromBytes: $0) }.map(form)
        let answered = Result { try decoder.decode(type, from: bytes) }
        switch foundation {
        case .success(let value):
            let expected = form(value)
            if let alone { #expect(alone == expected, "\(text)", sourceLocation: sourceLocation) }
            let answer = (try? answered.get()).flatMap(form)
            #expect(answer == expected, "\(text)", sourceLocation: sourceLocation)
        case .failure(let error):
            let decodedAlone = alone != nil
            #expect(!decodedAlone, "\(text) is refused by Foundation: \(error)", sourceLocation: sourceLocation)
            if case .failure(let answer) = answered {
                #expect("\(answer)" == "\(error)", "\(text)", sourceLocation: sourceLocation)
            } else {
                Issue.record("\(text) is refused by Foundation but decoded", sourceLocation: sourceLocation)
            }
        }
        return alone != nil
    }

    private static let numbers = [
        "0", "-0", "1", "-1", "7", "1.0", "-1.0", "1e2", "1E2", "1e+2", "1.5", "-0.25", "255", "256", "-128", "-129",
        "65535", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551615", "18446744073709551616", "100000000000000000000", "1e400",
        "-1e400", "1e-400", "0.0", "0e5", "0E5", "-0e1", "0e-1", "0.0e1", "0.5e1", "-0.0", "0.000", "123456789012345678901234567890", "1234567890123456789012345678901234567890",
        "1202810.25", "1603747.00", "0.75", "0.1234567", "0.123456", "1.000001", "0.1", "2.5e-3", "4.9e-324",
        "1.7976931348623157e308", "9007199254740993", "\"12.5\"", "null", "true", "[]", "{}",
    ]

    @Test(arguments: numbers)
    func numbersAsEveryTypeTheRecordsUse(_ number: String) {
        let text = #"{"v":\#(number)}"#
        Self.check(Box<Int>.self, text)
        Self.check(Box<Int8>.self, text)
        Self.check(Box<UInt8>.self, text)
        Self.check(Box<Int64>.self, text)
        Self.check(Box<UInt64>.self, text)
        Self.check(Box<Double>.self, text)
        Self.check(Box<Float>.self, text)
        Self.check(Box<Decimal>.self, text)
        Self.check(Box<Double?>.self, text)
        Self.check(Box<Rate>.self, text)
        Self.check(Box<[Int]>.self, "{\"v\":[\(number), 1]}")
        Self.check([Decimal].self, "[\(number)]")
        Self.check(Money.self, #"{"amount":\#(number),"currency":"EUR"}"#)
        Self.check(JSONValue.self, "[\(number)]")
    }

    @Test func commonNumbersAreDecodedWithoutFoundation() {
        #expect(Self.check(Money.self, #"{"amount":1202810.25,"currency":"EUR"}"#))
        #expect(Self.check(Money.self, #"{"amount":"1202810.25","currency":"EUR"}"#))
        #expect(Self.check(Rate.self, "0.75"))
        #expect(Self.check(Box<Int>.self, #"{"v":-12}"#))
        #expect(Self.check(Box<Double>.self, #"{"v":-0}"#))
        let negativeZero = Array("-0".utf8).withUnsafeBufferPointer { JSONTextDecoder().decodedWithoutFoundation(Double.self, fromBytes: $0) }
        #expect(negativeZero?.sign == .minus)
    }

    /// Keys as Foundation's `convertFromSnakeCase` converts them; dictionaries keep theirs.
    @Test func keysFromSnakeCase() {
        struct Keys: Codable, Sendable {
            var euFunding: Int?
            var nutsCodes: [String]?
            var id: String?
            var nuts3: String?
            var names: [String: String]?
        }
        let decoder = JSONTextDecoder(convertsKeysFromSnakeCase: true)
        #expect(Self.check(Keys.self, #"{"eu_funding":1,"nuts_codes":["DK01"],"id":"x","names":{"de_at":"Wien","en":"Vienna"}}"#, decoder: decoder))
        #expect(Self.check(Keys.self, #"{"nuts3":"x","euFunding":2}"#, decoder: decoder))
        for text in [#"{"_id":"x"}"#, #"{"id_":"x"}"#, #"{"eu__funding":1}"#, #"{"EU_funding":1}"#, #"{"eu_Funding":1}"#,
                     #"{"nuts_3":"x"}"#, #"{"eu_funding":1,"euFunding":2}"#, #"{"euFunding":2,"eu_funding":1}"#, #"{"é_x":1}"#] {
            Self.check(Keys.self, text, decoder: decoder)
        }
        let cases: [(String, String?)] = [
            ("eu_funding", "euFunding"), ("id", "id"), ("euFunding", "euFunding"), ("a_b_c", "aBC"), ("nuts3_code", "nuts3Code"),
            ("_id", nil), ("id_", nil), ("a__b", nil), ("A_b", nil), ("a_B", nil), ("a_1", nil), ("_", nil), ("", ""),
        ]
        for (key, expected) in cases { #expect(SnakeCase.converted(key) == expected, "\(key)") }
    }

    /// Errors are Foundation's, word for word; a value that asks for its coding path is decoded by Foundation.
    @Test func errorsAndCodingPathsAreFoundations() throws {
        Self.check(Theme.self, #"{"id":5,"name":"x"}"#)
        Self.check(Theme.self, #"{"name":"x"}"#)
        Self.check(Theme.self, #"{"id":"x","name":"x","origin":"elsewhere"}"#)
        Self.check(Theme.self, #"{"id":"x","name":"x""#)
        Self.check(Money.self, #"{"amount":1.005,"currency":"EUR"}"#)

        struct PathReader: Codable, Sendable {
            var depth: Int
            init(from decoder: any Decoder) throws { depth = decoder.codingPath.count }
        }
        #expect(!Self.check(PathReader.self, "{}"))
        #expect(try JSONTextDecoder().decode(PathReader.self, from: "{}").depth == 0)
    }

    /// Every seed file decoded as the seed load decodes it (the evidence's default document passed in), and every
    /// seeded record in its stored form and in its served one (as a write body is read): all without Foundation.
    @Test func seedsAndRecordsAreDecodedWithoutFoundation() throws {
        let records = Fixtures.seeds.appendingPathComponent("records")
        for name in try FileManager.default.contentsOfDirectory(atPath: records.path) where name.hasSuffix(".json") {
            let text = try String(contentsOf: records.appendingPathComponent(name), encoding: .utf8)
            var decoder = JSONTextDecoder()
            let header = try decoder.decode(SeedRecordFile.Header.self, from: text)
            decoder.userInfo[Evidence.defaultDocumentKey] = header.document.id
            let alone = try #require(Array(text.utf8).withUnsafeBufferPointer { decoder.decodedWithoutFoundation(SeedRecordFile.self, fromBytes: $0) },
                                     "\(name)")
            let foundation = try decoder.foundationDecoder().decode(SeedRecordFile.self, from: Data(text.utf8))
            #expect(Self.json(alone.projects) == Self.json(foundation.projects), "\(name)")
            #expect(Self.json(alone.organisations) == Self.json(foundation.organisations), "\(name)")
            #expect(Self.json(alone.partnerships) == Self.json(foundation.partnerships), "\(name)")
            #expect(Self.json(alone.regions) == Self.json(foundation.regions), "\(name)")
            #expect(Self.json(alone.programmes) == Self.json(foundation.programmes), "\(name)")
            #expect(Self.json(alone.people) == Self.json(foundation.people), "\(name)")
            #expect(Self.json(alone.themes) == Self.json(foundation.themes), "\(name)")
            #expect(Self.json(alone.factSheets) == Self.json(foundation.factSheets), "\(name)")
        }
        let gazetteer = try String(contentsOf: Fixtures.seeds.appendingPathComponent("gazetteer.json"), encoding: .utf8)
        #expect(Self.check(Gazetteer.self, gazetteer))

        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        func checkForms<R: RegistryRecord>(_ records: [R]) throws {
            #expect(!records.isEmpty)
            for record in records {
                let (stored, served) = try StoredJSON.storedForms(record)
                #expect(Self.check(R.self, stored), "\(R.kind) \(record.id) stored")
                #expect(Self.check(R.self, served, decoder: RecordWriter.decoder()), "\(R.kind) \(record.id) served")
                #expect(Self.json(try JSONTextDecoder().decode(R.self, from: stored)) == Self.json(record))
            }
        }
        try checkForms(seeds.projects)
        try checkForms(seeds.organisations)
        try checkForms(seeds.partnerships)
        try checkForms(seeds.regions)
        try checkForms(seeds.programmes)
        try checkForms(seeds.people)
        try checkForms(seeds.themes)
    }

    /// Decoding a ``JSONValue`` (a write body, an import's row) gives what decoding its text gives, errors too.
    @Test func decodingAValueIsDecodingItsText() throws {
        func same<T: Decodable>(_ type: T.Type, _ value: JSONValue, decoder: JSONTextDecoder = JSONTextDecoder(),
                                as form: (T) -> String? = { Self.json(AnyEncodable($0)) }, sourceLocation: SourceLocation = #_sourceLocation) {
            let fromText = Result { try decoder.decode(type, from: value.bytes) }
            let fromValue = Result { try decoder.decode(type, fromValue: value) }
            switch (fromText, fromValue) {
            case (.success(let text), .success(let value)):
                #expect(form(text) == form(value), sourceLocation: sourceLocation)
            case (.failure(let text), .failure(let value)):
                #expect("\(text)" == "\(value)", sourceLocation: sourceLocation)
            default:
                Issue.record("\(fromText) but from the value \(fromValue)", sourceLocation: sourceLocation)
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            var text = ""
            JSONValueParserTests.randomValue(into: &text, depth: 0, using: &generator)
            same(JSONValue.self, try JSONValue(parsing: Array(text.utf8)), as: { String(decoding: $0.bytes, as: UTF8.self) })
        }
        for number in Self.numbers {
            guard let value = try? JSONValue(parsing: Array(#"{"v":\#(number),"amount":\#(number),"currency":"EUR"}"#.utf8)) else { continue }
            same(Box<Int8>.self, value)
            same(Box<Int64>.self, value)
            same(Box<Double>.self, value)
            same(Box<Decimal>.self, value)
            same(Money.self, value)
        }
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        func checkServed<R: RegistryRecord>(_ records: [R]) throws {
            for record in records {
                same(R.self, try JSONValue(parsing: Array(try StoredJSON.storedForms(record).served.utf8)), decoder: RecordWriter.decoder())
            }
        }
        try checkServed(seeds.projects)
        try checkServed(seeds.organisations)
        try checkServed(seeds.partnerships)
        try checkServed(seeds.regions)
        try checkServed(seeds.programmes)
        try checkServed(seeds.people)
        try checkServed(seeds.themes)
        same(Theme.self, try JSONValue(parsing: Array(#"{"id":5,"name":"x"}"#.utf8)))
    }

    /// A decoded value written by Foundation's encoder, whatever its type (every type decoded above is `Encodable`).
    private struct AnyEncodable: Encodable {
        let value: Any
        init(_ value: Any) { self.value = value }
        func encode(to encoder: any Encoder) throws {
            guard let encodable = value as? any Encodable else { throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "not Encodable")) }
            try encodable.encode(to: encoder)
        }
    }

    @Test func randomDocuments() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var text = ""
            JSONValueParserTests.randomValue(into: &text, depth: 0, using: &generator)
            Self.check(JSONValue.self, text)
        }
    }
}
