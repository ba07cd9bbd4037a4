/// An error a handler throws to answer with an RFC 9457 problem.
public struct HTTPError: Error, Sendable {
    public var problem: ProblemDetails
    /// Extra header fields for the response (`Allow` on a 405, for instance).
    public var headers: HTTPHeaders

    public init(_ problem: ProblemDetails, headers: HTTPHeaders = HTTPHeaders()) {
        self.problem = problem
        self.headers = headers
    }

    /// A problem of kind `kind` (its `type` is `/problems/<kind>`), titled by the status's reason phrase.
    public init(
        _ status: HTTPStatus,
        kind: String,
        detail: String,
        invalidParameters: [ProblemDetails.InvalidParameter] = [],
        headers: HTTPHeaders = HTTPHeaders()
    ) {
        self.init(
            ProblemDetails(type: ProblemDetails.typeURI(kind), title: status.reasonPhrase, status: status,
                           detail: detail, invalidParameters: invalidParameters),
            headers: headers
        )
    }

    /// The problem as a response, with the extra headers.
    public var response: Response {
        var response = problem.response
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}
