import Foundation
import HTTPServer
import PostgresClient
import Registry
@testable import RegistryAPI
import Testing
import TestSupport

/// The API on PostgreSQL where it differs from SQLite: a database that stops answering is a `503` for every
/// request that needs it, and `/readyz` says so, quickly; once the database is back, requests are answered again
/// without a restart; another instance's commit empties the response cache. And the reads of tests that set their
/// data up with SQLite's `save`, on data copied to PostgreSQL.
@Suite(.postgresOnly) struct PostgresServingTests {
    @Test func aStoppedDatabaseIsA503UntilItIsBackAndTheServerNeedsNoRestart() throws {
        let cluster = try PostgresTestCluster()
        defer { cluster.remove() }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try RegistryStore.open(path: directory.appendingPathComponent("seeds.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: seeded)
        try RegistryCopy.copy(from: seeded, to: cluster.url, migrationsDirectory: Fixtures.migrations)
        let store = try PostgresRegistryStore.open(url: cluster.url, migrationsDirectory: Fixtures.migrations, poolSize: 4)
        let server = try APITestServer(serving: store)
        defer { server.stop() }
        let item = "/v1/projects/cityregio-ii"
        // Connections are open in the pool before the database goes away.
        #expect(try APICheck.ok(try server.get(item))["data"] != nil)
        #expect(try server.get("/readyz").status == 200)
        #expect(try server.get("/v1/organisations?limit=2").status == 200)

        try cluster.stop()
        for target in [item, "/v1/organisations?limit=2", "/v1/search?q=harbour", "/v1/changes", item] {
            let began = ContinuousClock.now
            let response = try server.get(target)
            #expect(ContinuousClock.now - began < .seconds(3), "\(target) took \(ContinuousClock.now - began)")
            let problem = try APICheck.problem(response, status: 503, kind: "database-unavailable")
            #expect(response.header("Retry-After") == "5", "\(target)")
            #expect(response.header("Cache-Control") == "no-store", "\(target)")
            // The client learns that the database is away, not where it lives.
            #expect((problem["detail"] as? String)?.contains("127.0.0.1") == false, "\(target)")
        }
        let notReady = try server.get("/readyz")
        try APICheck.problem(notReady, status: 503, kind: "database-unavailable")
        #expect(notReady.header("Retry-After") != nil)
        // Looking a token up needs the database too: no `401` for a token that may well be valid.
        let withToken = try server.get("/v1/tokens", headers: ["Authorization": "Bearer bby_" + String(repeating: "a", count: 43)])
        try APICheck.problem(withToken, status: 503, kind: "database-unavailable")

        try cluster.start()
        #expect(try APICheck.ok(try server.get(item))["data"] != nil)
        #expect(try server.get("/readyz").status == 200)
        #expect(try server.get("/v1/organisations?limit=2").status == 200)
    }

    /// Another instance's commit on the shared database reaches this one through the change feed, which empties
    /// the response cache as a commit of `brobygger import` beside an SQLite server does.
    @Test func anotherInstancesCommitEmptiesTheResponseCache() throws {
        let server = try APITestServer(configure: { $0.responseCache = ResponseCache() })
        defer { server.stop() }
        let store = try #require(server.store as? PostgresRegistryStore)
        store.watchOtherWriters()
        let deadline = ContinuousClock.now + .seconds(10)
        while !store.hearsOtherWriters && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(store.hearsOtherWriters)
        // The feed reports a change when it connects: wait until that has emptied the cache before filling it.
        Thread.sleep(forTimeInterval: 0.2)
        let item = "/v1/themes/transport"
        _ = try server.get(item)
        #expect(try server.get(item).header("Age") != nil)

        let other = try PostgresConnection(url: try #require(server.postgres).url)
        try other.execute("NOTIFY brobygger_changes")
        var fresh = try server.get(item)
        while fresh.header("Age") != nil && ContinuousClock.now < deadline + .seconds(5) {
            Thread.sleep(forTimeInterval: 0.05)
            fresh = try server.get(item)
        }
        #expect(fresh.header("Age") == nil, "still served from the cache")
        #expect(fresh.status == 200)
    }

    /// A server on a PostgreSQL database of its own holding the seeds and what `change` saves to them in SQLite
    /// (`RegistryStore.save`, which PostgreSQL has no counterpart of), copied by `RegistryCopy`: the reads of the
    /// SQLite-only tests that set their data up that way, checked on PostgreSQL's read path.
    static func server(after change: (RegistryStore) throws -> Void) throws -> (server: APITestServer, database: PostgresTestDatabase) {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try RegistryStore.open(path: directory.appendingPathComponent("seeds.sqlite").path,
                                            migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: seeded)
        try change(seeded)
        let database = try PostgresTestDatabase()
        do {
            try RegistryCopy.copy(from: seeded, to: database.url, migrationsDirectory: Fixtures.migrations)
            let store = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 4)
            return (try APITestServer(serving: store), database)
        } catch {
            database.drop()
            throw error
        }
    }

    /// As `FormatsAndCachingTests.relatedRecordsAreNamedInTheRequestedLanguage`, on PostgreSQL.
    @Test func relatedRecordsAreNamedInTheRequestedLanguage() throws {
        let (server, database) = try Self.server { store in
            try store.save(Organisation(id: "harbour-office", name: "Harbour Office", names: ["de": "Hafenamt", "da": "Havnekontor"],
                                        kind: .agency))
            try store.save(Organisation(id: "plain-office", name: "Plain Office", kind: .agency))
            try store.save(Region(id: "harbour-region", name: "Harbour Region", kind: .crossBorderRegion,
                                  members: ["harbour-office", "plain-office"]))
        }
        defer {
            server.stop()
            database.drop()
        }
        func members(_ language: String) throws -> [String] {
            let body = try APICheck.ok(try server.get("/v1/regions/harbour-region?lang=\(language)"))
            let related = body["related"] as? [String: Any]
            return (related?["members"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try members("de") == ["Hafenamt", "Plain Office"])
        #expect(try members("da") == ["Havnekontor", "Plain Office"])
        #expect(try members("en") == ["Harbour Office", "Plain Office"])
    }

    /// As `StoredJSONTests.theNetworkIsWrittenAsTheEncoderWouldWriteIt`, on PostgreSQL: names that need escapes come
    /// back from PostgreSQL's JSON as they went in, and `/v1/network` writes them as the encoder would.
    @Test func theNetworkIsWrittenAsTheEncoderWouldWriteIt() throws {
        let (server, database) = try Self.server { store in
            try store.save(Organisation(id: "escapes", name: "Quotes \" \\ / \u{1}\u{8}\u{C} ✓", kind: .association))
        }
        defer {
            server.stop()
            database.drop()
        }
        let network = try server.store.cooperationNetwork()
        #expect(network.nodes.contains { $0.id == "escapes" })
        let written = NetworkDocuments.Graph.json(network)
        #expect(written == Array(try StoredJSONTests.apiEncoder().encode(NetworkDocuments.Graph(network))))
        let served = try server.get("/v1/network")
        #expect(served.status == 200, "\(served.text.prefix(300))")
        #expect(served.body == written)
    }

    /// The read half of `HistoryRoutesTests.readsBeforeARecordsHistoryAreMarked`, on PostgreSQL: a record the
    /// history records no change of is read as of any time as it is now, marked as not exact.
    @Test func aRecordWithoutHistoryIsReadAsOfATimeAsItIsMarked() throws {
        let (server, database) = try Self.server { store in
            try store.save(Organisation(id: "bulk-verein", name: "Bulk Verein", kind: .association, country: "DE"))
        }
        defer {
            server.stop()
            database.drop()
        }
        let unchanged = try APICheck.ok(try server.get("/v1/organisations/bulk-verein?as_of=1970-01-01T00:00:00Z"))
        #expect(unchanged["exact"] as? Bool == false)
        #expect(unchanged["history_begins"] is NSNull)
        #expect((unchanged["note"] as? String)?.contains("no change") == true)
        #expect((unchanged["data"] as? [String: Any])?["name"] as? String == "Bulk Verein")
    }
}
