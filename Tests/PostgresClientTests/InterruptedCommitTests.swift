import Foundation
import PostgresClient
import Testing

/// A connection lost while its `COMMIT` is under way leaves the client not knowing whether the change was made.
/// `PostgresPool.withTransaction` asks the server (`txid_status`) on a new connection: a commit the server made
/// is the transaction's value, one it never saw is the lost connection's error. The connection is cut by a relay
/// in front of the real server, at the `COMMIT`.
@Suite struct InterruptedCommitTests {
    /// Runs `body` with a table of its own on the test server and a pool that reaches the server through a relay
    /// cutting at `cut`; the relay is stopped and the table dropped afterwards.
    private static func withRelay(cutting cut: CommitCuttingProxy.Cut,
                                  _ body: (_ table: String, _ proxy: CommitCuttingProxy, _ pool: PostgresPool) throws -> Void) throws {
        let table = TestServer.uniqueName("interrupted")
        try TestServer.connect().execute("CREATE TABLE \(table) (id integer PRIMARY KEY)")
        let server = try TestServer.url()
        let proxy = try CommitCuttingProxy(upstreamPort: server.port, cut: cut)
        defer { proxy.stop(); _ = try? TestServer.connect().execute("DROP TABLE \(table)") }
        var relayed = server
        relayed.host = "127.0.0.1"
        relayed.port = proxy.port
        try body(table, proxy, PostgresPool(url: relayed, size: 2, checkoutTimeout: .seconds(5)))
    }

    private static func rows(_ table: String) throws -> Int {
        try TestServer.connect().query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self)
    }

    @Test func aCommitWhoseAnswerWasLostIsFoundCommitted() throws {
        try Self.withRelay(cutting: .afterTheServerCommits) { table, proxy, pool throws in
            let value = try pool.withTransaction { connection in
                try connection.execute("INSERT INTO \(table) VALUES (1)")
                return 42
            }
            #expect(value == 42)
            #expect(proxy.cuts == 1)
            #expect(try Self.rows(table) == 1)
        }
    }

    /// Without the lookup, the same cut is an error although the row was written: what the lookup is for.
    @Test func aPlainTransactionCannotTellTheSameCommitFromAFailure() throws {
        try Self.withRelay(cutting: .afterTheServerCommits) { table, proxy, pool throws in
            let error = #expect(throws: PostgresError.self) {
                try pool.withConnection { connection in
                    try connection.transaction { connection in try connection.execute("INSERT INTO \(table) VALUES (1)") }
                }
            }
            #expect(error?.kind == .connectionLost)
            #expect(error?.interruptedTransaction == nil)
            #expect(proxy.cuts == 1)
            #expect(try Self.rows(table) == 1)
        }
    }

    @Test func aCommitTheServerNeverSawIsTheLostConnectionsError() throws {
        try Self.withRelay(cutting: .beforeTheServerSeesTheCommit) { table, proxy, pool throws in
            let error = #expect(throws: PostgresError.self) {
                try pool.withTransaction { connection in
                    try connection.execute("INSERT INTO \(table) VALUES (1)")
                    return 42
                }
            }
            #expect(error?.kind == .connectionLost)
            #expect(error?.interruptedTransaction != nil)
            #expect(proxy.cuts == 1)
            #expect(try Self.rows(table) == 0)
        }
    }

    /// A transaction that wrote nothing has no id, so there is nothing to look up: the lost connection's error at once.
    @Test func aTransactionThatWroteNothingHasNoIDToLookUp() throws {
        try Self.withRelay(cutting: .beforeTheServerSeesTheCommit) { table, proxy, pool throws in
            let error = #expect(throws: PostgresError.self) {
                try pool.withTransaction { connection in try connection.query("SELECT count(*) FROM \(table)")[0].get(0, as: Int.self) }
            }
            #expect(error?.kind == .connectionLost)
            #expect(error?.interruptedTransaction == nil)
        }
    }
}
