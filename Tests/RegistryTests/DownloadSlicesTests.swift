import Foundation
import GRDB
import JSONOutput
import Testing
import TestSupport
@testable import Registry

/// A download's selection put in order keeps each record's rowid beside its id, and its slices are read by rowid:
/// the records of the ids kept, in their order, and never another record that took the rowid of one deleted since.
@Suite struct DownloadSlicesTests {
    @Test func aSliceServesTheRecordsOfItsIDsAndNotOneThatTookADeletedRowid() throws {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try SeedLoader(seedsDirectory: Fixtures.seeds).load(into: store)
        func body(_ json: String) throws -> JSONValue { try JSONValue(parsing: Array(json.utf8)) }
        func create(_ id: String, _ name: String) throws {
            _ = try store.write(.organisation, .create(body(#"{"id": "\#(id)", "name": "\#(name)", "kind": "association"}"#)),
                                author: "test", reason: nil)
        }
        for number in 0..<5 { try create("dock-\(number)", "Dock \(number)") }

        var query = RecordQuery(kind: .organisation)
        query.sort = [RecordQuery.SortKey(field: .name, descending: true)]
        query.recordKind = "association"
        let ids = try store.selectionIDs(query)
        let all = ids.ids(in: 0..<ids.count)
        #expect(all.count >= 5)
        #expect(ids.rowids(in: 0..<ids.count)?.count == ids.count)
        func served(_ range: Range<Int>) throws -> [String] {
            try store.servedRecords(.organisation, ids: ids, in: range, language: "en", personal: false).map(\.id)
        }
        #expect(try served(0..<ids.count) == all)
        #expect(try served(1..<3) == Array(all[1..<3]))

        // The newest row deleted, and a record created: SQLite gives it the rowid the deleted one had.
        let rowidOf = { (id: String) in
            try store.read { db in try Int64.fetchOne(db, sql: "SELECT rowid FROM organisation WHERE id = ?", arguments: [id]) }
        }
        let freed = try #require(try rowidOf("dock-4"))
        _ = try store.write(.organisation, .delete(id: "dock-4"), author: "test", reason: nil)
        try create("quay-authority", "Quay Authority")
        #expect(try rowidOf("quay-authority") == freed)

        let place = try #require(all.firstIndex(of: "dock-4"))
        #expect(try served(0..<ids.count) == all.filter { $0 != "dock-4" })
        #expect(try served(place..<(place + 1)).isEmpty)
        #expect(try served(0..<place) == Array(all[0..<place]))
    }

    @Test func idsKeepTheirRowidsOnlyWhenEveryIDCameWithOne() {
        var kept = RecordIDs()
        var partly = RecordIDs()
        for (number, id) in ["a", "bb", "ccc"].enumerated() {
            Array(id.utf8).withUnsafeBytes { bytes in
                kept.append(bytes, rowid: Int64(10 * number))
                if number == 0 { partly.append(bytes) } else { partly.append(bytes, rowid: Int64(number)) }
            }
        }
        #expect(kept.rowids(in: 0..<3).map(Array.init) == [0, 10, 20])
        #expect(kept.rowids(in: 1..<2).map(Array.init) == [10])
        #expect(partly.rowids(in: 0..<3) == nil)
        #expect(RecordIDs(["a", "b"]).rowids(in: 0..<2) == nil)
        Array("bb".utf8).withUnsafeBytes { bytes in
            #expect(kept.holds(bytes, at: 1))
            #expect(!kept.holds(bytes, at: 2))
            #expect(!kept.holds(bytes, at: 0))
        }
    }
}
