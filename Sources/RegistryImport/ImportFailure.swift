import Import

/// Why an import wrote nothing: the mapping is wrong, the file cannot be read as the mapping says, or rows are
/// invalid (without `--skip-invalid`). Each names the file and, where there is one, the line, cell or key.
public enum ImportFailure: Error, Sendable, CustomStringConvertible {
    case mapping(MappingError)
    case input(ImportError)
    /// The file lacks columns the mapping reads.
    case missingColumns(file: String, columns: [String], available: [String])
    /// Rows the mapping could not turn into valid records; nothing was written.
    case rejected(file: String, rows: [RowOutcome])
    /// A check over the whole import failed (a reference left dangling).
    case inconsistent(file: String, reason: String)

    public var description: String {
        switch self {
        case .mapping(let error): "mapping \(error)"
        case .input(let error): error.description
        case let .missingColumns(file, columns, available):
            "\(file): no column " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + "; the columns are "
                + available.map { "\"\($0)\"" }.joined(separator: ", ")
        case let .rejected(file, rows):
            "\(file): \(rows.count) invalid row\(rows.count == 1 ? "" : "s"), nothing imported (--skip-invalid imports the valid ones):\n"
                + rows.prefix(20).map { "  \($0.location): \($0.reason ?? "")" }.joined(separator: "\n")
                + (rows.count > 20 ? "\n  … and \(rows.count - 20) more" : "")
        case let .inconsistent(file, reason): "\(file): \(reason)"
        }
    }
}
