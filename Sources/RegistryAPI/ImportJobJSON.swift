import Foundation
import Import
import JSONOutput
import RegistryImport

/// Import jobs as the API shows them: an entry of `GET /v1/imports` (and the `202` of `POST /v1/imports`) has the
/// job's state and counts; the item adds the report's row-level problems, warnings and, for a dry run, every
/// row's outcome.
enum ImportJobJSON {
    static func list(_ jobs: [ImportJob]) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("data")
        json.beginArray()
        for job in jobs { write(job, detailed: false, to: &json) }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    static func render(_ job: ImportJob, detailed: Bool) -> [UInt8] {
        var json = JSONWriter()
        write(job, detailed: detailed, to: &json)
        return json.bytes
    }

    private static func write(_ job: ImportJob, detailed: Bool, to json: inout JSONWriter) {
        func date(_ date: Date?) {
            if let date { json.string(date.formatted(.iso8601)) } else { json.null() }
        }
        json.beginObject()
        json.key("id"); json.string(job.id)
        json.key("state"); json.string(job.state.rawValue)
        json.key("profile"); json.string(job.profile)
        json.key("file"); json.string(job.file)
        json.key("sha256"); json.string(job.sha256)
        json.key("size"); json.number(job.size)
        json.key("dry_run"); json.bool(job.dryRun)
        json.key("skip_invalid"); json.bool(job.skipInvalid)
        json.key("author"); json.string(job.author)
        json.key("submitted_at"); date(job.submittedAt)
        json.key("started_at"); date(job.startedAt)
        json.key("finished_at"); date(job.finishedAt)
        json.key("rows_done"); json.number(job.rowsDone)
        json.key("link"); json.string(job.link)
        json.key("report")
        if let report = job.report { write(report, of: job, detailed: detailed, to: &json) } else { json.null() }
        json.key("error")
        if let failure = job.failure {
            json.beginObject()
            json.key("detail"); json.string(failure)
            json.key("problem_count"); json.number(job.failedRowCount)
            if detailed {
                json.key("problems")
                outcomes(job.failedRows, to: &json)
            }
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }

    private static func write(_ report: ImportReport, of job: ImportJob, detailed: Bool, to json: inout JSONWriter) {
        json.beginObject()
        json.key("summary"); json.string(report.summary + (report.dryRun ? "; dry run, nothing written" : ""))
        json.key("created"); json.number(report.created)
        json.key("updated"); json.number(report.updated)
        json.key("unchanged"); json.number(report.unchanged)
        json.key("rejected"); json.number(job.rejectedCount)
        json.key("rows_read"); json.number(report.rowsRead)
        json.key("rows_skipped"); json.number(report.rowsSkipped)
        if detailed {
            json.key("warnings")
            json.beginArray()
            for warning in report.warnings { json.string(warning.description) }
            json.endArray()
            json.key("problems")
            outcomes(report.rejected, to: &json)
            if report.dryRun {
                json.key("rows")
                outcomes(report.rows, to: &json)
            }
        }
        json.endObject()
    }

    /// Row outcomes: where, what happened, the records touched, why; `line` when the place is a line of the file.
    private static func outcomes(_ rows: [RowOutcome], to json: inout JSONWriter) {
        json.beginArray()
        for row in rows {
            json.beginObject()
            json.key("location"); json.string(row.location.description)
            switch row.location {
            case .line(let line), .field(let line, _, _):
                json.key("line"); json.number(line)
            default: break
            }
            json.key("status"); json.string(row.status.rawValue)
            json.key("records")
            json.beginArray()
            for record in row.records { json.string(record) }
            json.endArray()
            if let reason = row.reason { json.key("reason"); json.string(reason) }
            json.endObject()
        }
        json.endArray()
    }
}
