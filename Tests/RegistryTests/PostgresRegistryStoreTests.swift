import Foundation
import GRDB
import JSONOutput
import PostgresClient
import Locking
import Testing
import TestSupport
@testable import Registry

/// The PostgreSQL store answers as the SQLite store does: the same registry, copied from one to the other,
/// read through both, record by record, in every language, with and without personal details.
@Suite struct PostgresRegistryStoreTests {
    /// An SQLite registry with the seeds, a change and a token, its copy in a new PostgreSQL database, and a
    /// PostgreSQL store over the copy.
    struct Pair {
        let directory: URL
        let database: PostgresTestDatabase
        let sqlite: RegistryStore
        let postgres: PostgresRegistryStore
        let secret: TokenSecret

        init() throws {
            directory = try Fixtures.temporaryDirectory()
            database = try PostgresTestDatabase()
            (sqlite, secret) = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path)
            try RegistryCopy.copy(from: sqlite, to: database.url, migrationsDirectory: Fixtures.migrations)
            postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 4)
        }

        func close() {
            database.drop()
            try? FileManager.default.removeItem(at: directory)
        }

        /// Every id of `kind`, as SQLite has them.
        func ids(_ kind: RecordKind) throws -> [String] {
            try sqlite.read { try String.fetchAll($0, sql: "SELECT id FROM \(kind.rawValue) ORDER BY id") }
        }
    }

    @Test func everyRecordIsServedTheSameWithItsRelationsFindingsAndLabels() throws {
        let pair = try Pair()
        defer { pair.close() }
        #expect(try pair.postgres.counts() == pair.sqlite.counts())
        var compared = 0
        for kind in RecordKind.allCases {
            let ids = try pair.ids(kind)
            #expect(!ids.isEmpty, "\(kind)")
            for language in ["en", "da", "de", "fr"] {
                // In an order of their own, with an id twice and one that does not exist.
                let asked: [String] = Array(ids.reversed()) + Array(ids.prefix(1)) + ["no-such-record"]
                #expect(try pair.postgres.labels(of: kind, ids: asked, language: language)
                    == pair.sqlite.labels(of: kind, ids: asked, language: language), "\(kind) \(language)")
                for id in ids {
                    for personal in [false, true] {
                        #expect(try pair.postgres.servedRecord(kind, id: id, language: language, personal: personal)
                            == pair.sqlite.servedRecord(kind, id: id, language: language, personal: personal), "\(kind)/\(id)")
                    }
                    #expect(try pair.postgres.relatedSummaries(of: kind, id: id, language: language)
                        == pair.sqlite.relatedSummaries(of: kind, id: id, language: language), "\(kind)/\(id) \(language)")
                    // An item's parts, read in one statement on PostgreSQL, as SQLite reads them.
                    for personal in [false, true] {
                        let item = try pair.postgres.itemParts(kind, id: id, language: language, personal: personal)
                        let expected = try pair.sqlite.itemParts(kind, id: id, language: language, personal: personal)
                        #expect(item != nil && item == expected, "\(kind)/\(id) \(language)")
                    }
                    compared += 1
                }
            }
            for id in ids {
                #expect(try pair.postgres.exists(kind, id: id))
                #expect(try pair.postgres.servedFindings(recordKind: kind, recordID: id)
                    == pair.sqlite.servedFindings(recordKind: kind, recordID: id), "\(kind)/\(id)")
            }
            #expect(try !pair.postgres.exists(kind, id: "no-such-record"))
            #expect(try pair.postgres.servedRecord(kind, id: "no-such-record", language: "en", personal: true) == nil)
            #expect(try pair.postgres.itemParts(kind, id: "no-such-record", language: "en", personal: true) == nil)
        }
        #expect(compared > 300)
        for severity in [nil, QualityFinding.Severity.warning, .notice] {
            #expect(try pair.postgres.servedFindings(recordKind: nil, recordID: nil, check: nil, severity: severity)
                == pair.sqlite.servedFindings(recordKind: nil, recordID: nil, check: nil, severity: severity))
        }
        #expect(try !pair.sqlite.servedFindings(recordKind: nil, recordID: nil, check: nil, severity: nil).isEmpty)
        #expect(try Set(pair.postgres.personalContactValues()) == Set(pair.sqlite.personalContactValues()))
        #expect(try !pair.sqlite.personalContactValues().isEmpty)
        #expect(try pair.postgres.secret(named: "cursor-key") == pair.sqlite.secret(named: "cursor-key"))
    }

    @Test func validationFindsTheSameProblems() throws {
        let pair = try Pair()
        defer { pair.close() }
        var checked = 0
        for kind in RecordKind.allCases {
            for id in try pair.ids(kind).prefix(4) {
                let served = try #require(try pair.sqlite.servedRecord(kind, id: id, language: "en", personal: true))
                guard case .object(var members) = try JSONValue(parsing: Array(served.json.utf8)) else { continue }
                #expect(try pair.postgres.problems(of: .object(members), kind: kind) == pair.sqlite.problems(of: .object(members), kind: kind))
                // References to records, places, NUTS codes and documents that do not exist, and a quote that is nowhere.
                members["country"] = .string("XX")
                members["nuts"] = .string("ZZ999")
                members["place"] = .string("no-such-place")
                members["parent"] = .string("no-such-organisation")
                members["programme"] = .string("no-such-programme")
                members["themes"] = .array([.string("no-such-theme")])
                members["evidence"] = .array([.object(["field": .string("name"), "document": .string("no-such-document"), "quote": .string("x")])])
                let expected = try pair.sqlite.problems(of: .object(members), kind: kind)
                #expect(!expected.isEmpty)
                #expect(try pair.postgres.problems(of: .object(members), kind: kind) == expected, "\(kind)/\(id)")
                checked += 1
            }
            #expect(try pair.postgres.problems(of: .array([]), kind: kind) == pair.sqlite.problems(of: .array([]), kind: kind))
        }
        #expect(checked > 20)
        #expect(try pair.postgres.hasSeedVersion(.organisation, id: "kobenhavns-kommune") == pair.sqlite.hasSeedVersion(.organisation, id: "kobenhavns-kommune"))
        #expect(pair.postgres.storageSize() ?? 0 > 1_000_000)
    }

    @Test func theSourceDocumentsAreTheSame() throws {
        let pair = try Pair()
        defer { pair.close() }
        #expect(try pair.postgres.documents() == pair.sqlite.documents())
        #expect(try pair.postgres.documents(includingText: false) == pair.sqlite.documents(includingText: false))
        #expect(try pair.sqlite.documents().count == 5)
        for document in try pair.sqlite.documents() {
            #expect(try pair.postgres.document(id: document.id) == document)
        }
        #expect(try pair.postgres.document(id: "no-such-document") == nil)
    }

    @Test func theRecordsThatReferToOthersAreListedTheSame() throws {
        let pair = try Pair()
        defer { pair.close() }
        for id in try pair.ids(.organisation) + pair.ids(.region) {
            #expect(try pair.postgres.servedPartnerships(withParty: id, language: "da")
                == pair.sqlite.servedPartnerships(withParty: id, language: "da"), "\(id)")
        }
        for id in try pair.ids(.organisation) {
            #expect(try pair.postgres.servedProjects(withPartner: id, language: "de") == pair.sqlite.servedProjects(withPartner: id, language: "de"))
        }
        for id in try pair.ids(.region) {
            #expect(try pair.postgres.servedMembers(ofRegion: id, language: "en") == pair.sqlite.servedMembers(ofRegion: id, language: "en"))
        }
        for id in try pair.ids(.project) {
            #expect(try pair.postgres.listedPartners(ofProject: id) == pair.sqlite.listedPartners(ofProject: id))
        }
        #expect(try pair.postgres.listedPartners(ofProject: "cityregio-ii").count == 15)
    }

    @Test func theCooperationNetworkIsTheSame() throws {
        let pair = try Pair()
        defer { pair.close() }
        let expected = try pair.sqlite.cooperationNetwork()
        let answered = try pair.postgres.cooperationNetwork()
        #expect(expected.nodes.count > 50 && expected.edges.count > 50)
        #expect(Array(answered.nodes) == Array(expected.nodes))
        #expect(Array(answered.edges) == Array(expected.edges))
        // Every relation the network knows is there, the JSON lists' ones included.
        #expect(Set(answered.edges.map(\.relation)) == Set(expected.edges.map(\.relation)))
        #expect(answered.edges.contains { $0.relation == .programme && $0.source.kind == .partnership })
        #expect(try pair.postgres.cooperationNetwork().edges.count == answered.edges.count)
    }

    @Test func aSnapshotSeesTheRegistryAsItWasWhenItBegan() throws {
        let pair = try Pair()
        defer { pair.close() }
        let (before, after) = try pair.postgres.snapshot {
            let before = try pair.postgres.count(.theme)
            // Another connection commits a theme meanwhile.
            try pair.database.connect().execute("""
                INSERT INTO theme (id, origin, name, label_en, label_da, label_de, data)
                VALUES ('snapshot-theme', 'api', 'Snapshot', 'Snapshot', 'Snapshot', 'Snapshot', '{}')
                """)
            return (before, try pair.postgres.count(.theme))
        }
        #expect(before == after)
        #expect(try pair.postgres.count(.theme) == before + 1)
    }

    @Test func theHistoryReadsTheSame() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let (sqlite, _) = try RegistryCopyTests.populatedStore(at: directory.appendingPathComponent("registry.sqlite").path)
        // A record changed, then deleted; a person's contact changed (personal history); moments between them.
        var moments = [Date()]
        Thread.sleep(forTimeInterval: 0.01)
        _ = try sqlite.write(.organisation, .update(id: "copy-harbour", patch: .object(["name": .string("Kopi Havn ApS")])),
                             author: "test", reason: "renamed")
        moments.append(Date())
        Thread.sleep(forTimeInterval: 0.01)
        _ = try sqlite.write(.organisation, .delete(id: "copy-harbour"), author: "test", reason: nil)
        moments.append(Date())
        try RegistryCopy.copy(from: sqlite, to: database.url, migrationsDirectory: Fixtures.migrations)
        let postgres = try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)

        #expect(try postgres.latestChangeID() == sqlite.latestChangeID())
        var queries = [ChangeQuery(), ChangeQuery(kind: .organisation), ChangeQuery(kind: .organisation, recordID: "copy-harbour"),
                       ChangeQuery(recordID: "copy-harbour"), ChangeQuery(since: 80), ChangeQuery(from: moments[0]),
                       ChangeQuery(until: moments[1]), ChangeQuery(kind: .person)]
        var paged = ChangeQuery()
        paged.limit = 7
        paged.offset = 30
        queries.append(paged)
        for query in queries {
            for personal in [false, true] {
                let expected = try sqlite.changes(query, personal: personal)
                let answered = try postgres.changes(query, personal: personal)
                #expect(answered.total == expected.total, "\(query)")
                #expect(answered.changes == expected.changes, "\(query)")
            }
        }
        #expect(try sqlite.changes(ChangeQuery(kind: .organisation, recordID: "copy-harbour"), personal: true).total == 3)
        for id in ["copy-harbour", "kobenhavns-kommune", "no-such-record"] {
            for moment in [Date(timeIntervalSince1970: 0)] + moments {
                #expect(try postgres.record(.organisation, id: id, at: moment, personal: false)
                    == sqlite.record(.organisation, id: id, at: moment, personal: false), "\(id) at \(moment)")
            }
        }
        for id in try sqlite.read({ try String.fetchAll($0, sql: "SELECT id FROM person") }) {
            #expect(try postgres.record(.person, id: id, at: Date(), personal: true) == sqlite.record(.person, id: id, at: Date(), personal: true))
            #expect(try postgres.record(.person, id: id, at: Date(), personal: false) == sqlite.record(.person, id: id, at: Date(), personal: false))
        }
    }

    @Test func tokensWorkAsOnSQLite() throws {
        let pair = try Pair()
        defer { pair.close() }
        let store = pair.postgres
        // The token copied from SQLite authenticates, and its use is recorded.
        let copied = try #require(try store.authenticate(pair.secret))
        #expect(copied.name == "copier" && copied.scope == .write && copied.lastUsedAt != nil)

        let (token, secret) = try store.createToken(name: "editor", scope: .admin)
        #expect(token.name == "editor" && token.scope == .admin)
        #expect(throws: TokenError.nameTaken("editor")) { try store.createToken(name: "editor", scope: .read) }
        #expect(throws: TokenError.invalidName("has space")) { try store.createToken(name: "has space", scope: .read) }
        #expect(try store.tokens().map(\.name) == ["copier", "editor"])
        #expect(try store.authenticate(secret)?.name == "editor")
        #expect(try store.authenticate(TokenSecret.generate()) == nil)

        // A use within the resolution is not written again.
        let now = Date()
        let used = try #require(try store.authenticate(secret, now: now.addingTimeInterval(3_600))).lastUsedAt
        #expect(try store.authenticate(secret, now: now.addingTimeInterval(3_610))?.lastUsedAt == used)
        #expect(try store.token(named: "editor")?.lastUsedAt == used)

        let revoked = try store.revokeToken(named: "editor")
        #expect(revoked.isRevoked)
        #expect(try store.revokeToken(named: "editor").revokedAt == revoked.revokedAt)
        #expect(try store.authenticate(secret) == nil)
        #expect(throws: TokenError.notFound("nobody")) { try store.revokeToken(named: "nobody") }
        #expect(try store.token(named: "nobody") == nil)
    }

    @Test func twoInstancesMakingTheSameSecretKeepOne() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let stores = try (0..<4).map { _ in
            try PostgresRegistryStore.open(url: database.url, migrationsDirectory: Fixtures.migrations, poolSize: 2)
        }
        let secrets = Mutex<[[UInt8]]>([])
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            if let secret = try? stores[index].secret(named: "cursor-key") { secrets.withLock { $0.append(secret) } }
        }
        let made = secrets.withLock { $0 }
        #expect(made.count == stores.count && Set(made).count == 1 && made.first?.count == 32)
    }
}
