import Registry

/// The token part of the OpenAPI document: the bearer security scheme, `/v1/tokens` and `/v1/tokens/{name}`,
/// and the answers every route that needs a token can give (`401`, `403`, `429`).
enum OpenAPITokens {
    typealias Doc = OpenAPIDocument
    typealias V = OpenAPIValue

    static let schemeName = "bearerToken"

    static var securitySchemes: Doc.Members {
        [(key: schemeName, value: [
            "type": "http", "scheme": "bearer", "bearerFormat": "bby_ and 43 base64url characters",
            "description": "`Authorization: Bearer bby_…`, a token made with `brobygger token create` or `POST /v1/tokens`. Scopes: `read` (personal contact details), `write` (changes to records), `admin` (everything, token management included); each implies the ones before it.",
        ])]
    }

    /// The security requirement of an operation that needs `scope`.
    static func security(_ scope: TokenScope) -> V {
        .array([.object([(key: schemeName, value: .strings([scope.rawValue]))])])
    }

    static var paths: Doc.Members {
        let nameParameter: V = [
            "name": "name", "in": "path", "required": true, "description": "The token's name.",
            "schema": ["type": "string", "minLength": 1], "example": "ci-deploy",
        ]
        return [
            (key: "/v1/tokens", value: [
                "get": operation(
                    "listTokens", summary: "Every token, revoked ones included; never a token's secret or hash.",
                    responses: [(key: "200", value: success("The tokens, by name.", schema: Doc.ref("TokenList")))]),
                "post": operation(
                    "createToken", summary: "Make a token; its secret is in this answer and nowhere else, ever.",
                    description: "Names are never reused, not even after revocation. Every problem of the body is reported at once (`invalid_params`, JSON Pointers).",
                    requestBody: [
                        "required": true,
                        "content": ["application/json": ["schema": Doc.ref("TokenCreation"),
                                                         "example": ["name": "ci-deploy", "scope": "write"]]],
                    ],
                    responses: [
                        (key: "201", value: success("The new token, with its secret in `token`.", schema: Doc.ref("CreatedToken"),
                                                    location: true)),
                        (key: "400", value: problem("The body is not JSON (`/problems/malformed-body`), or a query parameter was given (`/problems/unknown-parameter`).")),
                        (key: "409", value: problem("A token with this name exists or existed (`/problems/token-name-taken`).")),
                        (key: "413", value: ["description": "The body is larger than the server accepts (`/problems/content-too-large`); the server answers this before any route.",
                                             "content": ["application/problem+json": ["schema": Doc.ref("Problem")]]]),
                        (key: "415", value: problem("The body is not `application/json` (`/problems/unsupported-media-type`); `Accept-Post` says what is.",
                                                    headers: [(key: "Accept-Post", value: ["required": true, "schema": Doc.string])])),
                        (key: "422", value: problem("The body is not a valid token creation (`/problems/invalid-body`); `invalid_params` names every field at fault.")),
                    ]),
            ]),
            (key: "/v1/tokens/{name}", value: [
                "get": operation(
                    "getToken", summary: "One token; never its secret or hash.", parameters: [nameParameter],
                    responses: [
                        (key: "200", value: success("The token.", schema: Doc.ref("Token"))),
                        (key: "404", value: problem("No token has this name (`/problems/not-found`).")),
                    ]),
                "delete": operation(
                    "revokeToken", summary: "Revoke a token: it stops working at once; its name stays taken.",
                    description: "Revoking a revoked token changes nothing and answers `204` as well.",
                    parameters: [nameParameter],
                    responses: [
                        (key: "204", value: ["description": "Revoked.", "headers": ["Cache-Control": noStore]]),
                        (key: "404", value: problem("No token has this name (`/problems/not-found`).")),
                    ]),
            ]),
        ]
    }

    /// An operation of token management (or of another `tag` that needs an `admin` token): `admin` scope, and the
    /// authentication answers besides `responses`.
    static func operation(
        _ id: String, tag: String = "tokens", summary: String, description: String? = nil, parameters: [V] = [],
        requestBody: V? = nil, responses: Doc.Members
    ) -> V {
        var members: Doc.Members = [(key: "operationId", value: .string(id)), (key: "tags", value: .strings([tag])),
                                    (key: "summary", value: .string(summary))]
        if let description { members.append((key: "description", value: .string(description))) }
        if !parameters.isEmpty { members.append((key: "parameters", value: .array(parameters))) }
        if let requestBody { members.append((key: "requestBody", value: requestBody)) }
        members.append((key: "security", value: security(.admin)))
        members.append((key: "responses", value: authenticated(responses, badRequest:
            "A query parameter was given; this resource takes none (`/problems/unknown-parameter`).")))
        return .object(members)
    }

