import Foundation
import GRDB
import JSONOutput
import PostgresClient
import Locking
import Testing
import TestSupport
@testable import Registry

/// Writes through the PostgreSQL store do what they do through the SQLite store: the same registry, copied from
/// one to the other, takes the same sequence of API writes on both (creates, merge patches, replacements,
/// deletions, resets of seed records, and writes each engine must refuse alike); each gives the same result or
/// the same error, and afterwards the PostgreSQL database, copied back into SQLite, holds row for row what the
/// SQLite database holds: records, links, search entries and aliases, findings, seed versions and history.
@Suite struct PostgresWriteTests {
    typealias Pair = PostgresRegistryStoreTests.Pair

    /// One write on both stores: the same result, or the same error.
    @discardableResult
    func write(_ pair: Pair, _ kind: RecordKind, _ write: RecordWrite, expecting: (Pair) throws -> String? = { _ in nil },
               sourceLocation: SourceLocation = #_sourceLocation) throws -> Result<WriteResult, WriteError> {
        func outcome(_ body: () throws -> WriteResult) throws -> Result<WriteResult, WriteError> {
            do { return .success(try body()) } catch let error as WriteError { return .failure(error) }
        }
        let expected = try expecting(pair)
        let onSQLite = try outcome { try pair.sqlite.write(kind, write, author: "editor", reason: "test", expecting: expected) }
        let onPostgres = try outcome { try pair.postgres.write(kind, write, author: "editor", reason: "test", expecting: expected) }
        #expect(onPostgres == onSQLite, "\(kind) \(write)", sourceLocation: sourceLocation)
        return onSQLite
    }

    func object(_ json: String) throws -> JSONValue {
        try JSONValue(parsing: Array(json.utf8))
    }

    /// The record as served (with personal details), for `If-Match`: the same on both.
    func served(_ kind: RecordKind, _ id: String) -> (Pair) throws -> String? {
        { pair in try pair.sqlite.read { try String.fetchOne($0, sql: "SELECT served FROM \(kind.rawValue) WHERE id = ?", arguments: [id]) } }
    }

