import Import

/// Why a row cannot be imported: where (the row, or the field's line and column, cell or path) and the reason.
struct RowProblem: Error {
    var location: SourceLocation
    var reason: String
}
