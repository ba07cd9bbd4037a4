import Foundation
import PostgresClient
import Testing

/// One connection against the real server: values of every kind round-trip, statements are prepared once,
/// errors carry the server's SQLSTATE, transactions commit or roll back.
@Suite struct PostgresConnectionTests {
    @Test func failsClearlyWhenNothingListens() throws {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(url: PostgresURL(user: "nobody", host: "127.0.0.1", port: 1, database: "none"))
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1:1") == true)
    }

    @Test func connectsThroughTheServersUnixSocket() throws {
        guard let directory = ProcessInfo.processInfo.environment["BROBYGGER_TEST_POSTGRES_SOCKET_DIRECTORY"] else {
            throw TestServer.Missing()
        }
        var url = try TestServer.url()
        url.host = directory
        let connection = try PostgresConnection(url: try PostgresURL(parsing: url.description))
        // A connection over a Unix-domain socket has no server address.
        #expect(try connection.query("SELECT inet_server_addr() IS NULL")[0].get(0, as: Bool.self))
        #expect(try TestServer.connect().query("SELECT inet_server_addr() IS NULL")[0].get(0, as: Bool.self) == false)
    }

    @Test func valuesOfEveryKindRoundTrip() throws {
        let connection = try TestServer.connect()
        let unicode = "Ærø – Łódź – 東京 – 🌉 – \u{0301}e"
        let large = String(repeating: "Brobygger ✓ ", count: 100_000)
        let bytes = (0...255).map { UInt8($0) } + [0, 0, 255]
        let hostile = "'); DROP TABLE pg_class; --"
        let row = try connection.query(
            "SELECT $1::text AS unicode, $2::text AS large, $3::bytea AS bytes, $4::bigint AS smallest, $5::bigint AS largest, $6::float8 AS pi, $7::float8 AS infinite, $8::text AS missing, $9::text AS hostile, $10::bytea AS empty",
            [.text(unicode), .text(large), .bytes(bytes), .integer(.min), .integer(.max), .double(.pi), .double(-.infinity), .null,
             .text(hostile), .bytes([])]
        )[0]
        #expect(try row.get("unicode", as: String.self) == unicode)
        #expect(try row.get("large", as: String.self) == large)
        #expect(try row.get("bytes", as: [UInt8].self) == bytes)
        #expect(try row.get("smallest", as: Int64.self) == .min)
        #expect(try row.get("largest", as: Int64.self) == .max)
        #expect(try row.get("pi", as: Double.self) == .pi)
        #expect(try row.get("infinite", as: Double.self) == -.infinity)
        #expect(try row.get("missing", as: String?.self) == nil)
        #expect(try row.get("hostile", as: String.self) == hostile)
        #expect(try row.get("empty", as: [UInt8].self) == [])
        #expect(try row.get(0, as: String?.self) == unicode)
    }

    @Test func untypedParametersKeepTheirKind() throws {
        let connection = try TestServer.connect()
        let row = try connection.query("SELECT $1, $2, $3, $4, $5::text IS NULL", [42, 2.5, "text", .bytes([1, 2]), nil])[0]
        #expect(try row.get(0, as: Int.self) == 42)
        #expect(try row.get(1, as: Double.self) == 2.5)
        #expect(try row.get(2, as: String.self) == "text")
        #expect(try row.get(3, as: [UInt8].self) == [1, 2])
        #expect(try row.get(4, as: Bool.self))
    }

    @Test func readingTheWrongTypeOrNullIsAnError() throws {
        let connection = try TestServer.connect()
        let row = try connection.query("SELECT 'word' AS word, NULL::int AS nothing")[0]
        #expect(throws: PostgresError.self) { try row.get("word", as: Int.self) }
        let null = #expect(throws: PostgresError.self) { try row.get("nothing", as: Int.self) }
        #expect(null?.kind == .decoding)
        #expect(null?.message.contains("nothing") == true)
        #expect(throws: PostgresError.self) { try row.get("absent", as: Int.self) }
        #expect(throws: PostgresError.self) { try row.get(2, as: Int.self) }
    }

    @Test func aStatementIsPreparedOnceAndReused() throws {
        let connection = try TestServer.connect()
        let sql = "SELECT $1::bigint * 2"
        for value in 1...5 {
            #expect(try connection.query(sql, [.integer(Int64(value))])[0].get(0, as: Int.self) == value * 2)
        }
        let prepared = try connection.query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", [.text(sql)])
        #expect(try prepared[0].get(0, as: Int.self) == 1)
    }

    @Test func aUniqueViolationCarriesItsSQLState() throws {
        let connection = try TestServer.connect()
        try connection.execute("CREATE TEMP TABLE items (id bigint PRIMARY KEY, name text NOT NULL)")
        let inserted = try connection.query("INSERT INTO items VALUES ($1, $2)", [1, "first"])
        #expect(inserted.affectedRows == 1)
        let error = #expect(throws: PostgresError.self) { try connection.query("INSERT INTO items VALUES ($1, $2)", [1, "again"]) }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "23505")
        #expect(error?.message.contains("items_pkey") == true)
        #expect(error?.detail?.contains("(id)=(1)") == true)
        let syntax = #expect(throws: PostgresError.self) { try connection.execute("SELEC 1") }
        #expect(syntax?.sqlState == "42601")
        #expect(try connection.query("SELECT count(*) FROM items")[0].get(0, as: Int.self) == 1)
    }

    @Test func aTransactionCommitsOrRollsBack() throws {
        struct Abandon: Error {}
        let connection = try TestServer.connect()
        try connection.execute("CREATE TEMP TABLE entries (id bigint PRIMARY KEY)")
        #expect(throws: Abandon.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO entries VALUES ($1)", [1])
                throw Abandon()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM entries")[0].get(0, as: Int.self) == 0)
        #expect(!connection.isInTransaction)

        let count = try connection.transaction { connection in
            try connection.query("INSERT INTO entries VALUES ($1)", [2])
            return try connection.query("SELECT count(*) FROM entries")[0].get(0, as: Int.self)
        }
        #expect(count == 1)

        let rolledBack = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO entries VALUES ($1)", [3])
                _ = try? connection.query("INSERT INTO entries VALUES ($1)", [2])
            }
        }
        #expect(rolledBack?.kind == .transactionRolledBack)
        #expect(try connection.query("SELECT array_agg(id)::text FROM entries")[0].get(0, as: String.self) == "{2}")
    }

    @Test func aTerminatedBackendIsReportedAsLost() throws {
        let connection = try TestServer.connect()
        try TestServer.terminateBackend(connection.backendProcessID)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.kind == .connectionLost)
        #expect(connection.isBroken)
    }
}
