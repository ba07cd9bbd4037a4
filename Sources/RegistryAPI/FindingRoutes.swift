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
            var findings = try context.store.findings(recordKind: recordKind, recordID: request.query("record"))
            if let check = request.query("kind") {
                guard let known = QualityCheck(rawValue: check) else {
                    throw APIError.invalidParameter("kind", reason:
                        "unknown check `\(check)`; one of \(QualityCheck.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                findings = findings.filter { $0.check == known }
            }
            if let severity = request.query("severity") {
                guard let known = QualityFinding.Severity(rawValue: severity) else {
                    throw APIError.invalidParameter("severity", reason: "unknown severity `\(severity)`; one of passed, notice, warning.")
                }
                findings = findings.filter { $0.severity == known }
            }
            return try list.respond(collection: findings, language: language, context: context)
        }
    }
}
