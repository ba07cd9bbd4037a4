import Foundation
import GRDB
import PostgresClient
import Testing
import TestSupport
@testable import Registry
import RegistryImport

/// Imports run on PostgreSQL as on SQLite: each built-in profile over its real-file excerpt, imported into the
/// same seeded registry on both engines, gives the same report and leaves the same rows in every table (records,
/// links, gazetteer, provenance document, search entries, findings, the import's history entry); a dry run
/// and a refused import leave nothing behind; importing the file again changes nothing.
@Suite struct PostgresImportTests {
    static let fixtures = Fixtures.repository.appendingPathComponent("Tests/ImportTests/Fixtures")
    static let profiles = ProfileLibrary(directory: Fixtures.repository.appendingPathComponent("profiles"))

    static let excerpts: [(file: String, profile: String)] = [
        ("NUTS2021_eurostat_cp1252.excerpt.csv", "nuts-2021"),
        ("erdf_thueringen_2014-2020_operations.excerpt.csv", "erdf-operations-thueringen"),
        ("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv", "eurostat-metro-population"),
        ("kohesio_beneficiaries_CEE.excerpt.tsv", "kohesio-beneficiaries"),
        ("se_interreg_partners_2021-2027.excerpt.json", "interreg-partners-se"),
        ("ua_de_twinning_partners.excerpt.json", "skew-municipal-partnerships"),
    ]

    /// The report's parts that say what the import did, comparable across engines.
    static func outcome(_ report: ImportReport) -> String {
        "read \(report.rowsRead) skipped \(report.rowsSkipped) created \(report.created) updated \(report.updated) "
            + "unchanged \(report.unchanged) rejected \(report.rejected) document \(report.provenanceDocument)"
    }

    func run(_ file: String, _ profile: String, into store: some ImportTarget, dryRun: Bool = false) throws -> ImportReport {
        var importer = Importer(mapping: try Self.profiles.mapping(named: profile))
        importer.skipInvalid = true
        importer.dryRun = dryRun
        return try importer.run(try ImportInput.file(Self.fixtures.appendingPathComponent(file).path), into: store)
    }

    @Test func everyProfileImportsTheSameOnBoth() throws {
        let pair = try PostgresRegistryStoreTests.Pair()
        defer { pair.close() }
        for (file, profile) in Self.excerpts {
            // A dry run writes nothing on either engine.
            let changes = try pair.postgres.latestChangeID()
            let dry = try run(file, profile, into: pair.postgres, dryRun: true)
            #expect(Self.outcome(dry) == Self.outcome(try run(file, profile, into: pair.sqlite, dryRun: true)), "\(profile), dry run")
            #expect(try pair.postgres.latestChangeID() == changes, "\(profile)")

            let onPostgres = try run(file, profile, into: pair.postgres)
            let onSQLite = try run(file, profile, into: pair.sqlite)
            #expect(Self.outcome(onPostgres) == Self.outcome(onSQLite), "\(profile)")
            #expect(onPostgres.created > 0, "\(profile)")
        }
        try PostgresWriteTests.expectSameRows(pair.sqlite, pair.database, directory: pair.directory)

        // Again: nothing changes, and no history entry is made.
        let entries = try pair.postgres.latestChangeID()
        for (file, profile) in Self.excerpts {
            let again = try run(file, profile, into: pair.postgres)
            #expect(again.created == 0 && again.updated == 0, "\(profile): \(Self.outcome(again))")
        }
        #expect(try pair.postgres.latestChangeID() == entries)
    }

