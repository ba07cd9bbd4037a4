import Foundation
import Import
import Testing
import ZIPFoundation

/// Files that are not what they should be: each is refused with the file, the place and the reason.
@Suite struct BadInputTests {
    private func csvError(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions()) -> ImportError? {
        ImportFixtures.importError { _ = try ImportFixtures.csvRows(.bytes(bytes, name: "bad.csv"), options) }
    }

    @Test func anUnterminatedQuoteNamesTheLineWhereItOpened() {
        let error = csvError(Array("name,amount\nA,1\n\"B open,2\nC,3\n".utf8))
        #expect(error?.description == "bad.csv, line 3: a quoted field opened at line 3 is never closed")
    }

    @Test func anOverlongLineIsRefusedWithoutReadingItWhole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("long.csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("a,b\n1,2\n".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<8 { try handle.write(contentsOf: block) }
        try handle.close()
        let error = ImportFixtures.importError { _ = try ImportFixtures.csvRows(.file(path), CSVOptions(maximumRecordBytes: 1 << 20)) }
        #expect(error?.description == "long.csv, line 3: a record longer than 1048576 bytes; is this the right file and delimiter?")
    }

    @Test func aBinaryFileIsNotText() {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes += [UInt8](repeating: 0, count: 64) + Array("IHDR".utf8)
        #expect(csvError(bytes)?.description == "bad.csv: not a text file (it contains NUL bytes); is it a binary or a spreadsheet?")
        #expect(ImportFixtures.importError { _ = try JSONReader(.bytes(bytes, name: "bad.json")) }?.reason == .notText)
    }

    @Test func aWrongEncodingOverrideNamesTheFirstBadLine() throws {
        let bytes = try ImportFixtures.bytes("NUTS2021_eurostat_cp1252.excerpt.csv")
        let error = csvError(bytes, CSVOptions(encoding: .utf8))
        #expect(error?.location == .line(2) && error?.reason == .invalidEncoding(.utf8))
        #expect(TextEncoding(named: "klingon") == nil && TextEncoding(named: "CP1252") == .windows1252)
    }

    @Test func encodingsUTF16AndLatin1() throws {
        let text = "name;amount\r\nMünchen €;2\r\n"
        let utf16 = [UInt8(0xFF), 0xFE] + text.utf16.flatMap { (unit: UInt16) -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let (reader, rows) = try ImportFixtures.csvRows(.bytes(utf16, name: "u16.csv"))
        #expect(reader.encoding.encoding == .utf16LittleEndian)
        #expect(rows.map(\.fields) == [["München €", "2"]])
        let bigEndian = [UInt8(0xFE), 0xFF] + text.utf16.flatMap { (unit: UInt16) -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try ImportFixtures.csvRows(.bytes(bigEndian, name: "u16be.csv"), CSVOptions(encoding: .utf16LittleEndian)).1.map(\.fields) == [["München €", "2"]])
        let latin: [UInt8] = Array("name,sign\nx,".utf8) + [0x80, 0xA0, 0xE9, 0x0A]
        #expect(try ImportFixtures.csvRows(.bytes(latin, name: "l.csv")).1.first?[1] == "€\u{00A0}é")
        #expect(try ImportFixtures.csvRows(.bytes(latin, name: "l.csv"), CSVOptions(encoding: .latin1)).1.first?[1] == "\u{0080}\u{00A0}é")
    }

    @Test func aTruncatedSpreadsheetIsRefused() throws {
        let bytes = try ImportFixtures.bytes("NUTS2021_eurostat.excerpt.xlsx")
        let error = ImportFixtures.importError { _ = try XLSXReader(.bytes(Array(bytes.prefix(bytes.count / 2)), name: "cut.xlsx")) }
        #expect(error.map { "\($0)".hasPrefix("cut.xlsx: not an XLSX spreadsheet: not a zip archive") } == true)
    }

    @Test func aPartThatIsNotUTF8IsRefusedNotHandedToTheXMLParser() throws {
        // Invalid UTF-8 inside a tag (found by `scripts/fuzz import` when Foundation's XMLParser read the parts:
        // libxml2 passed the bytes on and XMLParser trapped on them, which would have ended the server).
        let sheet = Data("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t i:sp".utf8) + Data([0xC3, 0x5A])
            + Data("ce=\"x\">x</t></is></c></row></sheetData></worksheet>".utf8)
        let archive = try SpreadsheetBuilder.build(sheets: [("Bad", sheet)])
        let error = ImportFixtures.importError { try XLSXReader(.bytes(archive, name: "bad.xlsx")).forEach { _ in } }
        #expect(error?.description == "bad.xlsx: invalid spreadsheet: Bad is not UTF-8 (byte 57, line 1)")
    }

    @Test func aMissingSheetNamesTheSheetsThereAre() {
        let error = ImportFixtures.importError { _ = try XLSXReader(ImportFixtures.source("NUTS2021_eurostat.excerpt.xlsx"), sheet: "Daten") }
        #expect(error?.description == "NUTS2021_eurostat.excerpt.xlsx: no sheet named \"Daten\"; the sheets are \"nuts\"")
    }

    @Test func aZipBombIsRefusedByDeclaredAndByRealSize() throws {
        let sheet = Data(("<worksheet><sheetData>" + String(repeating: "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>", count: 100_000)
            + "</sheetData></worksheet>").utf8)
        let archive = try SpreadsheetBuilder.build(sheets: [("Bomb", sheet)])
        let declared = ImportFixtures.importError { try XLSXReader(.bytes(archive, name: "bomb.xlsx"), maximumPartBytes: 1 << 20).forEach { _ in } }
        #expect(declared?.reason == .partTooLarge(part: "xl/worksheets/sheet1.xml", limit: 1 << 20))
        // The same archive lying about the sheet's size: the real bytes are counted as they unpack.
        let lying = SpreadsheetBuilder.declareSize(100, of: "xl/worksheets/sheet1.xml", in: archive)
        let real = ImportFixtures.importError { try XLSXReader(.bytes(lying, name: "bomb.xlsx"), maximumPartBytes: 1 << 20).forEach { _ in } }
        #expect(real?.description == "bomb.xlsx: the part xl/worksheets/sheet1.xml unpacks to more than 1048576 bytes; refused as a possible zip bomb")
    }

    @Test func inlineStringsBooleansAndGapsKeepTheirColumns() throws {
        let sheet = Data("""
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>active</t></is></c><c r="C1" t="inlineStr"><is><t>rate</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>Jena</t></is></c><c r="B3" t="b"><v>1</v></c><c r="C3"><v>0.8</v></c></row>
            <row r="4"><c r="C4"><v>12</v></c></row>
            </sheetData></worksheet>
            """.utf8)
        let archive = try SpreadsheetBuilder.build(sheets: [("First", Data("<worksheet/>".utf8)), ("Second", sheet)])
        let reader = try XLSXReader(.bytes(archive, name: "made.xlsx"), sheet: "Second")
        var rows: [TabularRow] = []
        try reader.forEach { rows.append($0) }
        #expect(reader.sheetNames == ["First", "Second"])
        #expect(rows.map(\.line) == [3, 4])
        #expect(rows[0][column: "name"] == "Jena" && rows[0][column: "active"] == "TRUE" && rows[0][column: "rate"] == "0.8")
        #expect(rows[1].fields == ["", "", "12"])
        #expect(rows[1].location(ofColumn: 2).description == "sheet Second, cell C4")
    }
}
