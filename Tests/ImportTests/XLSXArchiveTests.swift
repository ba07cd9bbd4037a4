import Foundation
import Import
import Testing

/// Spreadsheets whose ZIP structure points outside the file: refused as not a spreadsheet, never a crash.
/// Found by fuzzing the XLSX reader (ZIPFoundation's in-memory archive trapped on an offset past the end).
@Suite struct XLSXArchiveTests {
    /// The fixture's bytes with the end of central directory record's field at `field` (an offset into the
    /// record) set to `value`.
    private func spreadsheet(settingEndRecordField field: Int, to value: UInt32) throws -> [UInt8] {
        var bytes = try ImportFixtures.bytes("NUTS2021_eurostat.excerpt.xlsx")
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        let end = try #require((0...(bytes.count - 22)).last { bytes[$0..<($0 + 4)].elementsEqual(signature) })
        for index in 0..<4 { bytes[end + field + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        return bytes
    }

    @Test func aCentralDirectoryPastTheEndIsRefused() throws {
        for (field, value) in [(16, UInt32(1_000_000)), (16, UInt32(40_000)), (16, UInt32.max)] {
            let bytes = try spreadsheet(settingEndRecordField: field, to: value)
            let error = ImportFixtures.importError { _ = try XLSXReader(.bytes(bytes, name: "broken.xlsx")) }
            #expect(error.map { "\($0)".hasPrefix("broken.xlsx: ") } == true, "field \(field) = \(value): \(String(describing: error))")
        }
    }

    @Test func theFixtureStillReads() throws {
        let bytes = try spreadsheet(settingEndRecordField: 0, to: 0x0605_4B50)
        let reader = try XLSXReader(.bytes(bytes, name: "whole.xlsx"))
        var rows = 0
        try reader.forEach { _ in rows += 1 }
        #expect(rows > 0)
    }
}
