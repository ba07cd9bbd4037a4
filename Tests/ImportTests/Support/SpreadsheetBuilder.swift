import Foundation
import ZIPFoundation

/// Makes small XLSX archives for tests: named sheets with the given XML, deflated as spreadsheets are.
enum SpreadsheetBuilder {
    static func build(sheets: [(name: String, xml: Data)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let sheetList = sheets.enumerated().map { "<sheet name=\"\($1.name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        let workbook = "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>\(sheetList)</sheets></workbook>"
        let relations = "<Relationships>" + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined() + "</Relationships>"
        var parts: [(String, Data)] = [("xl/workbook.xml", Data(workbook.utf8)), ("xl/_rels/workbook.xml.rels", Data(relations.utf8))]
        for (index, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", sheet.xml)) }
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }

    /// The archive with the uncompressed size of `path` declared as `size` in its local and central headers.
    static func declareSize(_ size: UInt32, of path: String, in archive: [UInt8]) -> [UInt8] {
        var bytes = archive
        let name = Array(path.utf8)
        let sizeBytes = withUnsafeBytes(of: size.littleEndian) { Array($0) }
        for (signature, sizeOffset, nameOffset) in [([UInt8](arrayLiteral: 0x50, 0x4B, 0x03, 0x04), 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            var index = 0
            while index + nameOffset + name.count <= bytes.count {
                if Array(bytes[index..<index + 4]) == signature, Array(bytes[index + nameOffset..<index + nameOffset + name.count]) == name {
                    bytes.replaceSubrange(index + sizeOffset..<index + sizeOffset + 4, with: sizeBytes)
                }
                index += 1
            }
        }
        return bytes
    }
}
