import HTTPServer
import Registry

extension WriteError {
    /// The problem a refused write is answered with.
    var problem: HTTPError {
        switch self {
        case .invalid(let problems):
            JSONRequestBody.invalid(problems.map { .init(name: $0.pointer, reason: $0.reason) })
        case let .idTaken(kind, id):
            HTTPError(.init(code: 409), kind: "id-taken",
                      detail: "The id `\(id)` is taken among the \(kind.plural); give another `id`, or change that one with PUT or PATCH.")
        case let .notFound(kind, id):
            APIError.notFound(kind.rawValue, id: id)
        case let .stale(kind, id):
            HTTPError(.preconditionFailed, kind: "precondition-failed",
                      detail: "The \(kind.rawValue) `\(id)` changed since the version your `If-Match` names; read it again and redo the change.")
        case let .referenced(kind, id, references):
            HTTPError(.init(code: 409), kind: "referenced",
                      detail: "The \(kind.rawValue) `\(id)` is referred to by \(references.joined(separator: ", ")); change or delete those first.")
        case let .noSeedVersion(kind, id):
            HTTPError(.init(code: 409), kind: "no-seed-version",
                      detail: "The \(kind.rawValue) `\(id)` was made through the API; the seeds have no version of it to reset to.")
        case .brokenReference(let detail):
            HTTPError(.init(code: 409), kind: "broken-reference", detail: detail)
        }
    }
}
