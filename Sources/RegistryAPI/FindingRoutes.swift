import HTTPServer
import Registry

/// `GET /v1/findings`: the data-quality findings, filterable by check (`kind`), record, record type and severity.
enum FindingRoutes {
    static let parameters = ["kind", "record", "record_type", "severity", "format", "lang"]

    static func install(on router: inout RouterGroup, context: APIContext) {
        router.get("/findings") { request in
            let list = try ListRequest(request, accepting: parameters, cursors: context.cursors)
            let language = try Language.negotiate(request)
            var recordKind: RecordKind?
            if let type = request.query("record_type") {
                recordKind = RecordKind(rawValue: type) ?? RecordKind.allCases.first { $0.plural == type }
                guard recordKind != nil else {
                    throw APIError.invalidParameter("record_type", reason:
                        "unknown record type `\(type)`; one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            var check: QualityCheck?
            if let name = request.query("kind") {
                check = QualityCheck(rawValue: name)
                guard check != nil else {
                    throw APIError.invalidParameter("kind", reason:
                        "unknown check `\(name)`; one of \(QualityCheck.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
            }
            var severity: QualityFinding.Severity?
            if let name = request.query("severity") {
                severity = QualityFinding.Severity(rawValue: name)
                guard severity != nil else {
                    throw APIError.invalidParameter("severity", reason: "unknown severity `\(name)`; one of passed, notice, warning.")
                }
            }
            let findings = try context.store.servedFindings(recordKind: recordKind, recordID: request.query("record"),
                                                            check: check, severity: severity)
            return try list.respond(entries: findings.map { Array($0.utf8) }, language: language, context: context)
        }
    }
}
