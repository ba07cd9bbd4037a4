import Foundation
import Import
import Testing

/// Whole and chunked input must agree: the same bytes split at every position, or in small random chunks, give
/// the same rows (lines and fields) and the same errors as the bytes read at once.
@Suite struct CSVChunkingAgreementTests {
    private static let tricky: [String] = [
        "a,b,c\r\n1,\"x\"\"y\",3\r\n\r\n\"multi\r\nline\",\"a,b\",\r\n,,\r\nlast,\"\",end",
        "h1\th2\n\"Зора-ЕС\" ЕООД\t1\nФОНДАЦИЯ \"ЦЕНТЪР\t2\n\"ok\"\t3\n",
        "x;y\r\"a\"b;c\r\"\"\"q\"\"\";\"\"\n;\n",
        "k,v\n1,\"never closed\n2,3\n",
        "\u{FEFF}m;n\r\n4.921.641;:\r\n",
    ]

    private func read(_ bytes: [UInt8], chunks: [Int]) -> String {
        var source = ImportSource.bytes(bytes, name: "t.csv")
        source.chunkSizes = chunks
        do {
            let (reader, rows) = try ImportFixtures.csvRows(source)
            return "\(reader.dialect) \(reader.header?.names ?? []) " + rows.map { "\($0.line):\($0.fields)" }.joined(separator: "|")
        } catch {
            return "error: \(error)"
        }
    }

    @Test func splitAtEveryPosition() {
        for text in Self.tricky {
            let bytes = Array(text.utf8)
            let whole = read(bytes, chunks: [bytes.count])
            for split in 1..<bytes.count {
                #expect(read(bytes, chunks: [split, bytes.count]) == whole, "split at \(split) of \(text.debugDescription)")
            }
            #expect(read(bytes, chunks: [1]) == whole)
        }
    }

    @Test func realExcerptsInRandomSmallChunks() throws {
        var generator = SystemRandomNumberGenerator()
        for name in ["kohesio_beneficiaries_CEE.excerpt.tsv", "NUTS2021_eurostat_cp1252.excerpt.csv",
                     "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv", "erdf_thueringen_2014-2020_operations.excerpt.csv"] {
            let bytes = try ImportFixtures.bytes(name)
            let whole = read(bytes, chunks: [bytes.count])
            #expect(!whole.hasPrefix("error"))
            for _ in 0..<5 {
                let chunks = (0..<16).map { _ in Int.random(in: 1...97, using: &generator) }
                #expect(read(bytes, chunks: chunks) == whole, "\(name) in chunks \(chunks)")
            }
        }
    }
}
