/// Where in an imported file a row, field or problem is: what every error and every imported fact names.
public enum SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// A physical line of a text file (1-based), where a CSV/TSV record starts.
    case line(Int)
    /// A field of a CSV/TSV record: the line where the record starts, the 1-based column and its header name.
    case field(line: Int, column: Int, name: String?)
    /// A row of a spreadsheet (1-based, as the spreadsheet numbers it).
    case sheetRow(sheet: String, row: Int)
    /// A cell of a spreadsheet, such as `C7`.
    case cell(sheet: String, reference: String)
    /// A place in a JSON document, as a path from its root such as `hromadas[3].partners[0]`.
    case json(path: String)

    public var description: String {
        switch self {
        case .line(let line): "line \(line)"
        case .field(let line, let column, let name):
            "line \(line), column \(column)" + (name.map { $0.isEmpty ? "" : " (\($0))" } ?? "")
        case .sheetRow(let sheet, let row): "sheet \(sheet), row \(row)"
        case .cell(let sheet, let reference): "sheet \(sheet), cell \(reference)"
        case .json(let path): path.isEmpty ? "the document's root" : path
        }
    }
}
