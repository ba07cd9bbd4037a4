import HTTPServer
import JSONOutput
import Registry

/// `GET /healthz` (the process answers) and `GET /readyz` (the database answers and the seeds are loaded).
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
                let documents = try context.store.documents(includingText: false).count
                guard documents > 0 else {
                    throw HTTPError(.serviceUnavailable, kind: "not-ready", detail: "The seeds are not loaded.")
                }
                response = Response.json(status("ready", documents: documents))
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
