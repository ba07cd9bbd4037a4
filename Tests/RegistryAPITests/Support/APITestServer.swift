import Foundation
import HTTPServer
import Registry
import RegistryAPI
import TestSupport

/// A real server on a loopback port over a real store loaded from the repository's seeds and migrations: an
/// SQLite file in a temporary directory, or (``TestEngine/postgres``) a PostgreSQL database of its own, a copy
/// of the seeds made by `RegistryCopy`. Stop it with `stop()`.
final class APITestServer: Sendable {
    let server: Server
    /// The store the server answers from.
    let store: any RegistryStorage
    /// The store as SQLite, for what only it does; nil on PostgreSQL, where the tests that need it are skipped.
    let sqlite: RegistryStore?
    /// The database of its own on PostgreSQL, dropped by `stop()`.
    let postgres: PostgresTestDatabase?
    let directory: URL
    var port: Int { server.port }

    convenience init(options: APIOptions = APIOptions(), configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        switch TestEngine.current {
        case .sqlite:
            try self.init(seeds: Fixtures.seeds, options: options, configure: configure)
        case .postgres:
            let directory = try Fixtures.temporaryDirectory()
            let configuration = APITestServer.configuration(configure)
            let database = try PostgresTestDatabase(copying: SeededPostgresTemplate.database.get())
            let store: PostgresRegistryStore
            do {
                store = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations,
                                                       poolSize: configuration.workerCount + 2)
            } catch {
                database.drop()
                throw error
            }
            try self.init(store: store, sqlite: nil, postgres: database, directory: directory, options: options, configuration: configuration)
        }
    }

    /// A server over a store of its own loaded from the seeds of `seeds` (a gazetteer without records makes an
    /// empty registry), on the engine of the run.
    convenience init(seeds: URL, options: APIOptions = APIOptions(), configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        let directory = try Fixtures.temporaryDirectory()
        let configuration = APITestServer.configuration(configure)
        switch TestEngine.current {
        case .sqlite:
            let sqlite = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                                migrationsDirectory: Fixtures.migrations)
            try SeedLoader(seedsDirectory: seeds).load(into: sqlite)
            try self.init(store: sqlite, sqlite: sqlite, postgres: nil, directory: directory, options: options, configuration: configuration)
        case .postgres:
            let database = try PostgresTestDatabase()
            let store: PostgresRegistryStore
            do {
                store = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations,
                                                       poolSize: configuration.workerCount + 2)
                try SeedLoader(seedsDirectory: seeds).load(into: store)
            } catch {
                database.drop()
                throw error
            }
            try self.init(store: store, sqlite: nil, postgres: database, directory: directory, options: options, configuration: configuration)
        }
    }

    /// A server over a PostgreSQL store the caller made and removes; `stop()` leaves the database alone.
    convenience init(serving store: PostgresRegistryStore, options: APIOptions = APIOptions(),
                     configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        try self.init(store: store, sqlite: nil, postgres: nil, directory: try Fixtures.temporaryDirectory(), options: options,
                      configuration: APITestServer.configuration(configure))
    }

    private init(store: any RegistryStorage, sqlite: RegistryStore?, postgres: PostgresTestDatabase?, directory: URL,
                 options: APIOptions, configuration: ServerConfiguration) throws {
        self.store = store
        self.sqlite = sqlite
        self.postgres = postgres
        self.directory = directory
        var router = Router()
        let api = RegistryAPI(store: store, options: options)
        api.install(on: &router)
        if let cache = configuration.responseCache { api.keepCurrent(cache) }
        server = Server(configuration: configuration, router: router)
        try server.start()
    }

    /// A loopback server on a free port with two event loops, changed by `configure`.
    private static func configuration(_ configure: (inout ServerConfiguration) -> Void) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.eventLoopCount = 2
        configure(&configuration)
        return configuration
    }

    func stop() {
        server.shutdown()
        server.wait()
        postgres?.drop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The SQLite store, for what only it does (``RegistryStore/save(_:)``, a second connection to its file);
    /// throws on PostgreSQL, where the tests that need it are skipped (``Trait/sqliteOnly(_:)``).
    func sqliteStore() throws -> RegistryStore {
        guard let sqlite else { throw CocoaError(.featureUnsupported) }
        return sqlite
    }

    /// Loads the seeds of `directory` into the served store again, as a restart of `brobygger serve` does.
    @discardableResult
    func loadSeeds(from directory: URL) throws -> SeedLoadReport {
        if let sqlite { return try SeedLoader(seedsDirectory: directory).load(into: sqlite) }
        return try SeedLoader(seedsDirectory: directory).load(into: postgresStore())
    }

    /// The number of records of every kind.
    func counts() throws -> [RecordKind: Int] {
        if let sqlite { return try sqlite.counts() }
        return try postgresStore().counts()
    }

    /// The id of the latest change in the history.
    func latestChangeID() throws -> Int64 {
        if let sqlite { return try sqlite.latestChangeID() }
        return try postgresStore().latestChangeID()
    }

    private func postgresStore() throws -> PostgresRegistryStore {
        guard let store = store as? PostgresRegistryStore else { throw CocoaError(.featureUnsupported) }
        return store
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
