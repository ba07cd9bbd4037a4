import PostgresClient
import Testing

/// Parsing `postgres://` URLs: every part read, defaults applied, and a clear error for each malformed form.
@Suite struct PostgresURLTests {
    @Test func readsEveryPart() throws {
        let url = try PostgresURL(parsing: "postgres://app:s%40cret%2F@db.example:6543/registry?sslmode=require&connect_timeout=3")
        #expect(url.user == "app")
        #expect(url.password == "s@cret/")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.database == "registry")
        #expect(url.options == ["sslmode": "require", "connect_timeout": "3"])
    }

    @Test func appliesDefaults() throws {
        let url = try PostgresURL(parsing: "postgresql://app@localhost/registry")
        #expect(url == PostgresURL(user: "app", host: "localhost", port: 5432, database: "registry"))
    }

    @Test func readsTheResponseTimeout() throws {
        #expect(try PostgresURL(parsing: "postgres://app@db/registry").responseTimeout == .seconds(30))
        #expect(try PostgresURL(parsing: "postgres://app@db/registry?response_timeout=2.5").responseTimeout == .milliseconds(2500))
        #expect(try PostgresURL(parsing: "postgres://app@db/registry?response_timeout=0").responseTimeout == nil)
    }

    @Test func readsAnIPv6Host() throws {
        let url = try PostgresURL(parsing: "postgres://app@[::1]:5433/db")
        #expect(url.host == "::1")
        #expect(url.port == 5433)
        #expect(url.description == "postgres://app@[::1]:5433/db")
    }

    @Test func neverShowsThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://app:topsecret@db:5432/registry")
        #expect(url.description == "postgres://app:***@db:5432/registry")
        let error = #expect(throws: PostgresError.self) { try PostgresURL(parsing: "postgres://app:topsecret@db:port/registry") }
        #expect(error?.message.contains("topsecret") == false)
    }

    @Test func readsASocketDirectory() throws {
        let url = try PostgresURL(parsing: "postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/registry")
        #expect(url == PostgresURL(user: "app", host: "/var/run/postgresql", port: 5433, database: "registry"))
        #expect(url.isSocketDirectory)
        #expect(url.description == "postgres://app@%2Fvar%2Frun%2Fpostgresql:5433/registry")
        #expect(try PostgresURL(parsing: url.description) == url)
        let spaced = try PostgresURL(parsing: "postgres://app@%2ftmp%2Fmy%20dir/registry")
        #expect(spaced.host == "/tmp/my dir")
        #expect(spaced.port == 5432)
        #expect(try PostgresURL(parsing: spaced.description) == spaced)
        #expect(try !PostgresURL(parsing: "postgres://app@db/registry").isSocketDirectory)
    }

    @Test(arguments: [
        ("", "no scheme"),
        ("db.example/registry", "no scheme"),
        ("mysql://app@db/registry", "scheme"),
        ("postgres://app@db", "no database"),
        ("postgres://app@db/", "no database"),
        ("postgres://app@db/a/b", "database"),
        ("postgres://db/registry", "no user"),
        ("postgres://:secret@db/registry", "no user"),
        ("postgres://app@/registry", "host"),
        ("postgres://app@db:0/registry", "port '0'"),
        ("postgres://app@db:65536/registry", "port '65536'"),
        ("postgres://app@db:http/registry", "port 'http'"),
        ("postgres://app@db:/registry", "port ''"),
        ("postgres://app@[::1/registry", "closing ]"),
        ("postgres://app@d b/registry", "host"),
        ("postgres://app@%2Ftmp%zz/registry", "socket directory"),
        ("postgres://app@%2Ftmp%00/registry", "socket directory"),
        ("postgres://a%zzp@db/registry", "no user"),
        ("postgres://app@db/registry?sslmod=require", "unknown option 'sslmod'"),
        ("postgres://app@db/registry?sslmode", "malformed query option"),
        ("postgres://app@db/registry?response_timeout=soon", "response_timeout must be a number of seconds"),
        ("postgres://app@db/registry?response_timeout=-1", "response_timeout must be a number of seconds"),
    ])
    func refusesMalformed(text: String, reason: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresURL(parsing: text) }
        #expect(error?.kind == .invalidURL)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("expected postgres://user[:password]@host[:port]/database") == true)
    }
}
