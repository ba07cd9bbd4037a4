/// Routes that share a path prefix (`/v1`) and a cache policy: each route names only the rest of its path.
///
/// ```swift
/// router.group("/v1", caching: .shared(lifetime: .seconds(60))) { v1 in
///     v1.get("/projects/{id}") { request in ... }
/// }
/// ```
public struct RouterGroup {
    /// The prefix put before every template of the group.
    public let prefix: String
    /// The cache policy of the group's routes, unless a route names its own.
    public let caching: CachePolicy
    var router: Router

    /// Adds a route at `prefix + template`.
    public mutating func add(
        _ method: HTTPMethod,
        _ template: String,
        execution: HandlerExecution = .workerPool,
        caching: CachePolicy? = nil,
        handler: @escaping Handler
    ) {
        router.add(method, prefix + template, execution: execution, caching: caching ?? self.caching, handler: handler)
    }

    public mutating func get(
        _ template: String, execution: HandlerExecution = .workerPool, caching: CachePolicy? = nil,
        handler: @escaping Handler
    ) {
        add(.get, template, execution: execution, caching: caching, handler: handler)
    }

    /// A group inside this one: its prefix follows this group's.
    public mutating func group(_ prefix: String, caching: CachePolicy? = nil, _ build: (inout RouterGroup) -> Void) {
        var inner = RouterGroup(prefix: self.prefix + prefix, caching: caching ?? self.caching, router: router)
        router = Router()
        build(&inner)
        router = inner.router
    }
}
