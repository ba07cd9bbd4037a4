import HTTPServer

/// The liveness route: `GET /healthz` answers `200 {"status":"ok"}` while the process serves requests.
public enum HealthRoutes {
    static let body = Array(#"{"status":"ok"}"#.utf8)

    public static func install(on router: inout Router) {
        router.get("/healthz", execution: .eventLoop) { _ in
            var response = Response.json(body)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
