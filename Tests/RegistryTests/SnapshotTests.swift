import Foundation
@testable import Registry
import Testing
import TestSupport

/// A snapshot is one store's: reads of that store inside it share its connection and see one state of the file,
/// and reads of another store inside it read that other store's file.
@Suite struct SnapshotTests {
    @Test func readsInsideASnapshotGoToTheirOwnStore() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seeded = try Self.seededStore(in: directory)
        let empty = try RegistryStore.open(path: directory.appendingPathComponent("empty.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        let themes = try seeded.count(.theme)
        #expect(themes > 0)

        try seeded.snapshot { () throws -> Void in
            #expect(try seeded.count(.theme) == themes)
            #expect(try empty.count(.theme) == 0)
            #expect(try empty.itemParts(.theme, id: "logistics", language: "en", personal: false) == nil)
            #expect(try seeded.itemParts(.theme, id: "logistics", language: "en", personal: false) != nil)
            try empty.snapshot { () throws -> Void in
                #expect(try empty.count(.theme) == 0)
                #expect(try seeded.count(.theme) == themes)
            }
        }
    }

    /// Every read of a snapshot sees the registry as it was when the snapshot began, whatever is committed
    /// meanwhile.
    @Test func aSnapshotDoesNotSeeWhatIsCommittedDuringIt() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Self.seededStore(in: directory)
        let themes = try store.count(.theme)
        try store.snapshot { () throws -> Void in
            #expect(try store.count(.theme) == themes)
            try store.database.write { db in try db.execute(sql: "DELETE FROM record_theme; DELETE FROM theme WHERE id = 'logistics'") }
            #expect(try store.count(.theme) == themes)
        }
        #expect(try store.count(.theme) == themes - 1)
    }

    /// A store in `directory` holding the seeds.
    private static func seededStore(in directory: URL) throws -> RegistryStore {
        let store = try RegistryStore.open(path: directory.appendingPathComponent("seeded.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        return store
    }
}
