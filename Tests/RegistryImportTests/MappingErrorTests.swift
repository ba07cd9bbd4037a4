import Foundation
import RegistryImport
import Testing

/// Mappings that are wrong are refused before any row is read, naming the mapping file and the key.
@Suite struct MappingErrorTests {
    private func error(_ json: String) -> String? {
        do {
            _ = try ImportMapping.parse(Data(json.utf8), file: "broken.json", name: "broken")
            return nil
        } catch {
            return "\(error)"
        }
    }

    private func record(kind: String = "organisation", key: String = #"["name"]"#, fields: String) -> String {
        #"{ "records": [ { "kind": "\#(kind)", "key": \#(key), "fields": \#(fields) } ] }"#
    }

    @Test func anUnknownFieldNamesTheFieldsThereAre() throws {
        let message = try #require(error(record(fields: #"{ "name": "A", "kind": { "value": "company" }, "colour": "B" }"#)))
        #expect(message.hasPrefix("broken.json, records[0].fields.colour: not a field of organisation; the fields are aliases, contact, country,"))
    }

    @Test func aBadDateFormatIsRefused() {
        let fields = #"{ "name": "A", "kind": { "value": "company" }, "description": { "column": "D", "parse": "date", "formats": ["dd.mm.yy"] } }"#
        #expect(error(record(fields: fields)) == "broken.json, records[0].fields.description.formats[0]: \"dd.mm.yy\" has no yyyy; a format is made of yyyy, mm, dd and the characters between them")
    }

    @Test func unknownKeysKindsAndParsersAreRefused() {
        #expect(error(record(fields: #"{ "name": { "colum": "A" } }"#))?.hasPrefix("broken.json, records[0].fields.name.colum: unknown key") == true)
        #expect(error(record(kind: "castle", fields: #"{ "name": "A" }"#))?.hasPrefix("broken.json, records[0].kind: \"castle\" is not a kind") == true)
        #expect(error(record(fields: #"{ "name": { "column": "A", "parse": "roman" } }"#))?.hasPrefix("broken.json, records[0].fields.name.parse: \"roman\" is not one of") == true)
        #expect(error(record(key: #"["country"]"#, fields: #"{ "name": "A" }"#)) == "broken.json, records[0].key: \"country\" is not one of the record's fields")
        #expect(error(record(fields: #"{ "name": { "column": "A", "value": "B" } }"#)) == "broken.json, records[0].fields.name: needs exactly one of column, path, value, template, record, fields, list, append (has column, value)")
        #expect(error(record(fields: #"{ "name": { "record": "later" } }"#))?.hasPrefix("broken.json, records[0].fields.name.record: names no earlier entry") == true)
        #expect(error("{ \"records\": [ ")?.hasPrefix("broken.json: not valid JSON") == true)
        #expect(error(record(key: "[]", fields: #"{ "name": "A" }"#))?.hasPrefix("broken.json, records[0].key: is required") == true)
    }

    @Test func everyBuiltInProfileReads() throws {
        let names = try ImportHarness.profiles.names()
        #expect(names == ["erdf-operations-thueringen", "eurostat-metro-population", "interreg-partners-se", "kohesio-beneficiaries",
                          "nuts-2021", "skew-municipal-partnerships"])
        for name in names {
            let mapping = try ImportHarness.profiles.mapping(named: name)
            #expect(!mapping.description.isEmpty)
        }
        #expect(throws: MappingError.self) { try ImportHarness.profiles.mapping(named: "nuts-2016") }
    }
}
