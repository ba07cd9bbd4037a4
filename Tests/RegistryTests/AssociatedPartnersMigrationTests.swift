import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// Migration 15 widens the roles of a project's partners to `associated` by making `project_partner` again: a
/// registry written before it keeps every partner row, its countries and its triggers.
@Suite struct AssociatedPartnersMigrationTests {
    @Test func aRegistryOfVersion14KeepsItsPartnersAndTakesAssociates() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let older = try Fixtures.migrations(before: "0015", in: directory)
        let path = directory.appendingPathComponent("registry.sqlite").path
        let before = try RegistryStore.open(path: path, migrationsDirectory: older)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: before)
        func contents(_ store: RegistryStore) throws -> [[String]] {
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM project_partner ORDER BY project_id, position").map { row in
                    row.databaseValues.map(\.description)
                } + Row.fetchAll(db, sql: "SELECT * FROM project_country ORDER BY country, project_id").map { row in
                    row.databaseValues.map(\.description)
                }
            }
        }
        let partners = try contents(before)
        #expect(partners.count > 15)

        let after = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        #expect(try after.migrationStatus().allSatisfy { $0.state == .applied })
        #expect(try contents(after) == partners)
        let indexes = try after.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE tbl_name = 'project_partner' AND type IN ('index', 'trigger') ORDER BY name")
        }
        #expect(indexes.contains("project_partner_by_country") && indexes.contains("project_country_on_partner_insert"))

        // An associated partner is written, and counts for the project's countries; another role is refused.
        _ = try after.write(.organisation, .create(.object([
            "id": .string("associate-ab"), "name": .string("Associate AB"), "kind": .string("company"), "country": .string("SE"),
        ])), author: "test", reason: nil)
        _ = try after.write(.project, .update(id: "cityregio-ii", patch: .object(["partners": .array(
            (try after.record(Project.self, id: "cityregio-ii")?.partners ?? []).map { partner in
                .object(["organisation": .string(partner.organisation), "listed_name": .string(partner.listedName),
                         "role": .string(partner.role), "country": partner.country.map { .string($0) } ?? .null])
            } + [.object(["organisation": .string("associate-ab"), "listed_name": .string("Associate AB"), "role": .string("associated")])]
        )])), author: "test", reason: nil)
        #expect(try after.record(Project.self, id: "cityregio-ii")?.partners.last?.role == "associated")
        #expect(try after.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM project_country WHERE country = 'SE' AND project_id = 'cityregio-ii')")
        } == true)
        #expect(throws: WriteError.self) {
            try after.write(.project, .update(id: "cityregio-ii", patch: .object(["partners": .array([.object([
                "organisation": .string("associate-ab"), "listed_name": .string("Associate AB"), "role": .string("observer"),
            ])])])), author: "test", reason: nil)
        }
        // The partner count a project declares leaves associates out.
        let finding = try after.findings(recordKind: .project, recordID: "cityregio-ii").first { $0.check == .partnerCount }
        #expect(finding?.computed == "15")
    }
}
