import Foundation
import Testing
@testable import Registry
import TestSupport

/// The checksums recorded in every database that exists: a change in how they are computed would make each
/// released migration look edited and stop the server at startup.
@Suite struct MigrationChecksumTests {
    static let released: [String: String] = [
        "0001_schema.sql": "3e1c1f982a734b6aed7f2a194d6fb80428e9747de6e735a07a682a9c7680c137",
        "0002_search.sql": "a0f58c3d5733c37d21fd51f256b5de5eda8e5e3d70b7b7b72db60a033afa4029",
        "0003_search_by_type.sql": "0403ea772c2619b25712e5c1dd70024e443d271b55ab0dc2aaa8c69e3a4e6b41",
        "0004_instance_secret.sql": "ee2b9bdd0b268bac11a87f5fee2a7ab10dbea43d9b3b36eb440d87b8c1b7bb3e",
        "0005_partner_country_index.sql": "c1b5c85646ade3036295a1066ea23092752eb7c8b664b62e0cb1ef7da7e6451c",
        "0006_list_indexes.sql": "05f78f5251be10f3bec22c5b577a9123ee5cdf6335fed344532e6042f82f2941",
        "0007_sort_indexes.sql": "552a08ab3f516d3ef98d07664d046204b09a11019be108c72071a63a249e65a6",
    ]

    @Test func releasedMigrationsKeepTheirRecordedChecksums() throws {
        let loaded = try Migration.load(from: Fixtures.migrations)
        for (fileName, checksum) in MigrationChecksumTests.released {
            let migration = try #require(loaded.first { $0.fileName == fileName }, "\(fileName) is missing")
            #expect(migration.checksum == checksum, "\(fileName)")
        }
    }

    @Test func aDatabaseMigratedBeforeOpensWithoutComplaint() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        _ = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let recorded = try RegistryStore.migrationStatus(path: path, migrationsDirectory: Fixtures.migrations)
        for row in recorded where MigrationChecksumTests.released[row.fileName] != nil {
            #expect(row.checksum == MigrationChecksumTests.released[row.fileName])
            #expect(row.state == .applied)
        }
    }
}