    /// The responses of an operation that needs a token: `responses`, a `400` described by `badRequest` unless
    /// they have one, and the refusals of credentials (`401`, `403`, `429`), by status.
    static func authenticated(_ responses: Doc.Members, badRequest: String) -> V {
        var all = responses
        if !all.contains(where: { $0.key == "400" }) { all.append((key: "400", value: problem(badRequest))) }
        all += [
            (key: "401", value: Doc.responseRef("Unauthorized")),
            (key: "403", value: Doc.responseRef("Forbidden")),
            (key: "429", value: Doc.responseRef("TooManyAuthenticationFailures")),
        ]
        // Authentication reads the tokens from the database, so any of these may find it unavailable.
        if !all.contains(where: { $0.key == "503" }) { all.append((key: "503", value: Doc.responseRef("Unavailable"))) }
        return .object(all.sorted { $0.key < $1.key })
    }

    static let noStore: V = ["description": "Always `no-store`: the answer depends on the token.", "required": true, "schema": ["const": "no-store"]]

    static func success(_ description: String, schema: V, location: Bool = false) -> V {
        var headers: Doc.Members = [(key: "Cache-Control", value: noStore)]
        if location {
            headers.append((key: "Location", value: ["description": "The new token's resource.", "required": true, "schema": Doc.string]))
        }
        return ["description": .string(description), "headers": .object(headers), "content": Doc.json(schema)]
    }

    static func problem(_ description: String, headers: Doc.Members = []) -> V {
        ["description": .string(description), "headers": .object([(key: "Cache-Control", value: noStore)] + headers),
         "content": ["application/problem+json": ["schema": Doc.ref("Problem")]]]
    }

    static var responses: Doc.Members {
        [
            (key: "Unauthorized", value: problem(
                "No bearer token, or one that is malformed, unknown or revoked, or another scheme such as `Basic` (`/problems/unauthorized`).",
                headers: [(key: "WWW-Authenticate", value: [
                    "description": "`Bearer realm=\"brobygger\"`, with `error=\"invalid_token\"` when a bearer token was presented (RFC 6750).",
                    "required": true, "schema": Doc.string,
                ])])),
            (key: "Forbidden", value: problem(
                "The token is valid but its scope is too small (`/problems/insufficient-scope`).",
                headers: [(key: "WWW-Authenticate", value: [
                    "description": "`Bearer realm=\"brobygger\", error=\"insufficient_scope\", scope=\"…\"` (RFC 6750).",
                    "required": true, "schema": Doc.string,
                ])])),
            (key: "TooManyAuthenticationFailures", value: problem(
                "Too many failed authentications from this address lately; the credentials were not looked at (`/problems/too-many-authentication-failures`).",
                headers: [(key: "Retry-After", value: [
                    "description": "Seconds until this address is heard again.", "required": true,
                    "schema": ["type": "string", "pattern": "^[0-9]+$"],
                ])])),
        ]
    }

    static var schemas: Doc.Members {
        let date: V = ["type": "string", "format": "date-time"]
        let nullableDate: V = ["type": ["string", "null"], "format": "date-time"]
        let name: V = ["type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$",
                       "description": .string("\(AccessToken.nameRule).")]
        let scope = Doc.enumeration(TokenScope.allCases.map(\.rawValue))
        let fields = [
            Doc.required("name", name), Doc.required("scope", scope), Doc.required("created_at", date),
            Doc.required("last_used_at", ["type": ["string", "null"], "format": "date-time",
                                          "description": "When the token last authenticated a request, to about a minute."]),
            Doc.required("revoked_at", nullableDate), Doc.required("link", Doc.string),
        ]
        return [
            (key: "Token", value: Doc.object(fields, description: "An access token; never its secret or hash.")),
            (key: "TokenList", value: Doc.object([Doc.required("data", Doc.array(Doc.ref("Token")))])),
            (key: "CreatedToken", value: Doc.object(fields + [
                Doc.required("token", ["type": "string", "pattern": "^bby_[A-Za-z0-9_-]{43}$",
                                       "description": "The secret, for `Authorization: Bearer …`; shown this once."]),
            ], description: "A token just made, with its secret.")),
            (key: "TokenCreation", value: Doc.object([Doc.required("name", name), Doc.required("scope", scope)])),
        ]
    }
}
