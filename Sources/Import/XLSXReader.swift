import Foundation
import ZIPFoundation

/// Reads one sheet of an XLSX workbook (by name, or the first) row by row, cells as text: shared and inline strings
/// as written, numbers as their literal (`4921641`, `0.8`), booleans as `TRUE`/`FALSE`, empty cells as empty fields
/// so that columns keep their positions. Every row knows its sheet and number, so a value names its cell (`C7`).
///
/// Parts are read as they unpack, so memory holds the archive and the shared strings but never a whole sheet. Each
/// part is refused once it unpacks past `maximumPartBytes`, whatever size the archive declares, so a zip bomb costs
/// no more than the time to unpack the limit.
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
        let (archive, inflater, name) = (archive, inflater, source.name)
        func part(_ path: String) -> XLSXPartParser.PartBytes {
            { consume in try Self.unpack(inflater, path, of: archive, file: name, limit: maximumPartBytes, consume) }
        }
        let workbook = try Self.reading(name) { try XLSXPartParser.workbook(part("xl/workbook.xml"), file: name) }
        let relations = try Self.reading(name) { try XLSXPartParser.relationships(part("xl/_rels/workbook.xml.rels"), file: name) }
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
            sharedStrings = try Self.reading(name) { try XLSXPartParser.sharedStrings(part("xl/sharedStrings.xml"), file: name) }
        } else {
            sharedStrings = []
        }
    }

    /// Calls `body` with every row of the sheet after the header, in order; rows with no value are passed over.
    /// The header, if any, is handed to every row.
    public func forEach(_ body: (TabularRow) throws -> Void) throws {
        let (hasHeader, sheet, sheetPath, archive, inflater, file, limit) =
            (self.hasHeader, self.sheet, self.sheetPath, self.archive, self.inflater, self.source, self.maximumPartBytes)
        var header: ColumnHeader?
        var first = true
        let bytes: XLSXPartParser.PartBytes = { consume in
            try Self.unpack(inflater, sheetPath, of: archive, file: file, limit: limit, consume)
        }
        try XLSXPartParser.rows(bytes, sharedStrings: sharedStrings, file: file, sheet: sheet) { number, fields in
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

    /// Hands a part's bytes to `consume` as they unpack, refused once they pass `limit` (declared or real).
    private static func unpack(_ inflater: XLSXPartInflater, _ path: String, of archive: Archive, file: String,
                               limit: Int, _ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let entry = archive[path] else {
            throw ImportError(file: file, reason: .notASpreadsheet("it has no \(path)"))
        }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw ImportError(file: file, reason: .partTooLarge(part: path, limit: limit))
        }
        try inflater.unpack(entry, path: path, limit: limit, file: file, consume)
    }

    /// Runs a reading of the parts the initialiser needs, whose failures are all `ImportError`s.
    private static func reading<Value>(_ file: String, _ body: () throws -> Value) throws(ImportError) -> Value {
        do {
            return try body()
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: file, reason: .invalidSpreadsheet("\(error)"))
        }
    }
}
