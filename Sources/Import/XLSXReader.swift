import Foundation
import ZIPFoundation

/// Reads one sheet of an XLSX workbook (by name, or the first) row by row, cells as text: shared and inline strings
/// as written, numbers as their literal (`4921641`, `0.8`), booleans as `TRUE`/`FALSE`, empty cells as empty fields
/// so that columns keep their positions. Every row knows its sheet and number, so a value names its cell (`C7`).
///
/// Each part read is refused once it unpacks past `maximumPartBytes`, whatever size the archive declares, so a
/// zip bomb costs no more than the limit.
public final class XLSXReader {
    public static let defaultMaximumPartBytes = 256 << 20

    public let source: String
    /// The workbook's sheets, in order.
    public let sheetNames: [String]
    /// The sheet read.
    public let sheet: String
    private let archive: Archive
    /// Unpacks the parts ZIPFoundation finds in `archive`, from the file's bytes.
    private let inflater: XLSXPartInflater
    private let sheetPath: String
    private let sharedStrings: [String]
    private let maximumPartBytes: Int
    private let hasHeader: Bool?

    /// - Parameters:
    ///   - sheet: the sheet's name; nil reads the first.
    ///   - hasHeader: whether the first row names the columns; nil decides as for CSV.
    public init(_ source: ImportSource, sheet: String? = nil, hasHeader: Bool? = nil,
                maximumPartBytes: Int = defaultMaximumPartBytes) throws(ImportError) {
        self.source = source.name
        self.maximumPartBytes = maximumPartBytes
        self.hasHeader = hasHeader
        let bytes = try source.readAll(limit: maximumPartBytes)
        archive = try XLSXArchive.open(bytes, file: source.name)
        inflater = XLSXPartInflater(bytes: Array(bytes))
        let workbook = try XLSXPartParser.workbook(Self.part(inflater, "xl/workbook.xml", of: archive, file: source.name, limit: maximumPartBytes), file: source.name)
        let relations = try XLSXPartParser.relationships(
            Self.part(inflater, "xl/_rels/workbook.xml.rels", of: archive, file: source.name, limit: maximumPartBytes), file: source.name)
        sheetNames = workbook.map(\.name)
        guard let chosen = sheet.map({ name in workbook.first { $0.name == name } }) ?? workbook.first else {
            throw ImportError(file: source.name, reason: .sheetNotFound(sheet ?? "", available: sheetNames))
        }
        guard let target = relations[chosen.relationship] else {
            throw ImportError(file: source.name, reason: .invalidSpreadsheet("sheet \(chosen.name) has no part"))
        }
        self.sheet = chosen.name
        sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        if archive["xl/sharedStrings.xml"] != nil {
            sharedStrings = try XLSXPartParser.sharedStrings(
                Self.part(inflater, "xl/sharedStrings.xml", of: archive, file: source.name, limit: maximumPartBytes), file: source.name)
        } else {
            sharedStrings = []
        }
    }

    /// Calls `body` with every row of the sheet after the header, in order; rows with no value are passed over.
    /// The header, if any, is handed to every row.
    public func forEach(_ body: (TabularRow) throws -> Void) throws {
        let data = try Self.part(inflater, sheetPath, of: archive, file: source, limit: maximumPartBytes)
        let (hasHeader, sheet) = (self.hasHeader, self.sheet)
        var header: ColumnHeader?
        var first = true
        try withoutActuallyEscaping(body) { body in
            try XLSXPartParser.rows(data, sharedStrings: sharedStrings, file: source, sheet: sheet) { number, fields in
                if first {
                    first = false
                    if hasHeader ?? CSVDialectDetector.looksLikeHeader(fields) {
                        header = ColumnHeader(fields)
                        return
                    }
                }
                try body(TabularRow(line: number, sheet: sheet, fields: fields, header: header))
            }
        }
    }

    /// A part's bytes, refused once they pass `limit` (declared or real).
    private static func part(_ inflater: XLSXPartInflater, _ path: String, of archive: Archive, file: String,
                             limit: Int) throws(ImportError) -> Data {
        guard let entry = archive[path] else {
            throw ImportError(file: file, reason: .notASpreadsheet("it has no \(path)"))
        }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw ImportError(file: file, reason: .partTooLarge(part: path, limit: limit))
        }
        return try inflater.part(entry, path: path, limit: limit, file: file)
    }
}
