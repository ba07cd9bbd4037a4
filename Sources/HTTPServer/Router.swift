/// Answers a request; throw an `HTTPError` (or any error) to answer with a problem.
public typealias Handler = @Sendable (Request) throws -> Response

/// Wraps every routed handler: cross-cutting work such as CORS, caching headers or metrics.
/// Call `next` to continue to the handler.
public typealias Middleware = @Sendable (Request, _ next: Handler) throws -> Response

/// Where a route's handler runs.
public enum HandlerExecution: Sendable {
    /// On the connection's event-loop thread, with no thread hop: for handlers that never block and finish
    /// in microseconds (health checks, answers from memory).
    case eventLoop
    /// On the server's bounded worker queues: for handlers that may block (database reads).
    case workerPool
}

/// Maps method and path to a handler: path templates such as `/v1/projects/{id}`, percent-decoded path
/// parameters, `404` and `405` (with `Allow`) as problems, and automatic `HEAD` and `OPTIONS`.
///
/// Build it completely before the server starts; it is immutable while serving.
public struct Router: Sendable {
    /// A handler resolved for one request, with the parameters bound from its path.
    public struct Match: Sendable {
        public var handler: Handler
        public var execution: HandlerExecution
        public var template: String
        public var parameters: [String: String]
    }

    private struct Route: Sendable {
        var handler: Handler
        var execution: HandlerExecution
    }

    /// Routes that share a path template, by method.
    private struct Resource: Sendable {
        var template: String
        var segments: [Segment]
        var routes: [HTTPMethod: Route] = [:]

        var allowedMethods: [HTTPMethod] {
            var methods = Set(routes.keys)
            if methods.contains(.get) { methods.insert(.head) }
            methods.insert(.options)
            return methods.sorted { $0.rawValue < $1.rawValue }
        }
    }

    private enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// Templates without parameters, by path: one dictionary look-up.
    private var staticResources: [String: Resource] = [:]
    /// Templates with parameters, in registration order.
    private var dynamicResources: [Resource] = []
    private var middlewares: [Middleware] = []

    public init() {}

    /// Adds a route. A template is a path whose segments are literals or `{name}` parameters.
    public mutating func add(
        _ method: HTTPMethod,
        _ template: String,
        execution: HandlerExecution = .workerPool,
        handler: @escaping Handler
    ) {
        let segments = Router.segments(of: template)
        let route = Route(handler: handler, execution: execution)
        let isStatic = !segments.contains { if case .parameter = $0 { true } else { false } }
        if isStatic {
            staticResources[template, default: Resource(template: template, segments: segments)].routes[method] = route
        } else if let index = dynamicResources.firstIndex(where: { $0.segments == segments }) {
            dynamicResources[index].routes[method] = route
        } else {
            var resource = Resource(template: template, segments: segments)
            resource.routes[method] = route
            dynamicResources.append(resource)
        }
    }

    public mutating func get(_ template: String, execution: HandlerExecution = .workerPool, handler: @escaping Handler) {
        add(.get, template, execution: execution, handler: handler)
    }

    /// Adds a middleware; the first added is the outermost.
    public mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
    }

    /// Resolves a request to a handler. Unknown paths resolve to a 404 problem, known paths with another
    /// method to a 405 problem with `Allow`, `OPTIONS` to a 204 with `Allow`; all pass through the middleware.
    public func match(_ request: Request) -> Match {
        if request.target == "*" {
            // `OPTIONS *` asks about the server as a whole (RFC 9110, 9.3.7).
            return wrap(template: "*", execution: .eventLoop, parameters: [:]) { _ in
                Response(status: .noContent, headers: ["Allow": "GET, HEAD, OPTIONS"])
            }
        }
        let path = request.path
        var resource = staticResources[path]
        var parameters: [String: String] = [:]
        if resource == nil {
            let pathSegments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            for candidate in dynamicResources {
                if let bound = Router.bind(candidate.segments, to: pathSegments) {
                    resource = candidate
                    parameters = bound
                    break
                }
            }
        }
        guard let resource else {
            let problem = HTTPError(.notFound, kind: "not-found", detail: "No resource at \(path).")
            return wrap(template: nil, execution: .eventLoop, parameters: [:]) { _ in throw problem }
        }
        if let route = resource.routes[request.method] ?? (request.method == .head ? resource.routes[.get] : nil) {
            return wrap(template: resource.template, execution: route.execution, parameters: parameters, handler: route.handler)
        }
        let allow = resource.allowedMethods.map(\.rawValue).joined(separator: ", ")
        if request.method == .options {
            return wrap(template: resource.template, execution: .eventLoop, parameters: parameters) { _ in
                Response(status: .noContent, headers: ["Allow": allow])
            }
        }
        let problem = HTTPError(.methodNotAllowed, kind: "method-not-allowed",
                                detail: "\(request.method) is not allowed on \(resource.template); allowed: \(allow).",
                                headers: ["Allow": allow])
        return wrap(template: resource.template, execution: .eventLoop, parameters: parameters) { _ in throw problem }
    }

    private func wrap(
        template: String?,
        execution: HandlerExecution,
        parameters: [String: String],
        handler: @escaping Handler
    ) -> Match {
        var chained = handler
        for middleware in middlewares.reversed() {
            let next = chained
            chained = { request in try middleware(request, next) }
        }
        return Match(handler: chained, execution: execution, template: template ?? "", parameters: parameters)
    }

    private static func segments(of template: String) -> [Segment] {
        template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(PercentEncoding.decode(part) ?? String(part))
        }
    }

    private static func bind(_ segments: [Segment], to path: ArraySlice<Substring>) -> [String: String]? {
        guard segments.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, path) {
            guard let decoded = PercentEncoding.decode(part) else { return nil }
            switch segment {
            case .literal(let literal):
                guard literal == decoded else { return nil }
            case .parameter(let name):
                guard !decoded.isEmpty else { return nil }
                parameters[name] = decoded
            }
        }
        return parameters
    }
}