    @Test func anImportThatFailsLeavesNothingBehind() throws {
        let pair = try PostgresRegistryStoreTests.Pair()
        defer { pair.close() }
        let changes = try pair.postgres.latestChangeID()
        let counts = try pair.postgres.counts()
        // The twentieth row's first date is no date: without skipping invalid rows the import is refused whole,
        // after nineteen rows were written in its transaction.
        let excerpt = try String(contentsOf: Self.fixtures.appendingPathComponent("erdf_thueringen_2014-2020_operations.excerpt.csv"),
                                 encoding: .utf8)
        var lines = excerpt.components(separatedBy: "\n")
        let broken = try #require(lines[20].range(of: #"[0-9]{2}\.[0-9]{2}\.[0-9]{4}"#, options: .regularExpression))
        lines[20].replaceSubrange(broken, with: "32.13.2015")
        let file = pair.directory.appendingPathComponent("erdf-broken.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let importer = Importer(mapping: try Self.profiles.mapping(named: "erdf-operations-thueringen"))
        #expect(throws: ImportFailure.self) { try importer.run(try ImportInput.file(file.path), into: pair.postgres) }
        #expect(try pair.postgres.latestChangeID() == changes)
        #expect(try pair.postgres.counts() == counts)
        #expect(try pair.postgres.documents(includingText: false).allSatisfy { !$0.id.hasPrefix("import-") })
    }

    /// Rows refused with `--skip-invalid` after their lead was read, changed or made (`refused-rows.csv`): what
    /// each wrote before it was refused is undone on PostgreSQL as on SQLite, and every row has its line in the
    /// provenance document.
    @Test func refusedRowsLeaveTheSameRowsOnBoth() throws {
        let pair = try PostgresRegistryStoreTests.Pair()
        defer { pair.close() }
        var importer = Importer(mapping: try ImportMapping.parse(
            Data(contentsOf: Self.fixtures.appendingPathComponent("refused-rows.mapping.json")), file: "refused-rows.mapping.json",
            name: "refused-rows"))
        importer.skipInvalid = true
        let input = try ImportInput.file(Self.fixtures.appendingPathComponent("refused-rows.csv").path)
        let onPostgres = try importer.run(input, into: pair.postgres)
        #expect(Self.outcome(onPostgres) == Self.outcome(try importer.run(input, into: pair.sqlite)))
        #expect(onPostgres.summary == "4 created, 0 updated, 0 unchanged, 3 rejected (5 rows read)")
        try PostgresWriteTests.expectSameRows(pair.sqlite, pair.database, directory: pair.directory)
    }

    /// Runs `body` with an import's statements on PostgreSQL, batched, in a transaction rolled back afterwards, its
    /// provenance document begun for a file named `file`.
    static func withImportStatements(file: String, _ body: (PostgresConnection, BatchedInserts, PostgresRecordStatements) throws -> Void) throws {
        let pair = try PostgresRegistryStoreTests.Pair()
        defer { pair.close() }
        let connection = try pair.database.connect()
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        let batched = BatchedInserts(writer: PostgresBatchWriter(connection: connection))
        let statements = PostgresRecordStatements(connection: connection, batched: batched)
        try statements.beginImport(ProvenanceDocument.forImport(file: "\(file).csv", sha256: String(repeating: "0", count: 64),
                                                                mapping: file, mappingDigest: String(repeating: "1", count: 64)))
        try body(connection, batched, statements)
    }

    /// The records an import touched are read back a page at a time, every one once, in label order (as PostgreSQL's
    /// "C" collation and SQLite order them: by their bytes), with the hash each was noted with.
    @Test func theTouchedRecordsAreReadBackPageByPageEachOnce() throws {
        try Self.withImportStatements(file: "touched") { connection, batched, statements throws in
            // Two pages and a part, and labels whose order by bytes is not their order by letters.
            let count = 2 * PostgresRecordStatements.touchedPage + 3
            var noted: [String: Int?] = [:]
            for number in 0..<count {
                let label = "organisation/" + (number % 3 == 0 ? "Å" : number % 3 == 1 ? "a" : "Z") + "-\(number)"
                let hash: Int? = number % 5 == 0 ? nil : number * 7
                noted[label] = hash
                try statements.noteTouched(label, beforeHash: hash)
            }
            try batched.write()
            var read: [(String, Int?)] = []
            try statements.forEachTouched { read.append(($0, $1)) }
            let expected = noted.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(read.count == expected.count)
            let differing = Array(zip(read.map(\.0), expected)).firstIndex { $0.0 != $0.1 }
            #expect(differing == nil, "first label out of place at \(differing ?? 0)")
            #expect(read.allSatisfy { noted[$0.0] == .some($0.1) })
        }
    }

    /// A key remembered again while the batch holds it (PostgreSQL refuses a statement that updates a row twice):
    /// the latest id is known at once and is the one kept.
    @Test func aKeyRememberedAgainKeepsItsLatestID() throws {
        try Self.withImportStatements(file: "keys") { connection, batched, statements throws in
            // More than the batch writes a statement of ten rows for.
            let ids = (1...12).map { "id-\($0 / 2)" }
            for id in ids {
                try statements.remember(ids: ["organisation|[\"Key\",\"DK\"]": id, "organisation|[\"Other\",\"DK\"]": "other"])
                #expect(try statements.knownID(forKey: "organisation|[\"Key\",\"DK\"]") == id)
            }
            try batched.write()
            let rows = try connection.query("SELECT key, id FROM import_key ORDER BY key").rows.map { "\(try $0.get(0, as: String.self))=\(try $0.get(1, as: String.self))" }
            #expect(rows == ["organisation|[\"Key\",\"DK\"]=id-6", "organisation|[\"Other\",\"DK\"]=other"])
            #expect(try statements.madeID("id-3") && statements.madeID("other") && !statements.madeID("id-7"))
        }
    }
}

