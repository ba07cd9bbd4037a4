import HTTPServer
import JSONOutput
import PostgresClient
import Registry

/// `GET /healthz` (the process answers) and `GET /readyz` (the database answers and holds documents: the seeds
/// are loaded, or a PostgreSQL database was filled).
enum OperationsRoutes {
    static let healthy = status("ok")

    /// `{"status":…}`, with the number of documents when the registry is ready.
    static func status(_ status: String, documents: Int? = nil) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("status"); json.string(status)
        if let documents { json.key("documents"); json.number(documents) }
        json.endObject()
        return json.bytes
    }

    static func install(on router: inout Router, context: APIContext) {
        router.get("/healthz", execution: .eventLoop) { _ in
            var response = Response.json(healthy)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.get("/readyz") { _ in
            var response: Response
            do {
                // The server listens only once its seeds are loaded, so a store that answers is ready; a registry
                // may hold no documents (seeds of a gazetteer alone, records imported later).
                let documents = try context.store.documents(includingText: false).count
                response = Response.json(status("ready", documents: documents))
            } catch let error as HTTPError {
                response = error.response
            } catch let error as PostgresError {
                // An unreachable PostgreSQL fails within the pool's connect and checkout timeouts (5 s): a probe
                // never hangs, and it gets the `Retry-After` every other request gets.
                response = (error.unavailableProblem
                    ?? HTTPError(.serviceUnavailable, kind: "not-ready", detail: "The database does not answer: \(error)")).response
            } catch {
                response = HTTPError(.serviceUnavailable, kind: "not-ready",
                                     detail: "The database does not answer: \(error)").response
            }
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
