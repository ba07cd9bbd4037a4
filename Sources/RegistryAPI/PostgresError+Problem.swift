import HTTPServer
import PostgresClient

extension PostgresError {
    /// The problem a request is answered with when the PostgreSQL database holding the registry cannot be
    /// reached: a `503` with `Retry-After`, since the fault is the server's and clears without a restart (the pool
    /// opens new connections once the database answers again). Nil for the other failures, such as a statement
    /// the server refused, which are the server's bugs and stay `500`s.
    var unavailableProblem: HTTPError? {
        let (kind, cause): (String, String)
        switch self.kind {
        case .connectionFailed, .connectionLost:
            (kind, cause) = ("database-unavailable", "The registry's database does not answer")
        case .poolTimeout:
            (kind, cause) = ("database-busy", "Every connection to the registry's database stayed busy")
        case .invalidURL, .server, .decoding, .transactionRolledBack:
            return nil
        }
        // The message may name the host and port: the operator's business, kept for the log, not the client.
        return HTTPError(.serviceUnavailable, kind: kind, detail: "\(cause), so this request cannot be answered now; try again later.",
                         headers: ["Retry-After": "5", "Cache-Control": "no-store"])
    }

    /// Middleware turning an unreachable database, met by any handler, into ``unavailableProblem``'s `503`.
    static let availabilityMiddleware: Middleware = { request, next in
        do {
            return try next(request)
        } catch let error as PostgresError {
            guard let problem = error.unavailableProblem else { throw error }
            throw problem
        }
    }
}
