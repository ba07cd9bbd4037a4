import Foundation
import RegistryAPI
import Testing
import TestSupport

/// `/healthz`, `/readyz`, `HEAD`, `OPTIONS` and CORS.
@Suite struct OperationsRoutesTests {
    @Test func healthAndReadiness() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let health = try server.get("/healthz")
        #expect(health.status == 200)
        #expect(try health.jsonObject()["status"] as? String == "ok")
        #expect(health.header("Cache-Control") == "no-store")
        let ready = try server.get("/readyz")
        #expect(ready.status == 200)
        #expect(ready.header("Content-Type") == "application/json")
        let body = try ready.jsonObject()
        #expect(body["status"] as? String == "ready")
        #expect(body["documents"] as? Int == 5)
        #expect(ready.header("Cache-Control") == "no-store")
    }

    @Test func aRegistryWithoutDocumentsIsReady() throws {
        // Seeds of a gazetteer alone: no records, no documents, and nothing missing.
        let seeds = try Fixtures.gazetteerOnlySeeds()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let server = try APITestServer(seeds: seeds)
        defer { server.stop() }
        let ready = try server.get("/readyz")
        #expect(ready.status == 200, "\(ready.text)")
        #expect(try ready.jsonObject()["documents"] as? Int == 0)
    }

    @Test func metricsTellTheDatabaseSize() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let metrics = try server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Cache-Control") == "no-store")
        let lines = metrics.text.split(separator: "\n")
        let size = lines.first { $0.hasPrefix("database_size_bytes ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect(size == server.store.storageSize().map(Double.init))
        #expect((size ?? 0) > 0)
    }

    @Test func headHasTheHeadersOfGetAndNoBody() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for target in ["/v1/projects/cityregio-ii", "/v1/projects?limit=1", "/v1/documents/cityregio-ii/text", "/v1/themes?format=csv"] {
            let get = try server.get(target)
            let head = try server.request("HEAD", target)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            for name in ["Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control", "Content-Language", "Link"] {
                #expect(head.header(name) == get.header(name), "\(target): \(name)")
            }
            #expect(head.header("Content-Length") == String(get.body.count))
            #expect(try server.request("HEAD", target, headers: ["If-None-Match": get.header("ETag") ?? ""]).status == 304)
        }
        let missing = try server.request("HEAD", "/v1/projects/nope")
        #expect(missing.status == 404)
        #expect(missing.body.isEmpty)
        #expect(missing.header("Content-Type") == "application/problem+json")
    }

    @Test func optionsAndOtherMethods() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let options = try server.request("OPTIONS", "/v1/projects")
        #expect(options.status == 204)
        #expect(options.header("Allow") == "GET, HEAD, OPTIONS, POST")
        #expect(try server.request("OPTIONS", "/v1/projects/cityregio-ii").header("Allow") == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT")
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let response = try server.request(method, "/v1/findings", body: Array("{}".utf8))
            try APICheck.problem(response, status: 405, kind: "method-not-allowed")
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
        }
        try APICheck.problem(try server.request("PUT", "/v1/projects", body: Array("{}".utf8)), status: 405, kind: "method-not-allowed")
    }

    @Test func corsForConfiguredOrigins() throws {
        var options = APIOptions()
        options.corsOrigins = ["https://example.org"]
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let allowed = try server.get("/v1/projects/cityregio-ii", headers: ["Origin": "https://example.org"])
        #expect(allowed.status == 200)
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://example.org")
        #expect(allowed.header("Access-Control-Expose-Headers")?.contains("ETag") == true)
        #expect(allowed.header("Access-Control-Expose-Headers")?.contains("Link") == true)
        #expect(allowed.headers.contains { $0.0 == "Vary" && $0.1.contains("Origin") })

        let error = try server.get("/v1/projects/nope", headers: ["Origin": "https://example.org"])
        try APICheck.problem(error, status: 404, kind: "not-found")
        #expect(error.header("Access-Control-Allow-Origin") == "https://example.org")
        let badParameter = try server.get("/v1/projects?limit=0", headers: ["Origin": "https://example.org"])
        #expect(badParameter.status == 400)
        #expect(badParameter.header("Access-Control-Allow-Origin") == "https://example.org")

        let preflight = try server.request("OPTIONS", "/v1/projects", headers: [
            "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match, Accept-Language",
        ])
        #expect(preflight.status == 204)
        #expect(preflight.body.isEmpty)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://example.org")
        let methods = preflight.header("Access-Control-Allow-Methods") ?? ""
        #expect(methods.contains("GET") && methods.contains("HEAD"))
        let headers = preflight.header("Access-Control-Allow-Headers") ?? ""
        #expect(headers.contains("If-None-Match") && headers.contains("Accept-Language"))
        #expect(Int(preflight.header("Access-Control-Max-Age") ?? "") ?? 0 > 0)

        for origin in ["https://evil.example", "https://example.org.evil.example", "http://example.org"] {
            let other = try server.get("/v1/projects/cityregio-ii", headers: ["Origin": origin])
            #expect(other.status == 200)
            #expect(other.header("Access-Control-Allow-Origin") == nil, "\(origin)")
            let otherPreflight = try server.request("OPTIONS", "/v1/projects", headers: ["Origin": origin, "Access-Control-Request-Method": "GET"])
            #expect(otherPreflight.header("Access-Control-Allow-Origin") == nil)
            #expect(otherPreflight.header("Access-Control-Allow-Methods") == nil)
        }
        let noOrigin = try server.get("/v1/projects/cityregio-ii")
        #expect(noOrigin.header("Access-Control-Allow-Origin") == nil)
    }

    @Test func noCORSHeadersWithoutConfiguration() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/projects", headers: ["Origin": "https://example.org"])
        #expect(response.status == 200)
        #expect(response.header("Access-Control-Allow-Origin") == nil)
        var options = APIOptions()
        options.corsOrigins = ["*"]
        let open = try APITestServer(options: options)
        defer { open.stop() }
        #expect(try open.get("/v1/projects", headers: ["Origin": "https://anything.example"]).header("Access-Control-Allow-Origin") == "*")
    }
}
