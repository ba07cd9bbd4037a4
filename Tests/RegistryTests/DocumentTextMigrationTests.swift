import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// Migration 22 makes `document` again with its text as the row's last column, of any type: a registry written
/// before it keeps every document and the evidence that quotes them, and its documents read as before.
@Suite struct DocumentTextMigrationTests {
    @Test func aRegistryOfVersion21KeepsItsDocumentsAndTheirEvidence() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = try Fixtures.migrations(before: "0022", in: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        let before = try RegistryStore.open(path: path, migrationsDirectory: older)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: before)
        func contents(_ store: RegistryStore) throws -> [[String]] {
            try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, file_name, language, title, source, text, sha256, scalar_count FROM document ORDER BY id
                    """).map { $0.databaseValues.map(\.description) }
                    + Row.fetchAll(db, sql: "SELECT * FROM evidence ORDER BY record_kind, record_id, position")
                    .map { $0.databaseValues.map(\.description) }
            }
        }
        let documents = try before.documents()
        #expect(documents.count == 5)
        let rows = try contents(before)
        #expect(rows.count > documents.count + 20)

        let after = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(try after.migrationStatus().allSatisfy { $0.state == .applied })
        #expect(try contents(after) == rows)
        #expect(try after.documents() == documents)
        let columns = try after.read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(document)").map { "\($0["name"] as String) \($0["type"] as String)" }
        }
        #expect(columns.last == "text ANY")
        #expect(try after.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)

        // Evidence is still found in the documents' text: a write that quotes one is placed where the quote is.
        let document = try #require(documents.first)
        let quote = String(document.text.prefix(40))
        _ = try after.write(.organisation, .create(.object([
            "id": .string("quoting-ab"), "name": .string("Quoting AB"), "kind": .string("company"),
            "evidence": .array([.object(["document": .string(document.id), "quote": .string(quote)])]),
        ])), author: "test", reason: nil)
        let evidence = try #require(try after.record(Organisation.self, id: "quoting-ab")?.evidence.first)
        #expect(evidence.start == 0 && evidence.quote == quote)
    }
}
