import Foundation
import RegistryImport

/// One import asked for over HTTP (`POST /v1/imports`): what was asked, where it stands and, once finished, the
/// report the `brobygger import` command prints, or why it wrote nothing.
struct ImportJob: Sendable {
    /// Waiting for its turn, reading rows, finished with its changes committed (or, dry, reported), or finished
    /// having written nothing.
    enum State: String, Sendable, CaseIterable {
        case queued, running, succeeded, failed
    }

    /// The most row-level problems (and, in a dry run, row outcomes) a job keeps: a job's report stays in memory
    /// with a hundred others, and a file of a million rejected rows would otherwise be held whole.
    static let keptRows = 1000

    let id: String
    let profile: String
    /// The file's name, as the imported records' evidence cites it.
    let file: String
    let sha256: String
    /// The file's size in bytes.
    let size: Int
    let dryRun: Bool
    let skipInvalid: Bool
    /// The name of the token that asked: the author of the import's changes in the history.
    let author: String
    let submittedAt: Date
    var state = State.queued
    var startedAt: Date?
    var finishedAt: Date?
    /// Rows read so far.
    var rowsDone = 0
    /// The report of a succeeded import, its row lists cut to ``keptRows``.
    var report: ImportReport?
    /// How many rows the report rejected, of which it keeps ``keptRows``.
    var rejectedCount = 0
    /// How many row outcomes a dry run listed, of which the report keeps ``keptRows``.
    var rowCount = 0
    /// Why a failed import wrote nothing.
    var failure: String?
    /// The invalid rows that failed an import without `skip_invalid`, at most ``keptRows`` of them.
    var failedRows: [RowOutcome] = []
    /// How many rows failed the import.
    var failedRowCount = 0

    var isFinished: Bool { state == .succeeded || state == .failed }

    var link: String { "/v1/imports/\(id)" }

    /// Marks the job finished with `report` and, for a dry run, the rows it `listed` (at most ``keptRows`` of them),
    /// keeping at most ``keptRows`` of its rejected rows.
    mutating func succeed(with report: ImportReport, listed: KeptRowListing?) {
        var kept = report
        rejectedCount = report.rejectedCount
        rowCount = listed?.count ?? 0
        kept.rejected = Array(report.rejected.prefix(Self.keptRows))
        kept.rows = listed?.rows ?? []
        self.report = kept
        rowsDone = report.rowsRead
        state = .succeeded
        finishedAt = Date()
    }

    /// Marks the job finished having written nothing, because of `failure`.
    mutating func fail(with failure: ImportFailure) {
        self.failure = failure.description
        if case .rejected(_, let rows) = failure {
            failedRowCount = rows.count
            failedRows = Array(rows.prefix(Self.keptRows))
        }
        state = .failed
        finishedAt = Date()
    }
}
