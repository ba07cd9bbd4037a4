/// One row of a CSV/TSV file or a spreadsheet: its fields as text, and where it is, so that every value taken from
/// it can name its file, line (or cell) and column.
public struct TabularRow: Sendable, Hashable {
    /// CSV/TSV: the physical line where the record starts (1-based, a header counts). XLSX: the sheet's row number.
    public let line: Int
    /// The sheet, for a spreadsheet's row.
    public let sheet: String?
    public let fields: [String]
    public let header: ColumnHeader?

    public init(line: Int, sheet: String? = nil, fields: [String], header: ColumnHeader?) {
        self.line = line
        self.sheet = sheet
        self.fields = fields
        self.header = header
    }

    /// The field in the 0-based column `index`; nil past the row's end (short rows are common in exports).
    public subscript(index: Int) -> String? {
        fields.indices.contains(index) ? fields[index] : nil
    }

    /// The field in the column named `name` (see `ColumnHeader.index(of:)`); nil when there is no such column.
    public subscript(column name: String) -> String? {
        header?.index(of: name).flatMap { self[$0] }
    }

    public var location: SourceLocation {
        if let sheet { .sheetRow(sheet: sheet, row: line) } else { .line(line) }
    }

    /// Where the 0-based column `index` of this row is: a line and column, or a cell such as `C7`.
    public func location(ofColumn index: Int) -> SourceLocation {
        if let sheet { return .cell(sheet: sheet, reference: CellReference.columnName(index) + String(line)) }
        let name = header.flatMap { $0.names.indices.contains(index) ? $0.names[index] : nil }
        return .field(line: line, column: index + 1, name: name)
    }
}
