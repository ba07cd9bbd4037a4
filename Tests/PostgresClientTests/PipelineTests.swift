import Foundation
import PostgresClient
import Testing

/// Statements sent without waiting for their results (`send`, libpq's pipeline mode) on a real server: they run in
/// order before the next statement of the connection, a failure among them is told by the next statement (or by
/// `finishPipeline`) and rolls back their transaction, and the connection goes on as before.
@Suite struct PipelineTests {
    /// Runs `body` with a connection and a table of its own, dropped afterwards.
    private static func withTable(_ body: (PostgresConnection, String) throws -> Void) throws {
        let connection = try TestServer.connect()
        let table = TestServer.uniqueName("pipeline")
        try connection.execute("CREATE TABLE \(table) (id bigint PRIMARY KEY, name text NOT NULL)")
        defer { _ = try? TestServer.connect().execute("DROP TABLE \(table)") }
        try body(connection, table)
    }

    @Test func sentStatementsRunInOrderBeforeTheNextStatement() throws {
        try Self.withTable { connection, table throws in
            try connection.transaction { connection throws in
                // More than the pipeline leaves unread, so that it is finished and opened again on the way.
                for id in 1...600 {
                    try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(Int64(id)), .text("row \(id)")])
                }
                try connection.send("UPDATE \(table) SET name = $1 WHERE id = $2", [.text("changed"), .integer(7)])
                #expect(try connection.query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self) == 600)
                #expect(try connection.query("SELECT name FROM \(table) WHERE id = 7")[0].get(0, as: String.self) == "changed")
            }
            #expect(try TestServer.connect().query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self) == 600)
        }
    }

    @Test func aFailureAmongSentStatementsIsToldByTheNextStatementAndRollsBackTheTransaction() throws {
        try Self.withTable { connection, table throws in
            let failure = #expect(throws: PostgresError.self) {
                try connection.transaction { connection throws in
                    try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(1), .text("first")])
                    try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(1), .text("again")])
                    try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(2), .text("after")])
                    _ = try connection.query("SELECT 1")
                }
            }
            #expect(failure?.sqlState == "23505")
            #expect(!connection.isBroken && !connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self) == 0)
            // The statements prepared in the failed pipeline are prepared again where needed.
            try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(3), .text("later")])
            try connection.finishPipeline()
            #expect(try connection.query("SELECT name FROM \(table)")[0].get(0, as: String.self) == "later")
        }
    }

    @Test func aStatementThatCannotBePreparedFailsThePipelineAndIsPreparedAgainAfter() throws {
        let connection = try TestServer.connect()
        let missing = TestServer.uniqueName("missing")
        do {
            try connection.execute("BEGIN")
            try connection.send("INSERT INTO \(missing) (id) VALUES ($1)", [.integer(1)])
            let failure = #expect(throws: PostgresError.self) { try connection.finishPipeline() }
            #expect(failure?.sqlState == "42P01")
            try connection.execute("ROLLBACK")
            // The table exists now: the statement is prepared again, not taken for one that was.
            try connection.execute("CREATE TABLE \(missing) (id bigint)")
            defer { _ = try? connection.execute("DROP TABLE \(missing)") }
            try connection.send("INSERT INTO \(missing) (id) VALUES ($1)", [.integer(1)])
            #expect(try connection.query("SELECT count(*) FROM \(missing)")[0].get(0, as: Int.self) == 1)
        }
    }

    @Test func aPoolRollsBackWhatAConnectionSentAndNoOneReadFailedOrNot() throws {
        try Self.withTable { _, table throws in
            let pool = PostgresPool(url: try TestServer.url(), size: 1, checkoutTimeout: .seconds(5))
            try pool.withConnection { connection throws in
                try connection.execute("BEGIN")
                try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(1), .text("unread")])
                // A failure no one reads either.
                try connection.send("INSERT INTO \(table) (id, name) VALUES ($1, $2)", [.integer(1), .text("again")])
            }
            try pool.withConnection { connection throws in
                #expect(!connection.isInTransaction)
                #expect(try connection.query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self) == 0)
            }
        }
    }

    @Test func aSendRefusedBeforeItWentLeavesTheConnectionUsable() throws {
        let connection = try TestServer.connect()
        // More parameters than the protocol carries: libpq refuses the statement before anything is sent.
        #expect(throws: PostgresError.self) {
            try connection.send("SELECT $1", [PostgresValue](repeating: .integer(1), count: 70_000))
        }
        #expect(try connection.query("SELECT 1")[0].get(0, as: Int.self) == 1)
        #expect(!connection.isBroken)
    }

    /// A server that stops reading (here, busy with a statement while the client sends on) holds no send past the
    /// response timeout: the statements pile up in the client, not in a blocked write.
    @Test func aServerThatStopsReadingFailsASendWithinTheResponseTimeout() throws {
        let connection = try TestServer.connect()
        connection.responseTimeout = .seconds(1)
        let started = ContinuousClock.now
        let failure = #expect(throws: PostgresError.self) {
            try connection.send("SELECT pg_sleep(30)", [])
            let large = String(repeating: "x", count: 100_000)
            for _ in 0..<400 { try connection.send("SELECT length($1)", [.text(large)]) }
            try connection.finishPipeline()
        }
        #expect(failure?.kind == .connectionLost)
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(connection.isBroken)
    }
}
