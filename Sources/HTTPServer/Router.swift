/// Answers a request; throw an `HTTPError` (or any error) to answer with a problem.
public typealias Handler = @Sendable (Request) throws -> Response

/// Wraps every routed handler: cross-cutting work such as CORS, caching headers or metrics.
/// Call `next` to continue to the handler.
public typealias Middleware = @Sendable (Request, _ next: Handler) throws -> Response

/// Maps method and path to a handler: path templates such as `/v1/projects/{id}`, percent-decoded path
/// parameters, `404`, `405` (with `Allow`) and `501` (a method the server does not know) as problems, and
/// automatic `HEAD` and `OPTIONS`.
///
/// Middleware is added first (`use`) and composed into each handler once, when its route is added; templates
/// are matched by a `RouterTrie`. Adding a second route for the same method and template stops the program:
/// it is a programming error that would otherwise silently replace the first. Build the router completely
/// before the server starts; it is immutable while serving.
public struct Router: Sendable {
    /// A handler resolved for one request, with the parameters bound from its path.
    public struct Match: Sendable {
        /// The handler with the router's middleware around it.
        public var handler: Handler
        public var execution: HandlerExecution
        public var template: String
        public var parameters: [String: String]
        /// What the response cache may keep of the response.
        public var caching: CachePolicy
    }

    struct Route: Sendable {
        /// The handler with the middleware around it.
        var handler: Handler
        var execution: HandlerExecution
        var caching: CachePolicy
    }

    /// The routes that share a path template, by method, and the answers for the methods they lack.
    struct Resource: Sendable {
        var template: String
        var routes: [HTTPMethod: Route] = [:]
        /// `204` with `Allow`, composed with the middleware.
        var options: Handler
        /// `405` with `Allow`, composed with the middleware.
        var methodNotAllowed: Handler
    }

    private var trie = RouterTrie()
    /// Nodes of templates without parameters, by template: a path that is one is found with one look-up.
    private var staticNodes: [String: Int] = [:]
    private var middlewares: [Middleware] = []
    private var routeCount = 0
    /// The standard methods and every method a route was added for; others are answered `501`.
    private var knownMethods = HTTPMethod.standard
    private var notFound: Handler = Router.notFound
    private var notImplemented: Handler = Router.notImplemented
    private var serverOptions: Handler = Router.serverOptions

    public init() {}

    /// Adds a route. A template is a path whose segments are literals or `{name}` parameters.
    public mutating func add(
        _ method: HTTPMethod,
        _ template: String,
        execution: HandlerExecution = .workerPool,
        caching: CachePolicy = .uncached,
        handler: @escaping Handler
    ) {
        let segments = RouterTrie.segments(of: template)
        let node = trie.node(for: segments, template: template)
        var resource = trie[node].resource
            ?? Resource(template: template, options: notFound, methodNotAllowed: notFound)
        precondition(resource.routes[method] == nil, "Duplicate route: \(method) \(template) is already registered.")
        resource.routes[method] = Route(handler: compose(handler), execution: execution, caching: caching)
        let allow = Router.allowedMethods(resource.routes.keys)
        let notAllowedTemplate = resource.template
        resource.options = compose { _ in Response(status: .noContent, headers: ["Allow": allow]) }
        resource.methodNotAllowed = compose { request in
            throw HTTPError(.methodNotAllowed, kind: "method-not-allowed",
                            detail: "\(request.method) is not allowed on \(notAllowedTemplate); allowed: \(allow).",
                            headers: ["Allow": allow])
        }
        trie[node].resource = resource
        if !segments.contains(where: { if case .parameter = $0 { true } else { false } }) {
            staticNodes[template] = node
        }
        knownMethods.insert(method)
        routeCount += 1
    }

    public mutating func get(
        _ template: String, execution: HandlerExecution = .workerPool, caching: CachePolicy = .uncached,
        handler: @escaping Handler
    ) {
        add(.get, template, execution: execution, caching: caching, handler: handler)
    }

    /// Adds the routes `build` adds to the group, under `prefix` and with the group's cache policy.
    public mutating func group(_ prefix: String, caching: CachePolicy = .uncached, _ build: (inout RouterGroup) -> Void) {
        var group = RouterGroup(prefix: prefix, caching: caching, router: self)
        self = Router()
        build(&group)
        self = group.router
    }

    /// Adds a middleware; the first added is the outermost. Middleware is composed into each route as the
    /// route is added, so all of it comes before the first route.
    public mutating func use(_ middleware: @escaping Middleware) {
        precondition(routeCount == 0, "Router.use: add middleware before the first route.")
        middlewares.append(middleware)
        notFound = compose(Router.notFound)
        notImplemented = compose(Router.notImplemented)
        serverOptions = compose(Router.serverOptions)
    }

    /// Resolves a request to a handler. Unknown paths resolve to a 404 problem, known paths with another
    /// method to a 405 problem with `Allow`, `OPTIONS` to a 204 with `Allow`, a method the server does not
    /// know to a 501 problem; all pass through the middleware.
    public func match(_ request: Request) -> Match {
        if request.target == "*" {
            // `OPTIONS *` asks about the server as a whole (RFC 9110, 9.3.7).
            return Match(handler: serverOptions, execution: .eventLoop, template: "*", parameters: [:], caching: .uncached)
        }
        let path = request.path
        var found: (node: Int, parameters: [String: String])?
        if let node = staticNodes[path] {
            found = (node, [:])
        } else {
            found = trie.match(Substring(path))
        }
        guard let found, let resource = trie[found.node].resource else {
            return fallback(knownMethods.contains(request.method) ? notFound : notImplemented, template: "")
        }
        if let route = resource.routes[request.method] ?? (request.method == .head ? resource.routes[.get] : nil) {
            return Match(handler: route.handler, execution: route.execution, template: resource.template,
                         parameters: found.parameters, caching: route.caching)
        }
        let handler: Handler
        if request.method == .options {
            handler = resource.options
        } else if knownMethods.contains(request.method) {
            handler = resource.methodNotAllowed
        } else {
            handler = notImplemented
        }
        return Match(handler: handler, execution: .eventLoop, template: resource.template,
                     parameters: found.parameters, caching: .uncached)
    }

    private func fallback(_ handler: @escaping Handler, template: String) -> Match {
        Match(handler: handler, execution: .eventLoop, template: template, parameters: [:], caching: .uncached)
    }

    private func compose(_ handler: @escaping Handler) -> Handler {
        var chained = handler
        for middleware in middlewares.reversed() {
            let next = chained
            chained = { request in try middleware(request, next) }
        }
        return chained
    }

    private static func allowedMethods(_ routed: some Sequence<HTTPMethod>) -> String {
        var methods = Set(routed)
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return methods.map(\.rawValue).sorted().joined(separator: ", ")
    }

    @Sendable private static func serverOptions(_ request: Request) -> Response {
        Response(status: .noContent, headers: ["Allow": "GET, HEAD, OPTIONS"])
    }

    @Sendable private static func notFound(_ request: Request) throws -> Response {
        throw HTTPError(.notFound, kind: "not-found", detail: "No resource at \(request.path).")
    }

    /// An unknown method (RFC 9110, 9.1): not a fault of the resource, so no `Allow` either.
    @Sendable private static func notImplemented(_ request: Request) throws -> Response {
        throw HTTPError(.notImplemented, kind: "not-implemented",
                        detail: "\(request.method) is not a method this server implements.")
    }
}
