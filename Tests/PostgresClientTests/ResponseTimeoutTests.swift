import Foundation
import PostgresClient
import Testing

/// A server that stops answering (a stopped process, a network partition) drops no connection: statements wait
/// for their answer at most the response timeout, then fail as a lost connection that is not used again, and a
/// connection to a server that accepts but never answers fails within the connect timeout.
@Suite struct ResponseTimeoutTests {
    @Test func aStatementUnansweredInTimeFailsAndBreaksTheConnection() throws {
        for statement in ["simple", "prepared"] {
            let connection = try TestServer.connect()
            connection.responseTimeout = .milliseconds(300)
            let started = ContinuousClock.now
            let error = #expect(throws: PostgresError.self) {
                if statement == "simple" {
                    try connection.execute("SELECT pg_sleep(5)")
                } else {
                    try connection.query("SELECT pg_sleep($1)", [.double(5)])
                }
            }
            let waited = ContinuousClock.now - started
            #expect(error?.kind == .connectionLost, "\(statement)")
            #expect(error?.message.contains("did not answer within") == true, "\(statement)")
            #expect(waited >= .milliseconds(250) && waited < .seconds(3), "\(statement): \(waited)")
            #expect(connection.isBroken, "\(statement)")
        }
    }

    @Test func workWithoutTheTimeoutWaitsAsLongAsItTakes() throws {
        let connection = try TestServer.connect()
        connection.responseTimeout = .milliseconds(100)
        _ = try connection.withoutResponseTimeout { try connection.execute("SELECT pg_sleep(0.4)") }
        #expect(connection.responseTimeout == .milliseconds(100))
        #expect(!connection.isBroken)
        #expect(try connection.query("SELECT 3")[0].get(0, as: Int.self) == 3)
    }

    @Test func severalStatementsAnswerAsOneExecuteDid() throws {
        let connection = try TestServer.connect()
        connection.responseTimeout = .seconds(10)
        // The last result, or the first error.
        #expect(try connection.execute("SELECT 1; SELECT 2")[0].get(0, as: Int.self) == 2)
        let error = #expect(throws: PostgresError.self) { try connection.execute("SELECT 1/0; SELECT 2") }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "22012")
        #expect(!connection.isBroken)
        #expect(try connection.query("SELECT 4")[0].get(0, as: Int.self) == 4)
    }

    @Test func aPoolReplacesAConnectionWhoseAnswerDidNotCome() throws {
        var url = try TestServer.url()
        url.options["response_timeout"] = "0.3"
        let pool = PostgresPool(url: url, size: 1)
        let error = #expect(throws: PostgresError.self) {
            try pool.withConnection { connection in try connection.query("SELECT pg_sleep(5)") }
        }
        #expect(error?.kind == .connectionLost)
        #expect(pool.openConnections == 0)
        #expect(try pool.withConnection { try $0.query("SELECT 1")[0].get(0, as: Int.self) } == 1)
        #expect(pool.openConnections == 1)
    }

    @Test func aServerThatAcceptsButNeverAnswersFailsTheConnect() throws {
        // A listening socket that never accepts: the kernel completes the handshake, and nothing answers.
        let listener = try LoopbackListener(backlog: 8)
        defer { listener.close() }
        let url = PostgresURL(user: "nobody", host: "127.0.0.1", port: listener.port, database: "none",
                              options: ["connect_timeout": "2"])
        let started = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }
        #expect(error?.kind == .connectionFailed)
        #expect(ContinuousClock.now - started < .seconds(6))
    }
}
