import HTTPServer
import Registry

/// `GET /healthz` (the process answers) and `GET /readyz` (the database answers and the seeds are loaded).
enum OperationsRoutes {
    static let healthy = Array(#"{"status":"ok"}"#.utf8)

    static func install(on router: inout Router, context: APIContext) {
        router.get("/healthz", execution: .eventLoop) { _ in
            var response = Response.json(healthy)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get("/readyz") { _ in
            var response: Response
            do {
                let documents = try context.store.documents(includingText: false).count
                guard documents > 0 else {
                    throw HTTPError(.serviceUnavailable, kind: "not-ready", detail: "The seeds are not loaded.")
                }
                response = Response.json(Array(#"{"status":"ready","documents":\#(documents)}"#.utf8))
            } catch let error as HTTPError {
                response = error.response
            } catch {
                response = HTTPError(.serviceUnavailable, kind: "not-ready",
                                     detail: "The database does not answer: \(error)").response
            }
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
