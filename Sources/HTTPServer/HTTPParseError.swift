/// Why a request was rejected while it was being read; the connection answers with `status` and closes.
public struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    /// The problem kind, used for the problem+json `type` (`/problems/<kind>`).
    public var kind: String
    public var detail: String

    public init(_ status: HTTPStatus, _ kind: String, _ detail: String) {
        self.status = status
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(status.code) \(kind): \(detail)" }

    /// The problem details sent to the client.
    public var problem: ProblemDetails {
        ProblemDetails(type: ProblemDetails.typeURI(kind), title: status.reasonPhrase, status: status, detail: detail)
    }

    static func malformed(_ detail: String) -> HTTPParseError {
        HTTPParseError(.badRequest, "malformed-request", detail)
    }
}
