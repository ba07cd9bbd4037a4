import Foundation
import HTTPServer
import JSONOutput
import Registry

/// Token management over HTTP, for `admin` tokens: `GET /v1/tokens` lists them, `POST /v1/tokens` makes one
/// (its secret is in the `201` body, and nowhere else ever again), `GET /v1/tokens/{name}` shows one and
/// `DELETE /v1/tokens/{name}` revokes one. Neither the secret nor its hash is ever listed.
///
/// Every answer, errors included, is `Cache-Control: no-store`: it depends on the token that asked.
enum TokenRoutes {
    static func install(on router: inout RouterGroup, context: APIContext) {
        let authentication = context.authentication
        let store = context.store
        router.get("/tokens", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            var json = JSONWriter()
            json.beginObject()
            json.key("data")
            json.beginArray()
            for token in try store.tokens() { write(token, to: &json) }
            json.endArray()
            json.endObject()
            return Response.json(json.bytes)
        })
        router.add(.post, "/tokens", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            let (name, scope) = try creation(from: JSONRequestBody.object(of: request))
            let made: (token: AccessToken, secret: TokenSecret)
            do {
                made = try store.createToken(name: name, scope: scope, now: Date())
            } catch TokenError.nameTaken(let name) {
                throw HTTPError(.init(code: 409), kind: "token-name-taken",
                                detail: "A token named `\(name)` exists or existed; names of revoked tokens stay taken. Choose another name.")
            }
            var json = JSONWriter()
            write(made.token, to: &json, secret: made.secret)
            var response = Response.json(json.bytes, status: .created)
            response.headers.set("Location", link(made.token.name))
            return response
        })
        router.get("/tokens/{name}", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            let name = request.pathParameters["name"] ?? ""
            guard let token = try store.token(named: name) else { throw notFound(name) }
            var json = JSONWriter()
            write(token, to: &json)
            return Response.json(json.bytes)
        })
        router.add(.delete, "/tokens/{name}", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            let name = request.pathParameters["name"] ?? ""
            do {
                try store.revokeToken(named: name, now: Date())
            } catch TokenError.notFound {
                throw notFound(name)
            }
            return Response(status: .noContent)
        })
    }

    /// The name and scope a creation body asks for; every problem of the body at once as a `422`.
    static func creation(from body: [String: JSONValue]) throws -> (name: String, scope: TokenScope) {
        var problems: [ProblemDetails.InvalidParameter] = []
        for field in body.keys.sorted() where field != "name" && field != "scope" {
            problems.append(.init(name: "/\(field)", reason: "is not a field of a token; give `name` and `scope` only"))
        }
        var name: String?
        switch body["name"] {
        case .string(let text) where AccessToken.isValidName(text): name = text
        case .none: problems.append(.init(name: "/name", reason: "is required"))
        default: problems.append(.init(name: "/name", reason: "must be a string of \(AccessToken.nameRule)"))
        }
        var scope: TokenScope?
        let scopes = TokenScope.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        switch body["scope"] {
        case .string(let text) where TokenScope(rawValue: text) != nil: scope = TokenScope(rawValue: text)
        case .none: problems.append(.init(name: "/scope", reason: "is required: one of \(scopes)"))
        default: problems.append(.init(name: "/scope", reason: "must be one of \(scopes)"))
        }
        guard let name, let scope, problems.isEmpty else { throw JSONRequestBody.invalid(problems) }
        return (name, scope)
    }

    static func link(_ name: String) -> String {
        "/v1/tokens/\(name)"
    }

    static func notFound(_ name: String) -> HTTPError {
        HTTPError(.notFound, kind: "not-found", detail: "No token named `\(name)`.")
    }

    /// A token as the API shows it; with `secret` only in the answer to its creation.
    static func write(_ token: AccessToken, to json: inout JSONWriter, secret: TokenSecret? = nil) {
        func date(_ date: Date?) {
            if let date { json.string(date.formatted(.iso8601)) } else { json.null() }
        }
        json.beginObject()
        json.key("name"); json.string(token.name)
        json.key("scope"); json.string(token.scope.rawValue)
        json.key("created_at"); date(token.createdAt)
        json.key("last_used_at"); date(token.lastUsedAt)
        json.key("revoked_at"); date(token.revokedAt)
        json.key("link"); json.string(link(token.name))
        if let secret { json.key("token"); json.string(secret.text) }
        json.endObject()
    }
}
