import Foundation
import JSONOutput
import Locking
import Testing
import TestSupport
@testable import Registry
import RegistryImport

/// The cooperation network brought up to date after API writes, reading only the records they changed, is the
/// network a build from all the data makes: the same nodes, edges, roles and fingerprint after every write.
@Suite struct NetworkUpdateTests {
    /// Expects the store's cached network, updated after changes, to be what a build past the cache makes now.
    static func expectUpToDate(_ store: RegistryStore, after what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectSame(try store.cooperationNetwork(), try store.builtCooperationNetwork(), after: what, sourceLocation: sourceLocation)
    }

    /// Expects two networks to hold the same nodes and edges, and so the same arrays and fingerprint.
    static func expectSame(_ actual: CooperationNetwork, _ expected: CooperationNetwork, after what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Array(actual.nodes) == Array(expected.nodes), "nodes after \(what)", sourceLocation: sourceLocation)
        #expect(Array(actual.edges) == Array(expected.edges), "edges after \(what)", sourceLocation: sourceLocation)
        #expect(actual.roleNames == expected.roleNames && actual.countryNames == expected.countryNames,
                "numbered names after \(what)", sourceLocation: sourceLocation)
        #expect(actual.fingerprint == expected.fingerprint, "fingerprint after \(what)", sourceLocation: sourceLocation)
    }

    /// Runs `body` with the populated registry of ``RegistryCopyTests`` in a directory of its own (removed after),
    /// the changes it tells from then on, and the directory.
    static func withPopulatedStore(_ body: (RegistryStore, HeardChanges, URL) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path).store
        try body(store, HeardChanges(store.changes), directory)
    }

    static func object(_ json: String) throws -> JSONValue {
        try JSONValue(parsing: Array(json.utf8))
    }

    /// Writes that add, change and remove nodes and edges of every relation, one at a time, on a seeded registry.
    static func writes() throws -> [(kind: RecordKind, write: RecordWrite)] { [
        // A node in a country no node had, sorted among the seeds' organisations.
        (.organisation, .create(try object(#"{"id": "aa-first-harbour", "name": "First Harbour", "kind": "company", "country": "IS"}"#))),
        (.organisation, .create(try object("""
            {"id": "zz-harbour-department", "name": "Harbour Department", "kind": "municipality", "country": "DK",
             "parent": "kobenhavns-kommune"}
            """))),
        // Partners with roles, one organisation twice (its roles merged on one edge), a predecessor and a programme.
        (.project, .create(try object("""
            {"id": "test-bridge", "title": "Test Bridge", "kind": "fundedProject", "programme": "interreg-cityregio-ii",
             "predecessor": "cityregio-ii",
             "partners": [{"organisation": "aa-first-harbour", "listed_name": "First Harbour", "role": "lead"},
                          {"organisation": "stadt-leipzig", "listed_name": "Stadt Leipzig", "role": "partner"},
                          {"organisation": "aa-first-harbour", "listed_name": "First Harbour (associated)", "role": "associated"}]}
            """))),
        // Members, an office and a membership of a partnership.
        (.region, .create(try object("""
            {"id": "test-strait", "name": "Test Strait", "kind": "crossBorderRegion", "countries": ["DK"],
             "members": ["kobenhavns-kommune", "malmo-stad", "aa-first-harbour"], "office": "zz-harbour-department",
             "memberships": ["copenhagen-malmo-one-city"]}
            """))),
        // Roles in an organisation for a region (acting for it), in a region and in a partnership.
        (.person, .create(try object("""
            {"id": "test-person", "name": "Test Person",
             "roles": [{"role": "Director", "organisation": "aa-first-harbour", "region": "test-strait"},
                       {"role": "Speaker", "region": "test-strait"},
                       {"role": "Observer", "partnership": "copenhagen-malmo-one-city"}]}
            """))),
        // A renamed node, a node moved to another country, partners changed, a region without its members.
        (.organisation, .update(id: "aa-first-harbour", patch: try object(#"{"name": "First Harbour, renamed", "country": "NO"}"#))),
        (.project, .update(id: "test-bridge", patch: try object("""
            {"partners": [{"organisation": "malmo-stad", "listed_name": "Malmö stad", "role": "lead"}], "predecessor": null}
            """))),
        (.region, .update(id: "test-strait", patch: try object(#"{"members": [], "countries": ["DK", "SE"]}"#))),
        // A write that reaches no node: a theme.
        (.theme, .create(try object(#"{"id": "test-theme", "labels": {"en": "Test", "da": "Test", "de": "Test"}}"#))),
        // Seed records changed and put back.
        (.project, .update(id: "city-regio", patch: try object(#"{"title": "CityRegio, edited"}"#))),
        (.project, .reset(id: "city-regio")),
        // Deletions in the order references allow: the edges they had go with them.
        (.person, .delete(id: "test-person")),
        (.region, .delete(id: "test-strait")),
        (.project, .delete(id: "test-bridge")),
        (.organisation, .delete(id: "aa-first-harbour")),
        // A node created again after its deletion.
        (.organisation, .create(try object(#"{"id": "aa-first-harbour", "name": "First Harbour again", "kind": "company"}"#))),
    ] }

    @Test func everyWriteUpdatesTheNetworkToWhatABuildMakes() throws {
        try Self.withPopulatedStore { store, heard, directory in
            let first = try store.cooperationNetwork()
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 1)

            let writes = try Self.writes()
            for (number, (kind, write)) in writes.enumerated() {
                let result = try store.write(kind, write, author: "editor", reason: "network update")
                #expect(result.changed, "write \(number) changed nothing")
                try Self.expectUpToDate(store, after: "write \(number) (\(kind))")
            }
            // Every network after the first was an update, and each write changed the network but the theme's.
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 1)
            #expect(store.networkCache.updates.load(ordering: .relaxed) == writes.count)
            #expect(try store.cooperationNetwork().fingerprint != first.fingerprint)
        }
    }

    @Test func writesBetweenRequestsAreUpdatedTogether() throws {
        try Self.withPopulatedStore { store, heard, directory in
            _ = try store.cooperationNetwork()
            for (kind, write) in try Self.writes().prefix(5) {
                _ = try store.write(kind, write, author: "editor", reason: nil)
            }
            try Self.expectUpToDate(store, after: "five writes")
            #expect(store.networkCache.updates.load(ordering: .relaxed) == 1)
        }
    }

    @Test func aChangeNotKnownRecordByRecordBuildsTheNetworkAgain() throws {
        try Self.withPopulatedStore { store, heard, directory in
            _ = try store.cooperationNetwork()
            // A change written past the API's writes: the store tells it as a change of anything.
            try store.database.write { db in
                try db.execute(sql: "UPDATE organisation SET name = 'Hamburg, written directly' WHERE id = 'hamburg'")
            }
            let network = try store.cooperationNetwork()
            #expect(network.node(NetworkNode.Key(kind: .organisation, id: "hamburg"))?.name == "Hamburg, written directly")
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 2)
            #expect(store.networkCache.updates.load(ordering: .relaxed) == 0)
        }
    }

    /// Two files of projects with their lead organisations, read in one import: the first names an organisation
    /// twice, the second one more.
    static func importFiles(in directory: URL) throws -> [Importer.File] {
        let mapping = try ImportMapping.parse(Data("""
            { "description": "projects with their lead", "source": { "format": "csv", "delimiter": ";" },
              "records": [
                { "name": "lead", "kind": "organisation", "key": ["name", "country"],
                  "fields": { "name": "Lead", "kind": { "value": "municipality" }, "country": { "column": "Land", "parse": "country" } } },
                { "name": "project", "kind": "project", "key": ["acronym"],
                  "fields": { "acronym": "Code", "title": "Title", "kind": { "value": "fundedProject" },
                              "partners": { "append": [ { "fields": { "organisation": { "record": "lead" }, "listed_name": "Lead",
                                                                      "role": { "value": "lead" } } } ] } } } ] }
            """.utf8), file: "network-update.json", name: "network-update")
        let files = [
            ("first.csv", "Code;Title;Lead;Land\nNU1;Network update one;Stadt Flensburg;Deutschland\nNU1;Network update one;Hamburg;Deutschland\n"),
            ("second.csv", "Code;Title;Lead;Land\nNU2;Network update two;Sønderborg Kommune;Danmark\nNU2;Network update two;Stadt Flensburg;Deutschland\n"),
        ]
        return try files.map { name, text in
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return Importer.File(try ImportInput.file(url.path), mapping: mapping)
        }
    }

    @Test func anImportUpdatesTheNetworkFromTheRecordsItWrote() throws {
        try Self.withPopulatedStore { store, heard, directory in
            _ = try store.cooperationNetwork()
            let files = try Self.importFiles(in: directory)

            var dryRun = Importer(mapping: files[0].mapping)
            dryRun.dryRun = true
            _ = try dryRun.run(files, into: store)
            #expect(heard.all.isEmpty)

            let reports = try Importer(mapping: files[0].mapping).run(files, into: store)
            #expect(reports.map(\.created).reduce(0, +) >= 4)
            // Both files' records, each once.
            guard case .records(let keys)? = heard.all.last else {
                Issue.record("the import was heard as \(heard.all)")
                return
            }
            #expect(Set(keys).isSuperset(of: [NetworkNode.Key(kind: .project, id: "nu1"), NetworkNode.Key(kind: .project, id: "nu2"),
                                              NetworkNode.Key(kind: .organisation, id: "sonderborg-kommune-dk")]))
            #expect(Set(keys).count == keys.count)
            try Self.expectUpToDate(store, after: "the import")
            #expect(try store.cooperationNetwork().node(NetworkNode.Key(kind: .project, id: "nu2")) != nil)
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 1)
            #expect(store.networkCache.updates.load(ordering: .relaxed) == 1)
        }
    }

    @Test func anImportOfMoreRecordsThanAnUpdateReadsBuildsTheNetworkAgain() throws {
        try Self.withPopulatedStore { store, heard, directory in
            _ = try store.cooperationNetwork()
            let mapping = try ImportMapping.parse(Data("""
                { "description": "organisations", "source": { "format": "csv" },
                  "records": [ { "kind": "organisation", "key": ["name", "country"],
                                 "fields": { "name": "name", "kind": { "value": "association" }, "country": "country" } } ] }
                """.utf8), file: "organisations.json", name: "organisations")
            let file = directory.appendingPathComponent("organisations.csv")
            let rows = (0...NetworkCache.updateLimit).map { "Association \($0),DE\n" }.joined()
            try Data(("name,country\n" + rows).utf8).write(to: file)
            _ = try Importer(mapping: mapping).run(try ImportInput.file(file.path), into: store)
            #expect(heard.all == [.unknown])
            try Self.expectUpToDate(store, after: "the import")
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 2)
            #expect(store.networkCache.updates.load(ordering: .relaxed) == 0)
        }
    }

    /// Another process on the same file (here another store's connections, which SQLite tells apart the same way):
    /// its import and its write are heard as changes of the records their history entries name, and the network
    /// is updated from them; a commit that makes no history entry is a change of anything.
    @Test func anotherProcesssImportAndWriteUpdateTheNetwork() throws {
        try Self.withPopulatedStore { store, heard, directory in
            store.watchOtherWriters(every: .milliseconds(20))
            _ = try store.cooperationNetwork()
            let other = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                               migrationsDirectory: Fixtures.migrations)

            let files = try Self.importFiles(in: directory)
            _ = try Importer(mapping: files[0].mapping).run(files, into: other)
            let project = NetworkNode.Key(kind: .project, id: "nu2")
            #expect(PostgresChangeFeedTests.eventually {
                if case .records(let keys)? = heard.all.last { keys.contains(project) } else { false }
            }, "heard \(heard.all)")
            try Self.expectUpToDate(store, after: "another process's import")
            #expect(try store.cooperationNetwork().node(project) != nil)

            _ = try other.write(.organisation, .update(id: "hamburg", patch: try Self.object(#"{"name": "Hamburg, from beside"}"#)),
                                author: "editor", reason: nil)
            let hamburg = NetworkNode.Key(kind: .organisation, id: "hamburg")
            #expect(PostgresChangeFeedTests.eventually { heard.all.last == .records([hamburg]) }, "heard \(heard.all)")
            try Self.expectUpToDate(store, after: "another process's write")
            #expect(try store.cooperationNetwork().node(hamburg)?.name == "Hamburg, from beside")
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 1)
            #expect(store.networkCache.updates.load(ordering: .relaxed) == 2)

            let told = heard.all.count
            try other.database.write { db in
                try db.execute(sql: "UPDATE organisation SET name = 'Malmö, written directly' WHERE id = 'malmo-stad'")
            }
            #expect(PostgresChangeFeedTests.eventually { heard.all.count > told && heard.all.last == .unknown }, "heard \(heard.all)")
            try Self.expectUpToDate(store, after: "another process's commit without a history entry")
            #expect(store.networkCache.builds.load(ordering: .relaxed) == 2)
        }
    }

    @Test func aRefusedWriteLeavesNoDescriptionForTheNextCommit() throws {
        try Self.withPopulatedStore { store, heard, directory in

            _ = try store.write(.organisation, .update(id: "hamburg", patch: try Self.object(#"{"name": "Hamburg, patched"}"#)),
                                author: "editor", reason: nil)
            #expect(heard.all == [.records([NetworkNode.Key(kind: .organisation, id: "hamburg")])])
            // Refused inside its transaction (the organisation is referenced), after the write began.
            #expect(throws: WriteError.self) {
                try store.write(.organisation, .delete(id: "stadt-leipzig"), author: "editor", reason: nil)
            }
            // A write that changes nothing commits nothing that is observed.
            _ = try store.write(.organisation, .update(id: "hamburg", patch: try Self.object("{}")), author: "editor", reason: nil)
            try store.database.write { db in
                try db.execute(sql: "UPDATE organisation SET name = 'Malmö, written directly' WHERE id = 'malmo-stad'")
            }
            #expect(heard.all == [.records([NetworkNode.Key(kind: .organisation, id: "hamburg")]), .unknown])
        }
    }
}

/// The same on PostgreSQL: a write brings the writing instance's network up to date, and another instance's
/// through the change feed, whose notifications name the records written.
@Suite struct PostgresNetworkUpdateTests {
    typealias Pair = PostgresRegistryStoreTests.Pair

    @Test func everyWriteUpdatesTheNetworkOnBothEnginesAndOnAnotherInstance() throws {
        let pair = try Pair()
        defer { pair.close() }
        let other = try PostgresRegistryStore.open(url: pair.database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        let heard = HeardChanges(other.changes)
        other.watchOtherWriters()
        #expect(PostgresChangeFeedTests.eventually { other.hearsOtherWriters })
        #expect(PostgresChangeFeedTests.eventually { heard.all == [.unknown] })
        _ = try pair.sqlite.cooperationNetwork()
        _ = try pair.postgres.cooperationNetwork()
        _ = try other.cooperationNetwork()

        let writes = try NetworkUpdateTests.writes()
        for (number, (kind, write)) in writes.enumerated() {
            let onSQLite = try pair.sqlite.write(kind, write, author: "editor", reason: nil)
            let onPostgres = try pair.postgres.write(kind, write, author: "editor", reason: nil)
            #expect(onPostgres.id == onSQLite.id)
            let what = "write \(number) (\(kind))"
            let expected = try pair.postgres.builtCooperationNetwork()
            NetworkUpdateTests.expectSame(try pair.postgres.cooperationNetwork(), expected, after: what)
            NetworkUpdateTests.expectSame(try pair.sqlite.cooperationNetwork(), expected, after: "\(what) on SQLite")
            let key = NetworkNode.Key(kind: kind, id: onPostgres.id)
            #expect(PostgresChangeFeedTests.eventually { heard.all.last == .records([key]) }, "\(what) heard")
            NetworkUpdateTests.expectSame(try other.cooperationNetwork(), expected, after: "\(what) on the other instance")
        }
        // The other instance built its network once, when it first heard (of anything), and updated it since.
        #expect(other.networkCache.builds.load(ordering: .relaxed) == 1)
        #expect(other.networkCache.updates.load(ordering: .relaxed) == writes.count)
    }

    @Test func anImportUpdatesTheNetworkOfAnotherInstance() throws {
        let pair = try Pair()
        defer { pair.close() }
        let other = try PostgresRegistryStore.open(url: pair.database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        let heard = HeardChanges(other.changes)
        other.watchOtherWriters()
        #expect(PostgresChangeFeedTests.eventually { other.hearsOtherWriters })
        #expect(PostgresChangeFeedTests.eventually { heard.all == [.unknown] })
        _ = try other.cooperationNetwork()

        let files = try NetworkUpdateTests.importFiles(in: pair.directory)
        _ = try Importer(mapping: files[0].mapping).run(files, into: pair.postgres)
        let project = NetworkNode.Key(kind: .project, id: "nu2")
        #expect(PostgresChangeFeedTests.eventually {
            if case .records(let keys)? = heard.all.last { keys.contains(project) } else { false }
        })
        NetworkUpdateTests.expectSame(try other.cooperationNetwork(), try pair.postgres.builtCooperationNetwork(), after: "the import")
        #expect(other.networkCache.builds.load(ordering: .relaxed) == 1)
        #expect(other.networkCache.updates.load(ordering: .relaxed) == 1)
    }

    @Test func aPayloadNamesTheRecordsOfAChange() {
        let keys = [NetworkNode.Key(kind: .organisation, id: "hamburg"), NetworkNode.Key(kind: .project, id: "city-regio")]
        #expect(PostgresChangeFeed.payload(of: .records(keys)) == "organisation:hamburg\nproject:city-regio")
        #expect(PostgresChangeFeed.change(fromPayload: "organisation:hamburg\nproject:city-regio") == .records(keys))
        #expect(PostgresChangeFeed.payload(of: .unknown) == "")
        for payload in ["", "hamburg", "organisation:", "document:x", "organisation:hamburg\n"] {
            #expect(PostgresChangeFeed.change(fromPayload: payload) == .unknown, "\(payload)")
        }
        // More records than a notification holds are a change of anything.
        let many = (0..<1_000).map { NetworkNode.Key(kind: .organisation, id: "organisation-with-a-long-id-\($0)") }
        #expect(PostgresChangeFeed.payload(of: .records(many)) == "")
    }
}

/// The changes a store told its handlers, in order.
final class HeardChanges: Sendable {
    private let list = Mutex<[RegistryChange]>([])

    init(_ changes: RegistryChanges) {
        changes.onChange { [weak self] (change: RegistryChange) in self?.list.withLock { $0.append(change) } }
    }

    var all: [RegistryChange] { list.withLock { $0 } }
}
