import Foundation
@testable import JSONOutput
@testable import Registry
import Testing
import TestSupport

/// `JSONTextEncoder` writes what it can itself and hands the rest to Foundation's `JSONEncoder`: the bytes it
/// writes must be Foundation's bytes (stored records are compared as text, so one byte apart would make every
/// record "changed"), whatever Foundation refuses it must refuse with Foundation's error, and the records the
/// registry stores must be written without Foundation. Compared on every seed record, finding and place, on
/// crafted numbers, strings and keys, and on random documents.
@Suite struct JSONTextEncoderTests {
    /// A value under one key.
    private struct Box<Value: Encodable & Sendable>: Encodable, Sendable {
        var v: Value
    }

    /// Encodes `value` both ways: what this encoder writes alone is Foundation's bytes, what Foundation refuses it
    /// leaves to Foundation, and with the fallback the answer is Foundation's. Returns whether it wrote the value
    /// without Foundation.
    @discardableResult
    private static func check<T: Encodable>(_ value: T, _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let encoder = JSONTextEncoder()
        let foundation = Result { Array(try JSONTextEncoder.foundationEncoder().encode(value)) }
        let alone = encoder.encodedWithoutFoundation(value)
        let answered = Result { try encoder.encode(value) }
        switch foundation {
        case .success(let expected):
            if let alone {
                #expect(String(decoding: alone, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(what)",
                        sourceLocation: sourceLocation)
            }
            #expect((try? answered.get()) == expected, "\(what)", sourceLocation: sourceLocation)
        case .failure(let error):
            #expect(alone == nil, "\(what) is refused by Foundation: \(error)", sourceLocation: sourceLocation)
            if case .failure(let answer) = answered {
                #expect("\(answer)" == "\(error)", "\(what)", sourceLocation: sourceLocation)
            } else {
                Issue.record("\(what) is refused by Foundation but encoded", sourceLocation: sourceLocation)
            }
        }
        return alone != nil
    }

    @Test func numbersAreFoundations() {
        let doubles: [Double] = [0, -0.0, 1, -1, 0.1, 0.5, -0.25, 1.5, 3, 100, 1e15, 1e16, 1e17, 1e21, 1e22, 123456789.125,
                                 1e-5, 1e-7, 2.5e-3, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0x1p53 + 2,
                                 0.1 + 0.2, 1202810.25, 1603747, -1e300, 4.35, 0.75, 1 / 3]
        for double in doubles {
            #expect(Self.check(Box(v: double), "\(double)"))
            #expect(Self.check([double, -double], "\(double)"))
            #expect(Self.check(double, "\(double)"))
        }
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(!Self.check(Box(v: bad), "\(bad)"))
            #expect(!Self.check([bad], "\(bad)"))
        }
        #expect(Self.check(Box(v: Int.min)))
        #expect(Self.check(Box(v: Int.max)))
        #expect(Self.check(Box(v: UInt64.max)))
        #expect(Self.check([Int8.min, Int8.max]))
        #expect(Self.check(Box(v: [UInt8(0), UInt8(255)])))
        #expect(Self.check(Box(v: Int32(-7))))
        for text in ["0", "1", "-1", "0.01", "1202810.25", "1603747", "123456789012345678901234567890.5", "0.000001"] {
            let decimal = Decimal(string: text) ?? 0
            #expect(Self.check(Box(v: decimal), text))
            #expect(Self.check([decimal], text))
        }
        for cents: Int64 in [0, 1, 10, 100, 160374700, 120281025, -5] {
            #expect(Self.check(Money(cents: cents, currency: "EUR"), "\(cents)"))
        }
        for parts: Int64 in [0, 1, 500_000, 750_000, 1_000_000, 123_456] {
            #expect(Self.check(Box(v: Rate(partsPerMillion: parts)), "\(parts)"))
        }
    }

    @Test func stringsAreEscapedAsFoundationEscapesThem() {
        var texts = ["", "plain", "a/b", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\r\n", "é ø å ß",
                     "😀 emoji", "\u{2028}\u{2029}", "\u{7F}", "\u{FEFF}bom", "København–Malmö", "</script>"]
        texts += (0..<0x20).map { "x\(Character(Unicode.Scalar(UInt8($0))))y" }
        for text in texts {
            #expect(Self.check(Box(v: text), text.debugDescription))
            #expect(Self.check([text: text], text.debugDescription))
        }
    }

    @Test func keysAreSortedByTheirUTF8Bytes() {
        let keys = ["b", "a", "B", "A", "aB", "aa", "a_b", "a1", "a10", "a2", "é", "z", "Z", "😀", "", "nameDa", "names", "name"]
        var dictionary: [String: Int] = [:]
        for (index, key) in keys.enumerated() { dictionary[key] = index }
        #expect(Self.check(dictionary))
        #expect(Self.check(Box(v: dictionary)))
        #expect(Self.check([1: "one", 10: "ten", 2: "two"]))
    }

    /// What only Foundation writes exactly is left to it: its bytes, or its error, are the answer.
    @Test func whatFoundationTreatsApartIsFoundations() {
        #expect(!Self.check(Box(v: Date(timeIntervalSince1970: 1_000_000))))
        #expect(!Self.check(Box(v: Data([1, 2, 3]))))
        #expect(!Self.check(Box(v: URL(string: "https://example.org/a/b") ?? URL(fileURLWithPath: "/"))))
        #expect(!Self.check(Box(v: Float(0.1))))

        struct PathWriter: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.codingPath.count)
            }
        }
        #expect(!Self.check(Box(v: PathWriter())))

        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        #expect(!Self.check(Nothing()))
        #expect(!Self.check(Box(v: Nothing())))
        #expect(!Self.check([Nothing()]))

        /// One key given twice, directly and through nested containers.
        struct Twice: Encodable {
            enum Key: String, CodingKey { case a, b }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Key.self)
                try container.encode(1, forKey: .a)
                try container.encode("two", forKey: .a)
                var nested = container.nestedContainer(keyedBy: Key.self, forKey: .b)
                try nested.encode(3, forKey: .a)
                var again = container.nestedContainer(keyedBy: Key.self, forKey: .b)
                try again.encode(4, forKey: .b)
            }
        }
        Self.check(Twice())

        /// A keyed container asked for twice adds to one object.
        struct TwoContainers: Encodable {
            enum Key: String, CodingKey { case x, y }
            func encode(to encoder: any Encoder) throws {
                var first = encoder.container(keyedBy: Key.self)
                try first.encode(1, forKey: .y)
                var second = encoder.container(keyedBy: Key.self)
                try second.encode(2, forKey: .x)
            }
        }
        #expect(Self.check(TwoContainers()))
        // Foundation refuses containers nested 512 deep.
        for depth in [1, 100, 510, 511, 512, 513, 600] {
            var value = JSONValue.integer(1)
            for level in 0..<depth { value = level % 2 == 0 ? .array([value]) : .object(["k": value]) }
            Self.check(EncodableJSON(value), "nested \(depth)")
            #expect(Self.check(EncodableJSON(value)) == (depth < EncodedNode.nestingLimit), "nested \(depth)")
        }
        #expect(Self.check(Optional<Int>.none))
        #expect(Self.check(Box<Int?>(v: nil)))
    }

    /// Every seeded record in its stored form, every seed finding and place, and the seed load's summary: written
    /// without Foundation, the bytes Foundation writes.
    @Test func seedsAreWrittenWithoutFoundation() throws {
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        func checkAll<R: Encodable>(_ values: [R], _ what: String) {
            #expect(!values.isEmpty, "\(what)")
            for (index, value) in values.enumerated() {
                #expect(Self.check(value, "\(what) #\(index)"))
            }
        }
        checkAll(seeds.projects, "project")
        checkAll(seeds.organisations, "organisation")
        checkAll(seeds.partnerships, "partnership")
        checkAll(seeds.regions, "region")
        checkAll(seeds.programmes, "programme")
        checkAll(seeds.people, "person")
        checkAll(seeds.themes, "theme")
        checkAll(seeds.findings, "finding")
        checkAll(seeds.places, "place")
        checkAll(seeds.documents, "document")
    }

    /// Random documents, written through a value that encodes itself with every kind of container.
    @Test func randomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var text = ""
            JSONValueParserTests.randomValue(into: &text, depth: 0, using: &generator)
            let value = try JSONValue(parsing: Array(text.utf8))
            #expect(Self.check(EncodableJSON(value), text))
        }
    }

    /// A ``JSONValue`` that encodes itself as it is.
    private struct EncodableJSON: Encodable {
        let value: JSONValue

        init(_ value: JSONValue) { self.value = value }

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            switch value {
            case .null:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            case .bool(let bool):
                var container = encoder.singleValueContainer()
                try container.encode(bool)
            case .integer(let integer):
                var container = encoder.singleValueContainer()
                try container.encode(integer)
            case .number(let double):
                var container = encoder.singleValueContainer()
                try container.encode(double)
            case .string(let string):
                var container = encoder.singleValueContainer()
                try container.encode(string)
            case .array(let elements):
                var container = encoder.unkeyedContainer()
                for element in elements { try container.encode(EncodableJSON(element)) }
            case .object(let members):
                var container = encoder.container(keyedBy: Key.self)
                for (key, member) in members { try container.encode(EncodableJSON(member), forKey: Key(stringValue: key)) }
            }
        }
    }
}
