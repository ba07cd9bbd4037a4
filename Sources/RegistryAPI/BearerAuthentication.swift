import Foundation
import HTTPServer
import Registry

/// Authentication of API requests by `Authorization: Bearer <token>` (RFC 6750), for routes that need a scope.
///
/// A route requires a scope with `handler(requiring:_:)`, and its handler is given the ``Principal``. Missing,
/// unknown, revoked or malformed credentials (another scheme, such as `Basic`, included) are a `401` with
/// `WWW-Authenticate: Bearer`; a valid token of too small a scope is a `403`. Every presented credential that
/// fails counts against the client's address, and an address that failed too often is answered `429` with
/// `Retry-After` without its credentials being looked at. Requests without `Authorization` never reach the
/// throttle or the store, so anonymous reads pay nothing for this.
public struct BearerAuthentication: Sendable {
    let store: any RegistryStorage
    let throttle: AuthenticationThrottle

    /// The realm named in `WWW-Authenticate`.
    static let realm = "brobygger"

    init(store: any RegistryStorage, failureLimit: Int, failureWindow: Duration) {
        self.store = store
        throttle = AuthenticationThrottle(limit: failureLimit, window: failureWindow)
    }

    /// A handler that runs `body` with the request's principal when it carries a token of at least `scope`,
    /// and answers `401`, `403` or `429` otherwise; a write refused for the storage's sake (``StorageFault``) is a `503`. Its responses are `Cache-Control: no-store` unless `body`
    /// says otherwise: they depend on the token.
    public func handler(
        requiring scope: TokenScope,
        _ body: @escaping @Sendable (Request, Principal) throws -> Response
    ) -> Handler {
        { request in
            var response: Response
            do {
                do {
                    response = try body(request, try require(scope, for: request))
                } catch let fault as StorageFault {
                    throw fault.problem
                }
            } catch var error as HTTPError {
                if !error.headers.contains("Cache-Control") { error.headers.set("Cache-Control", "no-store") }
                throw error
            }
            if !response.headers.contains("Cache-Control") { response.headers.set("Cache-Control", "no-store") }
            return response
        }
    }

    /// The principal of a request that must carry a token of at least `scope`.
    public func require(_ scope: TokenScope, for request: Request) throws -> Principal {
        guard let principal = try principal(of: request) else {
            throw BearerAuthentication.unauthorized("This resource needs a bearer token (`Authorization: Bearer bby_…`).",
                                                    error: nil)
        }
        guard principal.scope.permits(scope) else {
            throw HTTPError(
                HTTPStatus(code: 403), kind: "insufficient-scope",
                detail: "The token `\(principal.name)` has scope `\(principal.scope.rawValue)`; this needs `\(scope.rawValue)`.",
                headers: ["WWW-Authenticate": BearerAuthentication.challenge(error: "insufficient_scope", scope: scope)])
        }
        return principal
    }

    /// The principal of a request's bearer token; nil when the request has no `Authorization` field.
    /// Throws `401` for credentials that are not a valid token, `429` for an address that failed too often.
    public func principal(of request: Request) throws -> Principal? {
        let fields = request.headers.values(for: "Authorization")
        guard !fields.isEmpty else { return nil }
        let address = request.peerAddress ?? "unknown"
        if let wait = throttle.retryAfter(for: address) {
            let seconds = max(1, Int((wait + .milliseconds(999)).components.seconds))
            throw HTTPError(
                HTTPStatus(code: 429), kind: "too-many-authentication-failures",
                detail: "Too many failed authentications from this address; try again in \(seconds) s.",
                headers: ["Retry-After": String(seconds)])
        }
        let parts = fields.count == 1 ? fields[0].split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true) : []
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throttle.recordFailure(from: address)
            let scheme = fields.count == 1 ? parts.first.map { " (`\($0)`)" } ?? "" : ""
            throw BearerAuthentication.unauthorized(
                "Only one `Authorization: Bearer <token>` field is accepted; this credential\(scheme) is not one.", error: nil)
        }
        guard let secret = TokenSecret(presented: String(parts[1])),
              let token = try store.authenticate(secret, now: Date()) else {
            throttle.recordFailure(from: address)
            throw BearerAuthentication.unauthorized("The bearer token is malformed, unknown or revoked.", error: "invalid_token")
        }
        return Principal(name: token.name, scope: token.scope)
    }

    /// A `401` problem with its `WWW-Authenticate` challenge; `error` is RFC 6750's error code, left out when no
    /// bearer token was presented.
    static func unauthorized(_ detail: String, error: String?) -> HTTPError {
        HTTPError(HTTPStatus(code: 401), kind: "unauthorized", detail: detail,
                  headers: ["WWW-Authenticate": challenge(error: error, scope: nil)])
    }

    static func challenge(error: String?, scope: TokenScope?) -> String {
        var challenge = "Bearer realm=\"\(realm)\""
        if let error { challenge += ", error=\"\(error)\"" }
        if let scope { challenge += ", scope=\"\(scope.rawValue)\"" }
        return challenge
    }
}
