import Foundation
import Import
import Registry
import RegistryImport
import Testing

/// Files that are not what the mapping expects: each is refused with the file, the place and the reason, and the
/// registry is left as it was.
@Suite struct ImportBadInputTests {
    private func failure(_ harness: ImportHarness, bytes: [UInt8], name: String, profile: String = "erdf-operations-thueringen",
                         encoding: TextEncoding? = nil) throws -> String {
        let before = try harness.footprint()
        let file = harness.directory.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        var importer = Importer(mapping: try ImportHarness.profiles.mapping(named: profile))
        importer.encoding = encoding
        do {
            let report = try importer.run(try ImportInput.file(file.path), into: harness.store)
            Issue.record("imported: \(report.summary)")
            return ""
        } catch {
            #expect(try harness.footprint() == before)
            return "\(error)"
        }
    }

    private func excerpt(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: ImportHarness.fixtures.appendingPathComponent(name)))
    }

    @Test func aMissingColumnIsNamed() throws {
        let harness = try ImportHarness()
        let bytes = try excerpt("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv")
        let message = try failure(harness, bytes: bytes, name: "metro.csv")
        #expect(message.hasPrefix("metro.csv: no column ") && message.contains("\"beneficiary name\"") && message.contains("\"operation start date\""))
        #expect(message.hasSuffix("the columns are \"metroreg\", \"label\", \"y1990\", \"y2000\", \"y2010\", \"y2020\", \"y2023\""))
    }

    @Test func aWrongEncodingIsNamedWithItsLine() throws {
        let harness = try ImportHarness()
        let message = try failure(harness, bytes: try excerpt("NUTS2021_eurostat_cp1252.excerpt.csv"), name: "nuts.csv", profile: "nuts-2021",
                                  encoding: .utf8)
        #expect(message == "nuts.csv, line 2: not valid UTF-8; give the file's encoding (utf-8, utf-16, windows-1252, latin1)")
    }

    @Test func aTruncatedFileIsRefused() throws {
        let harness = try ImportHarness()
        let bytes = try excerpt("erdf_thueringen_2014-2020_operations.excerpt.csv")
        let newline = try #require(bytes.firstIndex(of: UInt8(ascii: "\n")))
        let cut = Array(bytes[...newline]) + Array("\"Cut off;2015".utf8)
        #expect(try failure(harness, bytes: cut, name: "cut.csv") == "cut.csv, line 2: a quoted field opened at line 2 is never closed")
        let json = try excerpt("se_interreg_partners_2021-2027.excerpt.json")
        let message = try failure(harness, bytes: Array(json.prefix(json.count / 2)), name: "cut.json", profile: "interreg-partners-se")
        #expect(message == "cut.json, line 1: not valid JSON: a string opened at column 5907 is never closed")
        let xlsx = try excerpt("NUTS2021_eurostat.excerpt.xlsx")
        let sheet = try failure(harness, bytes: Array(xlsx.prefix(xlsx.count / 2)), name: "cut.xlsx", profile: "nuts-2021")
        #expect(sheet.hasPrefix("cut.xlsx: not an XLSX spreadsheet"))
    }

    @Test func aBinaryFileIsNotText() throws {
        let harness = try ImportHarness()
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += [UInt8](repeating: 0, count: 64) + Array("IHDR".utf8)
        #expect(try failure(harness, bytes: png, name: "photo.csv") == "photo.csv: not a text file (it contains NUL bytes); is it a binary or a spreadsheet?")
    }

    @Test func anOverlongLineIsRefused() throws {
        let harness = try ImportHarness()
        let header = try excerpt("erdf_thueringen_2014-2020_operations.excerpt.csv").prefix { $0 != UInt8(ascii: "\n") }
        let bytes = Array(header) + [UInt8(ascii: "\n")] + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
        #expect(try failure(harness, bytes: bytes, name: "long.csv") == "long.csv, line 2: a record longer than 1048576 bytes; is this the right file and delimiter?")
    }

    @Test func anXLSXWhoseSheetUnpacksTooLargeIsRefused() throws {
        let harness = try ImportHarness()
        // The fixture's sheet, claiming to unpack to 3.75 GiB in its central header and its data descriptor (the
        // archive has one: flag bit 3), where a reader looks for the size.
        var xlsx = try excerpt("NUTS2021_eurostat.excerpt.xlsx")
        func integer(_ offset: Int, _ width: Int) -> Int {
            (0..<width).reduce(0) { $0 | Int(xlsx[offset + $1]) << (8 * $1) }
        }
        let path = Array("xl/worksheets/sheet1.xml".utf8)
        let centralSignature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        var found: Int?
        for index in 0..<(xlsx.count - 46 - path.count) where Array(xlsx[index..<index + 4]) == centralSignature {
            if Array(xlsx[(index + 46)..<(index + 46 + path.count)]) == path { found = index }
        }
        let central = try #require(found)
        let huge: [UInt8] = [0x00, 0x00, 0x00, 0xF0]
        xlsx.replaceSubrange(central + 24..<central + 28, with: huge)
        let local = integer(central + 42, 4)
        var descriptor = local + 30 + integer(local + 26, 2) + integer(local + 28, 2) + integer(central + 20, 4)
        if Array(xlsx[descriptor..<descriptor + 4]) == [0x50, 0x4B, 0x07, 0x08] { descriptor += 4 }
        xlsx.replaceSubrange(descriptor + 8..<descriptor + 12, with: huge)
        let message = try failure(harness, bytes: xlsx, name: "bomb.xlsx", profile: "nuts-2021")
        #expect(message.contains("bomb.xlsx") && message.contains("zip bomb"), "\(message)")
    }
}