    @Test func aSequenceOfWritesLeavesBothDatabasesAlike() throws {
        let pair = try Pair()
        defer { pair.close() }
        let changesBefore = try pair.sqlite.latestChangeID()
        #expect(try pair.postgres.latestChangeID() == changesBefore)

        // Creates: an organisation, a project with partners, themes and evidence, a region listing a member
        // twice, a person with roles.
        #expect(try write(pair, .organisation, .create(object("""
            {"name": "Øresund Test Harbour", "kind": "company", "country": "DK", "themes": ["infrastructure"]}
            """))).get().change != nil)
        _ = try write(pair, .project, .create(object("""
            {"id": "test-bridge", "title": "Test Bridge", "kind": "fundedProject", "programme": "interreg-cityregio-ii",
             "period": {"start": "2021-01-01", "end": "2023-12-31"},
             "total_budget": {"amount": "1000000.00", "currency": "EUR"}, "eu_funding": {"amount": "600000.00", "currency": "EUR"},
             "themes": ["strategic-sites", "human-resources-development"],
             "partners": [{"organisation": "oresund-test-harbour", "listed_name": "Øresund Test Harbour", "role": "lead", "country": "DK"},
                          {"organisation": "stadt-leipzig", "listed_name": "Stadt Leipzig", "role": "partner"}]}
            """))).get()
        _ = try write(pair, .region, .create(object("""
            {"id": "test-strait", "name": "Test Strait", "kind": "crossBorderRegion",
             "members": ["kobenhavns-kommune", "malmo-stad", "kobenhavns-kommune"]}
            """))).get()
        _ = try write(pair, .person, .create(object("""
            {"id": "test-person", "name": "Test Person", "contact": {"email": "test.person@example.org"},
             "roles": [{"role": "Director", "organisation": "oresund-test-harbour"}]}
            """))).get()

        // Changes: a merge patch of a seed project (its seed version and findings are kept), a replacement,
        // a patch that changes nothing.
        _ = try write(pair, .project, .update(id: "city-regio", patch: object(#"{"acronym": "CITYREGIO 2"}"#)),
                  expecting: served(.project, "city-regio")).get()
        _ = try write(pair, .organisation, .replace(id: "oresund-test-harbour", object("""
            {"name": "Øresund Test Harbour A/S", "kind": "company", "country": "DK"}
            """)), expecting: served(.organisation, "oresund-test-harbour")).get()
        #expect(try write(pair, .organisation, .update(id: "oresund-test-harbour", patch: object("{}"))).get().change == nil)

        // Refusals, alike on both: invalid, taken, stale, missing, referenced, no seed version.
        guard case .failure(.invalid(let problems)) = try write(pair, .project, .create(object("""
            {"title": "Bad", "kind": "fundedProject", "programme": "no-such-programme", "period": {"start": "2024-01-01", "end": "2020-01-01"}}
            """))), !problems.isEmpty else { Issue.record("an invalid project was not refused as invalid"); return }
        #expect(try write(pair, .project, .create(object(#"{"id": "test-bridge", "title": "Again", "kind": "fundedProject"}"#)))
            == .failure(.idTaken(.project, "test-bridge")))
        #expect(try write(pair, .project, .update(id: "test-bridge", patch: object(#"{"title": "Stale"}"#)),
                          expecting: { _ in "{}" }) == .failure(.stale(.project, "test-bridge")))
        #expect(try write(pair, .theme, .delete(id: "no-such-theme")) == .failure(.notFound(.theme, "no-such-theme")))
        guard case .failure(.referenced(_, _, let references)) = try write(pair, .organisation, .delete(id: "oresund-test-harbour")),
              references.contains("project/test-bridge (partners)")
        else { Issue.record("a referenced organisation was deleted"); return }
        #expect(try write(pair, .organisation, .reset(id: "oresund-test-harbour"))
            == .failure(.noSeedVersion(.organisation, "oresund-test-harbour")))

        // A reset puts the seed version back with its findings; deletions in the order references allow.
        _ = try write(pair, .project, .reset(id: "city-regio"), expecting: served(.project, "city-regio")).get()
        _ = try write(pair, .person, .delete(id: "test-person"), expecting: served(.person, "test-person")).get()
        _ = try write(pair, .project, .delete(id: "test-bridge"), expecting: served(.project, "test-bridge")).get()
        _ = try write(pair, .organisation, .delete(id: "oresund-test-harbour")).get()
        _ = try write(pair, .region, .delete(id: "test-strait")).get()
        // A seed record deleted keeps its seed version, which a reset brings back.
        _ = try write(pair, .theme, .delete(id: "strategic-sites"))
        // Seed records changed and left so: their seed versions stay, with the findings they had (some, none).
        _ = try write(pair, .project, .update(id: "city-regio", patch: object(#"{"title": "CityRegio, edited"}"#))).get()
        _ = try write(pair, .organisation, .update(id: "stadt-leipzig", patch: object(#"{"name": "Stadt Leipzig (edited)"}"#))).get()
        #expect(try pair.postgres.hasSeedVersion(.theme, id: "strategic-sites") == pair.sqlite.hasSeedVersion(.theme, id: "strategic-sites"))

        #expect(try pair.postgres.latestChangeID() == pair.sqlite.latestChangeID())
        #expect(try pair.sqlite.latestChangeID() > changesBefore + 10)
        #expect(try pair.sqlite.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM seed_override") } == 2)
        try expectSameRows(pair)
    }

    @Test func aResetThatWouldLeaveAReferenceDanglingIsRefusedOnBoth() throws {
        let pair = try Pair()
        defer { pair.close() }
        // The project no longer names its programme, which can then go; the project's seed version still names it.
        _ = try write(pair, .project, .update(id: "cityregio-ii", patch: object(#"{"programme": null}"#))).get()
        _ = try write(pair, .programme, .delete(id: "interreg-cityregio-ii")).get()
        for (engine, reset) in [
            ("SQLite", { try pair.sqlite.write(.project, .reset(id: "cityregio-ii"), author: "editor", reason: nil) }),
            ("PostgreSQL", { try pair.postgres.write(.project, .reset(id: "cityregio-ii"), author: "editor", reason: nil) }),
        ] as [(String, () throws -> WriteResult)] {
            do {
                _ = try reset()
                Issue.record("\(engine) reset a record whose seed version names a deleted programme")
            } catch WriteError.brokenReference(let detail) {
                #expect(detail.contains("cityregio-ii"), "\(engine): \(detail)")
            }
        }
        // Nothing of the refused reset was written.
        try expectSameRows(pair)
        #expect(try pair.sqlite.hasSeedVersion(.project, id: "cityregio-ii"))
    }

    @Test func everyRecordHasTheSameReferencesOnBoth() throws {
        let pair = try Pair()
        defer { pair.close() }
        var referenced = 0
        for kind in RecordKind.allCases {
            for id in try pair.ids(kind) {
                let onSQLite = try pair.sqlite.read { try SQLiteRecordStatements(db: $0).references(to: kind, id: id) }
                let onPostgres = try pair.postgres.read { try PostgresRecordStatements(connection: $0).references(to: kind, id: id) }
                #expect(onPostgres == onSQLite, "\(kind)/\(id)")
                if onSQLite.contains(where: { $0.hasSuffix("(governance)") }) { referenced += 1 }
            }
        }
        // The seeds' partnerships name organisations in their governance bodies.
        #expect(referenced > 0)
    }

    @Test func writesAreHeardAtOnceAndSerialised() throws {
        let pair = try Pair()
        defer { pair.close() }
        let heard = Mutex(0)
        pair.postgres.changes.onChange { heard.withLock { $0 += 1 } }
        // Eight writers at once on a pool of four: every change gets its own id, in commit order.
        let ids = Mutex<[Int64]>([])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let result = try pair.postgres.write(.theme, .create(.object([
                    "id": .string("parallel-\(index)"), "labels": .object(["en": .string("Parallel \(index)"), "da": .string("Parallel \(index)"), "de": .string("Parallel \(index)")]),
                ])), author: "writer-\(index)", reason: nil)
                if let change = result.change { ids.withLock { $0.append(change) } }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let changeIDs = ids.withLock { $0 }.sorted()
        #expect(changeIDs.count == 8)
        #expect(Set(changeIDs).count == 8)
        #expect(heard.withLock { $0 } >= 8)
        let order = try pair.postgres.read { connection in
            try connection.query("SELECT id FROM change WHERE record_kind = 'theme' AND record_id LIKE 'parallel-%' ORDER BY id")
                .rows.map { try $0.get(0, as: Int64.self) }
        }
        #expect(order == changeIDs)
    }

    /// Copies the PostgreSQL database back into a new SQLite file and compares every table with the SQLite
    /// store's, but for the times of changes and loads (each engine's own clock).
    func expectSameRows(_ pair: Pair, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Self.expectSameRows(pair.sqlite, pair.database, directory: pair.directory, sourceLocation: sourceLocation)
    }

    static func expectSameRows(_ sqlite: RegistryStore, _ database: PostgresTestDatabase, directory: URL,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let returned = try RegistryStore.open(path: directory.appendingPathComponent("returned-\(UUID().uuidString).sqlite").path,
                                              migrationsDirectory: Fixtures.migrations)
        try RegistryCopy.copy(from: database.url, to: returned, migrationsDirectory: Fixtures.migrations)
        for store in [sqlite, returned] {
            try store.database.write { db in
                try db.execute(sql: "UPDATE change SET changed_at = ''")
                try db.execute(sql: "UPDATE seed_load SET loaded_at = ''")
            }
        }
        let expected = comparable(try RegistryCopyTests.contents(of: sqlite))
        let actual = comparable(try RegistryCopyTests.contents(of: returned))
        #expect(Set(actual.keys) == Set(expected.keys), sourceLocation: sourceLocation)
        for (table, rows) in expected.sorted(by: { $0.key < $1.key }) {
            let other = actual[table] ?? []
            #expect(other.count == rows.count, "\(table): \(other.count) rows, expected \(rows.count)", sourceLocation: sourceLocation)
            for (index, row) in rows.enumerated() where index < other.count && other[index] != row {
                Issue.record("\(table) differs: \(other[index]) against \(row)", sourceLocation: sourceLocation)
                break
            }
        }
    }

    /// The contents without search entries' ids, which are the index's own: SQLite gives a deleted entry's id to
    /// the next one, PostgreSQL's identity never gives an id twice.
    /// Changes by their order, not their ids: PostgreSQL's identity does not give back the ids of a transaction
    /// rolled back (a dry run) or an import's entry removed because it wrote nothing, SQLite's rowid does.
    static func comparable(_ contents: [String: [[DatabaseValue]]]) -> [String: [[DatabaseValue]]] {
        func sorted(_ rows: [[DatabaseValue]]) -> [[DatabaseValue]] {
            rows.sorted { $0.map(\.description).joined(separator: "\u{1}") < $1.map(\.description).joined(separator: "\u{1}") }
        }
        var contents = contents
        contents["search_entry"] = contents["search_entry"].map { sorted($0.map { Array($0.dropFirst()) }) }
        let ids = (contents["change"] ?? []).compactMap { Int64.fromDatabaseValue($0[0]) }.sorted()
        let rank = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, Int64($0 + 1)) })
        func ranked(_ value: DatabaseValue) -> DatabaseValue {
            Int64.fromDatabaseValue(value).flatMap { rank[$0] }?.databaseValue ?? value
        }
        contents["change"] = contents["change"].map { sorted($0.map { [ranked($0[0])] + $0.dropFirst() }) }
        contents["change_record"] = contents["change_record"].map { sorted($0.map { row in
            row.enumerated().map { $0 == 2 ? ranked($1) : $1 }
        }) }
        // SQLite holds an import's provenance text as a BLOB of its UTF-8 (migration 0022), PostgreSQL as text.
        return RegistryCopyTests.blobsAsText(contents, in: "document")
    }
}
