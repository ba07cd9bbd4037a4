import Import

/// One row of any source format, with the lookup of a mapping's field names (columns or JSON paths) in it.
struct ImportRow {
    enum Content {
        case tabular(TabularRow)
        case json(JSONRow)
    }

    let content: Content
    let fields: FieldIndex

    /// The text of the column or path `field`; nil when the row has none.
    func text(_ field: String) -> String? {
        switch content {
        case .tabular(let row): fields.columns[field].flatMap { row[$0] }
        case .json(let row): fields.paths[field].flatMap { row.text(at: $0) }
        }
    }

    var location: SourceLocation {
        switch content {
        case .tabular(let row): row.location
        case .json(let row): row.location
        }
    }

    /// Where the field is: line and column, cell, or JSON path.
    func location(of field: String) -> SourceLocation {
        switch content {
        case .tabular(let row): fields.columns[field].map { row.location(ofColumn: $0) } ?? row.location
        case .json(let row): fields.paths[field].map { row.location(of: $0) } ?? row.location
        }
    }
}

/// The mapping's field names resolved once per file: columns to their indices in the header, paths parsed.
struct FieldIndex: Sendable {
    var columns: [String: Int] = [:]
    var paths: [String: JSONPath] = [:]
}
