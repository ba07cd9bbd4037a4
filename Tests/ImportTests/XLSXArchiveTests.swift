import Foundation
import Import
import Locking
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

    /// Found by fuzzing (the input is kept as a fixture): ZIPFoundation's extraction asked for more input for ever
    /// once a deflated part's data ended before its stream did, and the import never returned. Read on a thread
    /// of its own, so that a hang fails the test rather than the run.
    @Test func aPartWhoseDeflateDataEndsTooSoonIsRefused() throws {
        let bytes = try ImportFixtures.bytes("fuzz-deflate-ends-too-soon.xlsx")
        let outcome = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let error = ImportFixtures.importError {
                let reader = try XLSXReader(.bytes(bytes, name: "cut.xlsx"))
                for sheet in reader.sheetNames {
                    try XLSXReader(.bytes(bytes, name: "cut.xlsx"), sheet: sheet).forEach { _ in }
                }
            }
            outcome.withLock { $0 = error.map { "\($0)" } ?? "no error" }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 60) == .success, "the reader did not return within 60 s")
        let message = try #require(outcome.withLock { $0 })
        // Its shared strings' data is said to run past the end of the file: what ZIPFoundation read for ever.
        #expect(message == "cut.xlsx: invalid spreadsheet: xl/sharedStrings.xml cannot be unpacked: its data runs past the end of the file")
    }

    @Test func theFixtureStillReads() throws {
        let bytes = try spreadsheet(settingEndRecordField: 0, to: 0x0605_4B50)
        let reader = try XLSXReader(.bytes(bytes, name: "whole.xlsx"))
        var rows = 0
        try reader.forEach { _ in rows += 1 }
        #expect(rows > 0)
    }
}
