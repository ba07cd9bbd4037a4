import Foundation
import GRDB
import JSONOutput
@testable import Registry
import RegistryImport
import Testing

/// An import whose batches of inserts are written on a queue of their own while its rows are read: later rows
/// find what earlier rows wrote there, and a batch that fails there fails the whole import, leaving nothing.
@Suite struct BackgroundBatchTests {
    static let mapping = """
        { "source": { "format": "csv", "delimiter": "," },
          "records": [ { "kind": "organisation", "key": ["name", "country"],
                         "fields": { "name": "name", "kind": { "value": "association" }, "country": "country",
                                     "description": "description" } } ] }
        """

    /// Rows enough for many batches: each row holds several inserts (the record, its evidence, its search entry,
    /// its line of the history and of the provenance document, the import's own bookkeeping).
    static let count = BatchedInserts.rowLimit * 2

    /// Each organisation is named twice, the second time from 1 to 799 rows later, the second time with a
    /// description: while a batch is written in the background, rows keep naming organisations whose first rows it
    /// holds, and each is found by its key (in the import's own tables, which the batch writes) and described, not
    /// made again.
    /// With `--skip-invalid` every row runs in a savepoint, and every 97th names a country that is none, which
    /// rejects it after its savepoint began.
    @Test(arguments: [false, true])
    func laterRowsFindWhatEarlierRowsWroteInTheBackground(skipInvalid: Bool) throws {
        var lines: [(position: Int, text: String)] = []
        for number in 0..<Self.count {
            lines.append((2 * number, "Förening \(number),SE,\n"))
            lines.append((2 * number + 1 + 2 * (number * 37 % 400), "Förening \(number),SE,named again\n"))
        }
        var text = "name,country,description\n" + lines.sorted { $0.position < $1.position }.map(\.text).joined()
        let rejected = skipInvalid ? Self.count / 97 : 0
        if skipInvalid {
            var mixed: [String] = []
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                mixed.append(String(line))
                if index > 0 && index % 97 == 0 && mixed.count - index <= rejected { mixed.append("Förening x\(index),ZZ,") }
            }
            text = mixed.joined(separator: "\n")
        }
        let harness = try ImportHarness()
        let report = try harness.run(text: text, name: "twice.csv", mapping: Self.mapping) { $0.skipInvalid = skipInvalid }
        #expect(report.summary == "\(Self.count) created, 0 updated, 0 unchanged, \(rejected) rejected (\(Self.count * 2 + rejected) rows read)")
        #expect(try harness.store.counts()[.organisation, default: 0] == Self.count)
        let described = try harness.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM organisation WHERE json_extract(served, '$.description') = 'named again'") ?? 0
        }
        #expect(described == Self.count)
        // Every record's search entry went in with it.
        let entries = try harness.store.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM search_entry WHERE type = 'organisation'") ?? 0
        }
        #expect(entries == Self.count)
    }

    /// A trigger refuses one organisation's row when its batch is written, in the background: the import fails
    /// with SQLite's reason and leaves the registry as it was.
    @Test func aBatchThatFailsInTheBackgroundFailsTheImport() throws {
        let harness = try ImportHarness()
        let refused = Self.count / 2
        try harness.store.database.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_one BEFORE INSERT ON organisation WHEN NEW.name = 'Förening \(refused)'
                BEGIN SELECT RAISE(ABORT, 'organisation refused by a trigger'); END
                """)
        }
        let before = try harness.footprint()
        let rows = (0..<Self.count).map { "Förening \($0),SE,\n" }.joined()
        let failure = try #require(throws: ImportFailure.self) {
            try harness.run(text: "name,country,description\n" + rows, name: "refused.csv", mapping: Self.mapping)
        }
        #expect(failure.description.contains("organisation refused by a trigger"))
        #expect(try harness.footprint() == before)
        #expect(try harness.store.counts()[.organisation, default: 0] == 0)
    }
}
