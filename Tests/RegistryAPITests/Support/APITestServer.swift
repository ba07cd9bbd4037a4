import Foundation
import HTTPServer
import Registry
import RegistryAPI
import TestSupport

/// A real server on a loopback port over a real SQLite file in a temporary directory, loaded from the
/// repository's seeds and migrations; stop it with `stop()`.
final class APITestServer: Sendable {
    let server: Server
    let store: RegistryStore
    let directory: URL
    var port: Int { server.port }

    init(options: APIOptions = APIOptions(), configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        directory = try Fixtures.temporaryDirectory()
        store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                       migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        var router = Router()
        let api = RegistryAPI(store: store, options: options)
        api.install(on: &router)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoopCount = 2
        configure(&configuration)
        if let cache = configuration.responseCache { api.keepCurrent(cache) }
        server = Server(configuration: configuration, router: router)
        try server.start()
    }

    func stop() {
        server.shutdown()
        server.wait()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request (with `Connection: close`) on a new connection and reads its response; throws when
    /// anything but the end of the stream follows the response.
    func request(_ method: String = "GET", _ target: String, headers: [String: String] = [:], body: [UInt8] = []) throws -> RawResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        let client = try RawClient(port: port)
        defer { client.close() }
        try client.send(Array(head.utf8) + body)
        let response = try client.readResponse(method: method)
        let trailing = try client.readToEnd()
        guard trailing.isEmpty else { throw ClientError.malformedResponse("\(trailing.count) bytes after the response") }
        return response
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> RawResponse {
        try request("GET", target, headers: headers)
    }
}
