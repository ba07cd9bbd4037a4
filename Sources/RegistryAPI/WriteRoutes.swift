import HTTPServer
import JSONOutput
import PostgresClient
import Registry

/// The write side of every record kind, for `write` (or `admin`) tokens: `POST /v1/{kind}` creates,
/// `PUT /v1/{kind}/{id}` replaces, `PATCH` applies a JSON Merge Patch (RFC 7396), `DELETE` deletes, and
/// `POST /v1/{kind}/{id}/reset` puts a seed record back to the seeds' version.
///
/// `If-Match` names the item's strong entity tag (of any language); a stale one is a `412`, and without it
/// `PUT`, `PATCH` and `DELETE` are a `428` while ``APIOptions/requireIfMatch`` holds. Changes are recorded in
/// the history with the token's name and the `X-Change-Reason` given. Answers are `Cache-Control: no-store`.
/// The handlers run one at a time on the server's serial queue: SQLite takes one writer at a time anyway, and
/// writers waiting for it on the worker queues would leave none to readers.
enum WriteRoutes {
    /// The most characters (Unicode scalars) `X-Change-Reason` may have.
    static let maxReasonLength = 1000
    /// The media type of a `PATCH` body.
    static let mergePatch = "application/merge-patch+json"

    static func install(on router: inout RouterGroup, context: APIContext) {
        for kind in RecordKind.allCases { register(kind, on: &router, context: context) }
    }

    private static func register(_ kind: RecordKind, on router: inout RouterGroup, context: APIContext) {
        let authentication = context.authentication
        let collection = "/\(kind.plural)"
        let item = collection + "/{id}"
        router.add(.post, collection, execution: .serial, caching: .uncached, handler: authentication.handler(requiring: .write) { request, principal in
            try QueryParameters.check(request, accepting: [])
            let reason = try changeReason(request)
            let body = try JSONRequestBody.value(of: request)
            let result = try write(kind, .create(body), reason: reason, principal: principal, expecting: nil, context: context)
            return try respond(kind, result, to: request, status: .created, context: context)
        })
        router.add(.put, item, execution: .serial, caching: .uncached, handler: authentication.handler(requiring: .write) { request, principal in
            try QueryParameters.check(request, accepting: [])
            let reason = try changeReason(request)
            let id = request.pathParameters["id"] ?? ""
            let body = try JSONRequestBody.value(of: request)
            let expected: String?
            do {
                expected = try precondition(kind, id: id, request: request, context: context)
            } catch let stale as HTTPError where stale.problem.status == .preconditionFailed {
                // A body that is no valid record is refused for itself, not for the version it names: a fresh
                // `If-Match` would not make it acceptable.
                let problems = try context.store.problems(of: body, kind: kind)
                guard problems.isEmpty else { throw WriteError.invalid(problems).problem }
                throw stale
            }
            let result = try write(kind, .replace(id: id, body), reason: reason, principal: principal, expecting: expected, context: context)
            return try respond(kind, result, to: request, status: .ok, context: context)
        })
        router.add(.patch, item, execution: .serial, caching: .uncached, handler: authentication.handler(requiring: .write) { request, principal in
            try QueryParameters.check(request, accepting: [])
            let reason = try changeReason(request)
            let id = request.pathParameters["id"] ?? ""
            let patch = try JSONRequestBody.value(of: request, mediaType: mergePatch, acceptField: "Accept-Patch")
            // A merge patch that is no object would replace the whole record; no record is anything but an object.
            guard case .object = patch else {
                throw WriteError.invalid([FieldProblem(pointer: "", reason: "must be a JSON object")]).problem
            }
            let expected = try precondition(kind, id: id, request: request, context: context)
            let result = try write(kind, .update(id: id, patch: patch), reason: reason, principal: principal, expecting: expected, context: context)
            return try respond(kind, result, to: request, status: .ok, context: context)
        })
        router.add(.delete, item, execution: .serial, caching: .uncached, handler: authentication.handler(requiring: .write) { request, principal in
            try QueryParameters.check(request, accepting: [])
            let reason = try changeReason(request)
            let id = request.pathParameters["id"] ?? ""
            let expected = try precondition(kind, id: id, request: request, context: context)
            _ = try write(kind, .delete(id: id), reason: reason, principal: principal, expecting: expected, context: context)
            return Response(status: .noContent)
        })
        router.add(.post, item + "/reset", execution: .serial, caching: .uncached, handler: authentication.handler(requiring: .write) { request, principal in
            try QueryParameters.check(request, accepting: [])
            let reason = try changeReason(request)
            let id = request.pathParameters["id"] ?? ""
            let expected = try precondition(kind, id: id, request: request, context: context, required: false)
            let result = try write(kind, .reset(id: id), reason: reason, principal: principal, expecting: expected, context: context)
            return try respond(kind, result, to: request, status: .ok, context: context)
        })
    }

