import Import

/// Reads the rows of an import's file in the format the mapping or the file's extension says, one at a time.
struct RowReader {
    let input: ImportInput
    let mapping: ImportMapping
    let encoding: TextEncoding?

    var format: ImportMapping.SourceOptions.Format {
        // A spreadsheet is a zip archive whatever the mapping says: a mapping for a CSV reads its XLSX copy too.
        if input.pathExtension == "xlsx" { return .xlsx }
        if let format = mapping.source.format { return format }
        switch input.pathExtension {
        case "json": return .json
        case "xlsx": return .xlsx
        case "tsv", "tab": return .tsv
        default: return .csv
        }
    }

    /// Calls `body` with each row; `warnings` gets the reader's guesses (a Windows-1252 fallback).
    func forEach(warnings: inout [ImportWarning], _ body: (ImportRow) throws -> Void) throws {
        switch format {
        case .csv, .tsv:
            let options = CSVOptions(encoding: encoding ?? mapping.source.encoding,
                                     delimiter: mapping.source.delimiter ?? (format == .tsv ? UInt8(ascii: "\t") : nil),
                                     hasHeader: mapping.source.header ?? true)
            let reader = try CSVReader(input.source, options: options)
            warnings += reader.warnings
            let index = try columns(reader.header)
            while let row = try reader.next() { try body(ImportRow(content: .tabular(row), fields: index)) }
        case .xlsx:
            let reader = try XLSXReader(input.source, sheet: mapping.source.sheet, hasHeader: mapping.source.header ?? true)
            var index: FieldIndex?
            try reader.forEach { row in
                if index == nil { index = try columns(row.header) }
                guard let index else { return }
                try body(ImportRow(content: .tabular(row), fields: index))
            }
        case .json:
            let reader = try JSONReader(input.source, rows: mapping.source.rows)
            var index = FieldIndex()
            for field in mapping.fields {
                index.paths[field] = try? JSONPath(field)
            }
            try reader.forEach { try body(ImportRow(content: .json($0), fields: index)) }
        }
    }

    /// The columns of the mapping's fields, or the error that names those the file lacks.
    private func columns(_ header: ColumnHeader?) throws -> FieldIndex {
        guard let header else {
            throw ImportFailure.missingColumns(file: input.name, columns: mapping.fields, available: [])
        }
        var index = FieldIndex()
        var absent: [String] = []
        for field in mapping.fields {
            if let column = header.index(of: field) { index.columns[field] = column } else { absent.append(field) }
        }
        guard absent.isEmpty else {
            throw ImportFailure.missingColumns(file: input.name, columns: absent, available: header.names.filter { !$0.isEmpty })
        }
        return index
    }
}
