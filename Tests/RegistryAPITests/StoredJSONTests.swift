import Foundation
import HTTPServer
import JSONOutput
import Registry
@testable import RegistryAPI
import Testing

/// The item document is written without `Codable`: its bytes must be the ones `JSONEncoder` (snake_case,
/// sorted keys, unescaped slashes) writes, or ETags and clients would see a different document.
@Suite struct StoredJSONTests {
    static func apiEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes the given property names through a keyed container, as a model's properties are.
    struct Properties: Encodable {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        var names: [String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            for (index, name) in names.enumerated() { try container.encode(index, forKey: Key(stringValue: name)) }
        }
    }

    @Test func snakeCaseSpellsPropertyNamesAsFoundationDoes() throws {
        let names = ["coFinancingRate", "nutsID", "myURLProperty", "a1B", "euFunding", "declaredPartnerCount", "x",
                     "id", "URL", "aBC", "aBCd", "already_snake", "endsWithCAPS", "html5Page", "öffnungZeit", "XYz"]
        let encoded = try StoredJSONTests.apiEncoder().encode(Properties(names: names))
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Int])
        for (index, name) in names.enumerated() {
            let foundation = object.first { $0.value == index }?.key
            #expect(SnakeCase.convert(name) == foundation, "\(name)")
        }
    }

    @Test(.sqliteOnly("decodes the stored records with RegistryStore.records, which only the SQLite store has; the bytes are the same in PostgreSQL (RegistryCopyTests)"))
    func everyStoredRecordRewritesToTheEncodersBytes() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let store = try server.sqliteStore()
        // Dictionaries keyed with capitals, which the encoder keeps as they are.
        try store.save(Organisation(id: "dictionary-keys", name: "Dictionary Keys", names: ["de-DE": "Schlüssel", "Da": "Nøgler"],
                                    kind: .association, description: "Quotes \" and \\ and / and \u{7F} and \u{1}\u{8}\u{C} and ✓"))
        var checked = 0
        func check<R: RegistryRecord>(_ type: R.Type) throws {
            for record in try store.records(R.self) {
                let stored = try #require(try store.recordAndJSON(R.self, id: record.id))
                let expected = Array(try StoredJSONTests.apiEncoder().encode(stored.record))
                let rewritten = try StoredJSON.apiForm(stored.json.utf8)
                #expect(rewritten == expected, "\(R.kind.rawValue)/\(record.id)")
                checked += 1
            }
        }
        try check(Project.self)
        try check(Partnership.self)
        try check(Region.self)
        try check(Organisation.self)
        try check(Programme.self)
        try check(Person.self)
        try check(Theme.self)
        #expect(checked > 80)
    }

    @Test(.sqliteOnly("decodes the stored records with RegistryStore.records, which only the SQLite store has"))
    func theDictionaryPropertiesAreEveryDictionaryOfTheModels() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let store = try server.sqliteStore()
        var samples: [Any] = []
        samples += try store.records(Project.self, limit: 1) as [Any]
        samples += try store.records(Partnership.self, limit: 1) as [Any]
        samples += try store.records(Region.self, limit: 1) as [Any]
        samples += try store.records(Organisation.self, limit: 1) as [Any]
        samples += try store.records(Programme.self, limit: 1) as [Any]
        samples += try store.records(Person.self, limit: 1) as [Any]
        samples += try store.records(Theme.self, limit: 1) as [Any]
        #expect(samples.count == 7)
        var found: Set<String> = []
        func visit(_ value: Any) {
            for child in Mirror(reflecting: value).children {
                guard let label = child.label else { continue }
                let type = String(describing: Swift.type(of: child.value))
                if type.hasPrefix("Dictionary<String") || type.hasPrefix("DefaultEmptyDictionary") {
                    found.insert(label.hasPrefix("_") ? String(label.dropFirst()) : label)
                }
            }
        }
        samples.forEach(visit)
        #expect(found == StoredJSON.dictionaryProperties)
    }

    /// Members are written where they come and moved only when their converted keys come in another order than
    /// the stored ones (`aZ` before `a_b` stored, `a_b` before `a_z` served), at any depth; dictionaries keep
    /// their keys, sorted; equal keys keep their order; whitespace goes.
    @Test func apiFormSortsMembersByTheirConvertedKeys() throws {
        let cases = [
            (#"{"aZ":{"yB":1,"y_a":2},"a_b":[{"cD":1,"c_c":2}],"names":{"zZ":1,"aA":2}}"#,
             #"{"a_b":[{"c_c":2,"c_d":1}],"a_z":{"y_a":2,"y_b":1},"names":{"aA":2,"zZ":1}}"#),
            (#"{ "b" : 1 , "a" : [ 1 , { "x" : null } ] , "c" : { } }"#, #"{"a":[1,{"x":null}],"b":1,"c":{}}"#),
            (#"{"a":1,"a":2,"öffnungZeit":"x","endDate":"2020","end":true}"#,
             #"{"a":1,"a":2,"end":true,"end_date":"2020","öffnung_zeit":"x"}"#),
            (#"{"labels":{"b":{"kB":1},"a":[]},"titles":{}}"#, #"{"labels":{"a":[],"b":{"k_b":1}},"titles":{}}"#),
        ]
        for (stored, served) in cases {
            #expect(String(decoding: try StoredJSON.apiForm(Array(stored.utf8)), as: UTF8.self) == served, "\(stored)")
        }
    }

    @Test func summariesAndEscapesMatchTheEncoder() throws {
        let summaries = [
            Summary(id: "a", type: "organisation", name: "Plain", link: "/v1/organisations/a"),
            Summary(id: "b", type: "project", name: "Quotes \" \\ / \u{7F} \u{0}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F} æøå Варна 😀",
                    link: "/v1/projects/b", role: "lead", country: "DK"),
        ]
        for summary in summaries {
            var writer = JSONWriter()
            summary.write(to: &writer)
            #expect(writer.bytes == Array(try StoredJSONTests.apiEncoder().encode(summary)))
        }
        #expect(throws: StoredJSON.Malformed.self) { try StoredJSON.apiForm(Array("{\"a\":".utf8)) }
        #expect(throws: StoredJSON.Malformed.self) { try StoredJSON.apiForm(Array("{\"a\":1}x".utf8)) }
        #expect(throws: StoredJSON.Malformed.self) { try StoredJSON.apiForm(Array("[1 2]".utf8)) }
    }

    @Test(.sqliteOnly("adds records with RegistryStore.save (no history, no validation), which only the SQLite store has; PostgresServingTests reads such records on PostgreSQL"))
    func theNetworkIsWrittenAsTheEncoderWouldWriteIt() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try server.sqliteStore().save(Organisation(id: "escapes", name: "Quotes \" \\ / \u{1}\u{8}\u{C} ✓", kind: .association))
        let network = try server.store.cooperationNetwork()
        #expect(network.nodes.contains { $0.id == "escapes" })
        let written = NetworkDocuments.Graph.json(network)
        #expect(written == Array(try StoredJSONTests.apiEncoder().encode(NetworkDocuments.Graph(network))))
        // Written in parts, as it is streamed, the parts make the same document, whatever their size.
        for partSize in [1, 100, 4096] {
            var json: [[UInt8]] = [], graphML: [[UInt8]] = []
            NetworkDocuments.Graph.write(network, partSize: partSize) { json.append($0) }
            GraphMLWriter.write(network, partSize: partSize) { graphML.append($0) }
            #expect(Array(json.joined()) == written)
            #expect(Array(graphML.joined()) == GraphMLWriter.document(for: network))
            #expect(json.count > 1 && graphML.count > 1)
            #expect(json.dropLast().allSatisfy { $0.count >= partSize } && graphML.dropLast().allSatisfy { $0.count >= partSize })
        }
        // The network is kept until the data changes.
        try server.sqliteStore().save(Organisation(id: "later", name: "Later", kind: .association))
        #expect(try server.store.cooperationNetwork().nodes.contains { $0.id == "later" })
    }
}
