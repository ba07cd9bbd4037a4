import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

/// An import's inserts held back and written many to a statement: written before anything else reads or writes,
/// in the order they came for each table, and dropped with a row that fails, while what was held before the row
/// stays, whether or not the row opened its savepoint.
@Suite struct BatchedInsertsTests {
    static let pair = BatchedInserts.Insert(head: "INSERT OR REPLACE INTO pair (key, value)", columns: 2)
    static let note = BatchedInserts.Insert(head: "INSERT OR IGNORE INTO note (text)", columns: 1)

    struct Refused: Error {}

    /// A held record's row as it is stored.
    static func stored(_ id: String) -> StoredRow {
        StoredRow(origin: "api", data: #"{"id":"\#(id)"}"#, served: "{}", sourceFile: nil)
    }

    /// A database file with two tables.
    final class Fixture {
        let directory: URL
        let queue: DatabaseQueue

        init() throws {
            directory = try Fixtures.temporaryDirectory()
            queue = try DatabaseQueue(path: directory.appendingPathComponent("batched.sqlite").path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE pair (key TEXT PRIMARY KEY, value INTEGER)")
                try db.execute(sql: "CREATE TABLE note (text TEXT PRIMARY KEY)")
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
        }

        func pairs(_ db: Database) throws -> [String] {
            try Row.fetchAll(db, sql: "SELECT key, value FROM pair ORDER BY rowid").map { "\($0[0] as String)=\($0[1] as Int? ?? -1)" }
        }

        func notes(_ db: Database) throws -> [String] {
            try String.fetchAll(db, sql: "SELECT text FROM note ORDER BY rowid")
        }
    }

    @Test func heldRowsGoInAsOneStatementAtATimeWouldHavePutThem() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            // More rows than one statement takes, keys met again, and a second table used in between.
            for number in 0..<250 {
                try batched.add(Self.pair, [.text("k\(number % 200)"), .integer(Int64(number))])
                if number % 100 == 0 { try batched.add(Self.note, [.text("n\(number % 200)")]) }
            }
            try batched.add(Self.pair, [.text("null"), .null])
            #expect(try fixture.pairs(db).isEmpty && fixture.notes(db).isEmpty)
            try batched.write()
            #expect(batched.isEmpty)
            var expected: [String: String] = [:]
            var order: [String] = []
            for number in 0..<250 {
                let key = "k\(number % 200)"
                // INSERT OR REPLACE deletes the old row and inserts a new one at the end.
                order.removeAll { $0 == key }
                order.append(key)
                expected[key] = "\(key)=\(number)"
            }
            #expect(try fixture.pairs(db) == order.compactMap { expected[$0] } + ["null=-1"])
            #expect(try fixture.notes(db) == ["n0", "n100"])
            return .commit
        }
    }

