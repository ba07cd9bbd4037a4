import Foundation
import Registry
import RegistryImport
import Testing

/// The provenance document an import writes, piece by piece: every record's evidence is the text between its
/// offsets, whether the text takes one piece or many; an import of the same file again leaves it, and another
/// version of the mapping makes a document of its own and leaves it too.
@Suite struct ProvenanceDocumentTests {
    /// `rows` organisations with a long name in each of two columns, the same length, and letters that take two
    /// bytes.
    static func file(rows: Int) -> String {
        var text = "name_a;name_b;country\n"
        let name = String(repeating: "Foreningen for grænseoverskridende samarbejde i regionen Sønderjylland-Schleswig ", count: 3)
        for number in 1...rows {
            let digits = String(format: "%06d", number)
            text += "\(name)A \(digits);\(name)B \(digits);DK\n"
        }
        return text
    }

    /// One organisation per row, its name from `column`.
    static func mapping(nameFrom column: String) -> String {
        """
        { "source": { "format": "csv", "delimiter": ";" },
          "records": [ { "kind": "organisation", "key": ["name", "country"],
                         "fields": { "name": "\(column)", "kind": { "value": "association" }, "country": "country" } } ] }
        """
    }

    /// Checks that every record the import wrote quotes its row where its evidence says; returns the document.
    @discardableResult
    static func expectQuotesInPlace(_ report: ImportReport, _ harness: ImportHarness) throws -> Document {
        let document = try #require(try harness.store.document(id: report.provenanceDocument))
        let scalars = Array(document.text.unicodeScalars)
        #expect(document.scalarCount == scalars.count)
        let ids = report.rows.flatMap(\.records).compactMap { $0.split(separator: "/").last.map(String.init) }
        #expect(ids.count == report.created + report.updated + report.unchanged)
        var misplaced: [String] = []
        for id in ids {
            let organisation = try #require(try harness.store.record(Organisation.self, id: id))
            for evidence in organisation.evidence where evidence.document == document.id {
                let quoted = String(String.UnicodeScalarView(scalars[evidence.start..<evidence.end]))
                if quoted != evidence.quote { misplaced.append("\(id): \(quoted) against \(evidence.quote)") }
            }
        }
        #expect(misplaced.isEmpty, "\(misplaced.prefix(3))")
        return document
    }

    @Test(arguments: [3, 1_200]) func everyQuoteIsWhereItsEvidenceSays(rows: Int) throws {
        let harness = try ImportHarness()
        let text = Self.file(rows: rows)
        let first = try harness.run(text: text, name: "foreninger.csv", mapping: Self.mapping(nameFrom: "name_a")) { $0.listRows = true }
        #expect(first.created == rows)
        let written = try Self.expectQuotesInPlace(first, harness)
        // More than one piece of text at 1,200 rows.
        #expect(written.text.utf8.count > (rows > 3 ? 256 * 1024 : 0))
        #expect(written.text.split(separator: "\n").count == rows)

        let changes = try harness.store.latestChangeID()
        let again = try harness.run(text: text, name: "foreninger.csv", mapping: Self.mapping(nameFrom: "name_a")) { $0.listRows = true }
        #expect(again.unchanged == rows && again.created == 0)
        #expect(try harness.store.latestChangeID() == changes)
        #expect(try harness.store.document(id: again.provenanceDocument) == written)

        // Another version of the mapping (the other column, under the same name) reads the file into a document of
        // its own: the first one, which the first import's records quote, stays as it was.
        let other = try harness.run(text: text, name: "foreninger.csv", mapping: Self.mapping(nameFrom: "name_b")) { $0.listRows = true }
        #expect(other.provenanceDocument != first.provenanceDocument && other.created == rows)
        let otherDocument = try Self.expectQuotesInPlace(other, harness)
        #expect(otherDocument.text.utf8.count == written.text.utf8.count && otherDocument.text != written.text)
        #expect(try Self.expectQuotesInPlace(first, harness) == written)
    }
}
