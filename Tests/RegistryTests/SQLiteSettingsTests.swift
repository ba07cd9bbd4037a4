import GRDBSQLite
@testable import Registry
import Testing
import TestSupport

/// SQLite's process-wide settings hold in every process the registry is linked into, this test bundle included,
/// though it opens connections in many places: they are applied before any of them.
@Suite struct SQLiteSettingsTests {
    @Test func sqliteCountsNoAllocationsOnceAStoreHasRead() throws {
        #expect(SQLiteSettings.failure == nil)
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("settings.sqlite").path
        let store = try RegistryStore.open(path: path, migrationsDirectory: Fixtures.migrations)
        let results = try store.search("Hamburg")
        #expect(results.total >= 0)
        // With memory statistics on, SQLite counts every byte it holds; the migrations and the search above
        // allocated many.
        #expect(sqlite3_memory_used() == 0)
        #expect(sqlite3_memory_highwater(0) == 0)
    }
}