    /// The record as served in the version `If-Match` names, for the store to check again inside the write;
    /// nil without `If-Match` when it is not required. `404` for an unknown record, `412` for a stale tag, `428`
    /// for a missing one that is required.
    private static func precondition(_ kind: RecordKind, id: String, request: Request, context: APIContext,
                                     required: Bool = true) throws -> String? {
        let tags = request.headers.listElements(for: "If-Match")
        if tags.isEmpty {
            guard required, context.options.requireIfMatch else { return nil }
            guard try context.store.servedRecord(kind, id: id, language: Language.english.rawValue, personal: true) != nil else {
                throw APIError.notFound(kind.rawValue, id: id)
            }
            throw HTTPError(.init(code: 428), kind: "precondition-required",
                            detail: "Changes to \(kind.plural) need `If-Match` with the entity tag of its item (`ETag` of `GET \(SummaryResolver.link(kind, id))`), so that no change made meanwhile is overwritten.")
        }
        if let served = try ItemRepresentation.matching(kind, id: id, ifMatch: tags, context: context) { return served }
        guard try context.store.servedRecord(kind, id: id, language: Language.english.rawValue, personal: true) != nil else {
            throw APIError.notFound(kind.rawValue, id: id)
        }
        throw WriteError.stale(kind, id).problem
    }

    /// The request's `X-Change-Reason`, checked before anything else about the write, so that a request wrong in
    /// itself is a `400` whatever the state of the record.
    private static func changeReason(_ request: Request) throws -> String? {
        let reason = request.headers["X-Change-Reason"]
        if let reason, reason.unicodeScalars.count > maxReasonLength {
            throw HTTPError(.badRequest, kind: "invalid-header",
                            detail: "`X-Change-Reason` has \(reason.unicodeScalars.count) characters; give at most \(maxReasonLength).")
        }
        return reason
    }

    private static func write(_ kind: RecordKind, _ change: RecordWrite, reason: String?, principal: Principal,
                              expecting: String?, context: APIContext) throws -> WriteResult {
        do {
            return try context.store.write(kind, change, author: principal.name, reason: reason, expecting: expecting)
        } catch let error as WriteError {
            throw error.problem
        }
    }

    /// The record's item after the write, with its entity tag, as `GET` would serve it now.
    private static func respond(_ kind: RecordKind, _ result: WriteResult, to request: Request, status: HTTPStatus,
                                context: APIContext) throws -> Response {
        let language = try Language.negotiate(request)
        return try answer(kind, result, status: status, language: language) {
            try ItemRepresentation.render(kind, id: result.id, language: language, personal: true, context: context)
        }
    }

    /// The answer to a write that was committed, with the item `render` reads back. The item is read after the
    /// commit: when PostgreSQL stops answering in between, the change is made all the same, so the answer still
    /// says so (its status, `Location`, `X-Change-Id`), without a body or `ETag`, rather than a `503` that would
    /// tell the client to make the change again.
    static func answer(_ kind: RecordKind, _ result: WriteResult, status: HTTPStatus, language: Language,
                       render: () throws -> [UInt8]?) throws -> Response {
        var response: Response
        do {
            guard let item = try render() else { throw APIError.notFound(kind.rawValue, id: result.id) }
            response = Response.json(item, status: status)
            response.headers.set("ETag", APIContext.entityTag(for: item))
            response.headers.set("Content-Language", language.rawValue)
        } catch let error as PostgresError where error.unavailableProblem != nil {
            response = Response(status: status)
        }
        let link = SummaryResolver.link(kind, result.id)
        if status == .created { response.headers.set("Location", link) }
        response.headers.set("Content-Location", link)
        if let change = result.change { response.headers.set("X-Change-Id", String(change)) }
        return response
    }
}
