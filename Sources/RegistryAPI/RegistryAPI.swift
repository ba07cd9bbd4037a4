import Foundation
import HTTPServer
import PostgresClient
import Registry

/// Settings of the REST surface.
public struct APIOptions: Sendable {
    /// Browser origins allowed to read the API (CORS); empty for none, `*` for any.
    public var corsOrigins: [String] = []
    /// How long clients, and the server's response cache, may keep a registry representation.
    public var maxAge: Duration = .seconds(60)

    /// `Cache-Control` for registry representations.
    public var cacheControl: String { "max-age=\(maxAge.components.seconds)" }

    /// What the server's response cache may keep of the registry's representations.
    var caching: CachePolicy { .shared(lifetime: maxAge) }
    /// Failed authentications one client address may make within `authenticationFailureWindow` before it is
    /// answered `429`.
    public var authenticationFailureLimit = 10
    public var authenticationFailureWindow: Duration = .seconds(60)
    /// Whether `PUT`, `PATCH` and `DELETE` must carry `If-Match` (else `428`), so that no client overwrites a
    /// change it has not seen.
    public var requireIfMatch = true
    /// The records a whole-collection download (`limit=all`) reads from the store at a time: what it holds
    /// in memory at once, and how often it goes back to the store.
    public var downloadBatchSize = 1000
    /// The directory of the built-in import profiles, the mappings `POST /v1/imports` may name.
    public var profileDirectory = URL(fileURLWithPath: "profiles")

    public init() {}
}

/// The REST surface of the registry, version 1: installs every route on a router.
///
/// Handlers turn requests into registry queries and registry values into JSON or CSV; they never reach
/// past the store (``RegistryStorage``: SQLite or PostgreSQL), and the HTTP server below knows nothing of the registry.
public struct RegistryAPI: Sendable {
    let context: APIContext
    /// Request and resource metrics, served at `/metrics`; feed it the server's access-log entries.
    public let metrics: APIMetrics

    /// The path of `POST /v1/imports`, whose body is a whole file: give it a body limit of its own
    /// (``ParserLimits/maxBodySizeByPath``).
    public static let importsPath = "/v1/imports"
    /// The body limit of ``importsPath`` unless configured otherwise: 64 MiB.
    public static let defaultImportBodyLimit = 64 * 1024 * 1024

    public init(store: any RegistryStorage, options: APIOptions = APIOptions()) {
        context = APIContext(store: store, options: options)
        metrics = APIMetrics(storageSize: { store.storageSize() })
    }

    /// Empties `cache` whenever the registry's data changes through the store, so that no representation
    /// of data that is gone is served from it.
    public func keepCurrent(_ cache: ResponseCache) {
        context.store.changes.onChange { cache.removeAll() }
    }

    /// Adds the operational routes (`/healthz`, `/readyz`) and the `/v1` resources, with CORS.
    public func install(on router: inout Router) {
        if !context.options.corsOrigins.isEmpty {
            router.use(CORSPolicy(allowedOrigins: context.options.corsOrigins).middleware)
        }
        // Inside CORS, so that a `503` for an unreachable database carries the CORS headers too.
        router.use(PostgresError.availabilityMiddleware)
        OperationsRoutes.install(on: &router, context: context)
        let metrics = self.metrics
        router.get("/metrics") { _ in
            var response = Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                                    body: metrics.exposition())
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.group("/v1", caching: context.options.caching) { v1 in
            ResourceRoutes.install(on: &v1, context: context)
            SearchRoutes.install(on: &v1, context: context)
            NetworkRoutes.install(on: &v1, context: context)
            TokenRoutes.install(on: &v1, context: context)
            WriteRoutes.install(on: &v1, context: context)
            HistoryRoutes.install(on: &v1, context: context)
            ImportRoutes.install(on: &v1, context: context)
        }
        OpenAPIRoutes.install(on: &router, context: context)
    }
}
