import Foundation
import Import
import Testing

/// Sheets read as they unpack: large ones row by row in order, prefixed element names, UTF-16 parts, and XML
/// faults named with the sheet and line.
@Suite struct XLSXStreamingTests {
    private static let namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    /// Over a megabyte unpacked, which the part's reader gets in more than fifteen chunks of 64 KiB, rows and
    /// cells cut at any point between them. (Foundation's `XMLParser`, which read the parts before, failed at the
    /// end of a sheet past 13 MB; `scripts/bench-xlsx` reads 300,000 rows.) Long names make the size with fewer
    /// rows, so that the test stays quick under AddressSanitizer.
    @Test func aSheetLargerThanManyChunksIsReadRowByRowInOrder() throws {
        let count = 4_000
        let filler = String(repeating: "grænseoverskridende samarbejde ", count: 8)
        var xml = "<worksheet xmlns=\"\(Self.namespace)\"><sheetData>"
        xml += "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>amount</t></is></c></row>"
        for number in 2...(count + 1) {
            xml += "<row r=\"\(number)\"><c r=\"A\(number)\" t=\"inlineStr\"><is><t>\(filler)Kommune &amp; Region \(number)</t></is></c>"
            xml += "<c r=\"B\(number)\"><v>\(number * 7)</v></c></row>\n"
        }
        xml += "</sheetData></worksheet>"
        #expect(xml.utf8.count > 16 * 64 * 1024, "the sheet unpacks to many chunks")
        let archive = try SpreadsheetBuilder.build(sheets: [("Big", Data(xml.utf8))])
        var rows = 0
        var ordered = true
        try XLSXReader(.bytes(archive, name: "big.xlsx")).forEach { row in
            rows += 1
            ordered = ordered && row.line == rows + 1 && row[column: "name"] == "\(filler)Kommune & Region \(rows + 1)"
                && row[column: "amount"] == String((rows + 1) * 7)
        }
        #expect(rows == count && ordered)
    }

    @Test func prefixedElementNamesAreRead() throws {
        let sheet = Data("""
            <x:worksheet xmlns:x="\(Self.namespace)"><x:sheetData>
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>code</x:t></x:is></x:c></x:row>
            <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>DK011</x:t></x:is></x:c></x:row>
            </x:sheetData></x:worksheet>
            """.utf8)
        var rows: [TabularRow] = []
        try XLSXReader(.bytes(try SpreadsheetBuilder.build(sheets: [("Koder", sheet)]), name: "x.xlsx")).forEach { rows.append($0) }
        #expect(rows.map { $0[column: "code"] } == ["DK011"])
    }

    @Test func aSheetInUTF16WithItsByteOrderMarkIsRead() throws {
        let xml = "<worksheet xmlns=\"\(Self.namespace)\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>navn</t></is></c></row>"
            + "<row r=\"2\"><c t=\"inlineStr\"><is><t>Malmö 😀</t></is></c></row></sheetData></worksheet>"
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        var rows: [TabularRow] = []
        try XLSXReader(.bytes(try SpreadsheetBuilder.build(sheets: [("Ark1", Data(utf16))]), name: "u.xlsx")).forEach { rows.append($0) }
        #expect(rows.map { $0[column: "navn"] } == ["Malmö 😀"])
    }

    @Test func malformedXMLInASheetIsNamedWithTheSheetAndLine() throws {
        let sheet = Data("<worksheet><sheetData>\n<row r=\"1\"><c><v>1</v></c></row>\n<row r=\"2\"><c><v>2</c></row>\n</sheetData></worksheet>".utf8)
        let archive = try SpreadsheetBuilder.build(sheets: [("Bad", sheet)])
        let error = ImportFixtures.importError { try XLSXReader(.bytes(archive, name: "bad.xlsx")).forEach { _ in } }
        #expect(error?.description == "bad.xlsx: invalid spreadsheet: Bad at line 3: </c> where <v> is open")
    }

    @Test func anEntityBombIsRefusedBeforeAnyExpansion() throws {
        let sheet = Data("""
            <?xml version="1.0"?>
            <!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>
            """.utf8)
        let archive = try SpreadsheetBuilder.build(sheets: [("Bomb", sheet)])
        let error = ImportFixtures.importError { try XLSXReader(.bytes(archive, name: "bomb.xlsx")).forEach { _ in } }
        #expect(error?.description
            == "bomb.xlsx: invalid spreadsheet: Bomb at line 2: a document type or markup declaration (<!…>), which a workbook's XML never has")
    }
}