    @Test func aBatchIsWrittenWhenItHoldsItsLimit() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            for number in 0..<BatchedInserts.rowLimit {
                try batched.add(Self.note, [.text("n\(number)")])
            }
            #expect(batched.isEmpty)
            // Written in the background: waited for before the connection is read.
            try batched.settle()
            #expect(try fixture.notes(db).count == BatchedInserts.rowLimit)
            return .commit
        }
    }

    /// A full batch goes to the background, and the rows held after it go in after it; statements given to
    /// ``BatchedInserts/writeInBackground(then:)`` run after the rows held, there too.
    @Test func aFullBatchIsWrittenInTheBackgroundBeforeWhatComesAfter() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            for number in 0..<(BatchedInserts.rowLimit * 3 + 7) {
                try batched.add(Self.note, [.text("n\(number)")])
            }
            try batched.writeInBackground(then: ["INSERT INTO pair (key, value) SELECT text, rowid FROM note"])
            try batched.add(Self.note, [.text("last")])
            try batched.write()
            let notes = try fixture.notes(db)
            #expect(notes == (0..<(BatchedInserts.rowLimit * 3 + 7)).map { "n\($0)" } + ["last"])
            #expect(try fixture.pairs(db).count == BatchedInserts.rowLimit * 3 + 7)
            return .commit
        }
    }

    /// A batch that fails in the background (a key met twice by an insert that takes no duplicates) fails the
    /// next use of the connection through the batch, and every one after: nothing more is written.
    @Test func aBatchThatFailsInTheBackgroundFailsWhatComesAfter() throws {
        let fixture = try Fixture()
        let strictNote = BatchedInserts.Insert(head: "INSERT INTO note (text)", columns: 1)
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            try batched.add(strictNote, [.text("twice")])
            for number in 1..<BatchedInserts.rowLimit {
                try batched.add(strictNote, [.text(number == 100 ? "twice" : "n\(number)")])
            }
            #expect(batched.isEmpty)
            #expect(throws: DatabaseError.self) { try batched.write() }
            try batched.add(Self.pair, [.text("after"), .integer(1)])
            #expect(throws: DatabaseError.self) { try batched.settle() }
            #expect(throws: DatabaseError.self) { try batched.write() }
            #expect(try fixture.pairs(db).isEmpty)
            return .rollback
        }
    }

    /// Within a row's savepoint a full batch is written at once, where the row's failure can drop it.
    @Test func aFullBatchWithinARowIsWrittenAtOnce() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            try batched.savepoint {
                for number in 0..<BatchedInserts.rowLimit {
                    try batched.add(Self.note, [.text("n\(number)")])
                }
                // No batch in the background: the connection is read as it is.
                #expect(try fixture.notes(db).count == BatchedInserts.rowLimit)
            }
            return .commit
        }
    }

    /// Rows that each run in a savepoint have their batch written in the background once a row ends with it nearly
    /// full; a row that fails after that takes back only its own rows.
    @Test func aBatchNearlyFullWhenItsRowEndsIsWrittenInTheBackground() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            try batched.savepoint {
                for number in 0..<BatchedInserts.backgroundRowLimit {
                    try batched.add(Self.note, [.text("n\(number)")])
                }
            }
            #expect(batched.isEmpty)
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.add(Self.note, [.text("refused")])
                    throw Refused()
                }
            }
            try batched.add(Self.note, [.text("last")])
            try batched.write()
            #expect(try fixture.notes(db) == (0..<BatchedInserts.backgroundRowLimit).map { "n\($0)" } + ["last"])
            return .commit
        }
    }

    @Test func heldRecordsAreFoundUntilTheirRowFails() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            try batched.addRecord(.organisation, id: "kept", stored: Self.stored("kept"), Self.note, [.text("kept")])
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.addRecord(.organisation, id: "dropped", stored: Self.stored("dropped"), Self.note, [.text("dropped")])
                    #expect(batched.contains(.organisation, id: "dropped"))
                    throw Refused()
                }
            }
            #expect(batched.contains(.organisation, id: "kept") && !batched.contains(.organisation, id: "dropped"))
            #expect(batched.heldRecord(.organisation, id: "kept")?.data == Self.stored("kept").data)
            #expect(batched.heldRecord(.organisation, id: "dropped") == nil)
            #expect(!batched.contains(.project, id: "kept"))
            try batched.write()
            #expect(!batched.contains(.organisation, id: "kept"))
            #expect(try fixture.notes(db) == ["kept"])
            return .commit
        }
    }

    /// A failed row that wrote a row of its own with nothing held, one that only held rows, one that wrote the batch
    /// and a row of its own first, and one that wrote them after holding rows: each leaves what was held before it,
    /// and nothing of its own.
    @Test func aFailedRowDropsItsRowsAndUndoesItsStatements() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            // Nothing held: the row's own statement still runs in its savepoint.
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.write()
                    try db.execute(sql: "INSERT INTO pair (key, value) VALUES ('row 0', 0)")
                    throw Refused()
                }
            }
            try batched.add(Self.note, [.text("before 1")])
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.add(Self.note, [.text("row 1")])
                    throw Refused()
                }
            }
            try batched.add(Self.note, [.text("before 2")])
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    // As a statement of the row does: the batch first, then the statement.
                    try batched.write()
                    try db.execute(sql: "INSERT INTO pair (key, value) VALUES ('row 2', 2)")
                    try batched.add(Self.note, [.text("row 2")])
                    throw Refused()
                }
            }
            try batched.add(Self.note, [.text("before 3")])
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.add(Self.note, [.text("row 3")])
                    try batched.write()
                    try db.execute(sql: "INSERT INTO pair (key, value) VALUES ('row 3', 3)")
                    throw Refused()
                }
            }
            let kept = try batched.savepoint {
                try batched.add(Self.note, [.text("row 4")])
                try batched.write()
                try db.execute(sql: "INSERT INTO pair (key, value) VALUES ('row 4', 4)")
                return "row 4"
            }
            #expect(kept == "row 4")
            try batched.write()
            #expect(try fixture.notes(db) == ["before 1", "before 2", "before 3", "row 4"])
            #expect(try fixture.pairs(db) == ["row 4=4"])
            return .commit
        }
    }

    /// Held rows looked up by their first value give the latest row held of it, also after a failed row dropped
    /// a later one, and nothing once written.
    @Test func heldRowsAreLookedUpByTheirFirstValue() throws {
        let fixture = try Fixture()
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            batched.lookUpRows(of: Self.pair)
            try batched.add(Self.pair, [.text("k1"), .integer(1)])
            try batched.add(Self.note, [.text("k1")])
            try batched.add(Self.pair, [.text("k2"), .integer(2)])
            try batched.add(Self.pair, [.text("k1"), .integer(3)])
            #expect(throws: Refused.self) {
                try batched.savepoint {
                    try batched.add(Self.pair, [.text("k1"), .integer(4)])
                    try batched.add(Self.pair, [.text("k3"), .integer(5)])
                    #expect(batched.heldRow(Self.pair, key: "k1").map(Array.init) == [.text("k1"), .integer(4)])
                    throw Refused()
                }
            }
            #expect(batched.heldRow(Self.pair, key: "k1").map(Array.init) == [.text("k1"), .integer(3)])
            #expect(batched.heldRow(Self.pair, key: "k2").map(Array.init) == [.text("k2"), .integer(2)])
            #expect(batched.heldRow(Self.pair, key: "k3") == nil && batched.heldRow(Self.note, key: "k1") == nil)
            try batched.write()
            #expect(batched.heldRow(Self.pair, key: "k1") == nil)
            #expect(try fixture.pairs(db) == ["k2=2", "k1=3"])
            return .commit
        }
    }

    /// A statement of the batch that fails within a row (here a key met twice by an insert that takes no
    /// duplicates) is an error the row's failure undoes, after other tables' rows were written, not a trap.
    @Test func aStatementThatFailsWithinARowIsAnError() throws {
        let fixture = try Fixture()
        let strictNote = BatchedInserts.Insert(head: "INSERT INTO note (text)", columns: 1)
        try fixture.queue.inTransaction { db in
            let batched = BatchedInserts(writer: SQLiteBatchWriter(db: db))
            try batched.add(Self.note, [.text("before")])
            #expect(throws: DatabaseError.self) {
                try batched.savepoint {
                    try batched.add(Self.pair, [.text("row"), .integer(1)])
                    try batched.add(strictNote, [.text("twice")])
                    try batched.add(strictNote, [.text("twice")])
                    try batched.write()
                }
            }
            #expect(batched.isEmpty)
            try batched.write()
            #expect(try fixture.notes(db) == ["before"] && fixture.pairs(db).isEmpty)
            return .commit
        }
    }
}

