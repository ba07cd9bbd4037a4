import Import
import Registry

/// What happened to one row: the records it created, updated or left unchanged, or why it was rejected or skipped.
public struct RowOutcome: Sendable, Equatable {
    /// Whether the row was imported, rejected as invalid, or skipped by the mapping's filter.
    public enum Status: String, Sendable { case imported, rejected, skipped }

    public var location: SourceLocation
    public var status: Status
    /// `created project/2015-tiz-0299`, `unchanged organisation/…`, for each record the row touched.
    public var records: [String]
    /// Why the row was rejected or skipped.
    public var reason: String?
}

/// The result of an import: counts of distinct records by what happened to them, rows read, and each row's outcome
/// when asked for (a dry run lists them).
public struct ImportReport: Sendable {
    public var file: String
    public var sha256: String
    public var mapping: String
    public var dryRun: Bool
    public var rowsRead = 0
    public var rowsSkipped = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// How many rows were rejected.
    public private(set) var rejectedCount = 0
    /// The first ``keptRejections`` rejected rows: a file of a million invalid rows imported with `--skip-invalid`
    /// would otherwise be held whole (the command lists every rejected row through a ``RowListing``).
    public var rejected: [RowOutcome] = []
    /// How many rejected rows a report keeps: one more than an import without `--skip-invalid` reads before it
    /// fails.
    public static let keptRejections = 1_001
    /// Every row's outcome, kept only when the import was asked to list them.
    public var rows: [RowOutcome] = []
    public var warnings: [ImportWarning] = []
    /// The document the imported records' evidence points into.
    public var provenanceDocument = ""

    /// Counts a rejected row, and keeps it when it is among the first ``keptRejections``.
    mutating func reject(_ outcome: RowOutcome) {
        rejectedCount += 1
        if rejected.count < Self.keptRejections { rejected.append(outcome) }
    }

    /// `3 created, 0 updated, 12 unchanged, 1 rejected (16 rows)`.
    public var summary: String {
        "\(created) created, \(updated) updated, \(unchanged) unchanged, \(rejectedCount) rejected (\(rowsRead) row\(rowsRead == 1 ? "" : "s") read"
            + (rowsSkipped > 0 ? ", \(rowsSkipped) skipped by the mapping's filter" : "") + ")"
    }
}
