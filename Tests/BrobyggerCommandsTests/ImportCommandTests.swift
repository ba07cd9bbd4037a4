import Foundation
import PostgresClient
import Testing
import TestSupport

/// `brobygger import …` run as the built executable on a real SQLite file (and a real PostgreSQL database), its
/// output read through a pipe.
@Suite struct ImportCommandTests {
    static let repository = TokenCommandTests.repository
    static let fixtures = repository.appendingPathComponent("Tests/ImportTests/Fixtures")

    /// Runs `brobygger import <arguments>` with the repository's migrations and profiles.
    static func run(_ arguments: [String], database: URL) throws -> TokenCommandTests.Run {
        try run(arguments, database: database.path)
    }

    /// Runs `brobygger import <arguments>` on `database`, a file or a PostgreSQL URL.
    static func run(_ arguments: [String], database: String) throws -> TokenCommandTests.Run {
        try TokenCommandTests.brobygger(importArguments(arguments, database: database))
    }

    /// The arguments of `brobygger import <arguments>` on `database`, with the repository's migrations and profiles.
    static func importArguments(_ arguments: [String], database: String) -> [String] {
        ["import"] + arguments + [
            "--database", database, "--migrations", repository.appendingPathComponent("migrations").path,
            "--profile-directory", repository.appendingPathComponent("profiles").path,
        ]
    }

    @Test func importsIntoPostgreSQL() throws {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        let file = Self.fixtures.appendingPathComponent("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv").path
        let dry = try Self.run([file, "--profile", "eurostat-metro-population", "--dry-run"], database: database.urlString)
        #expect(dry.status == 0, "\(dry.error)")
        #expect(dry.output.hasSuffix("32 created, 0 updated, 0 unchanged, 0 rejected (32 rows read); dry run, nothing written\n"))
        let first = try Self.run([file, "--profile", "eurostat-metro-population"], database: database.urlString)
        #expect(first.status == 0 && first.error.isEmpty, "\(first.error)")
        #expect(first.output == "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv: 32 created, 0 updated, 0 unchanged, 0 rejected (32 rows read)\n")
        let second = try Self.run([file, "--profile", "eurostat-metro-population"], database: database.urlString)
        #expect(second.output == "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv: 0 created, 0 updated, 32 unchanged, 0 rejected (32 rows read)\n")
        let regions = try database.connect().query("SELECT count(*) FROM region WHERE id LIKE 'eurostat-metro-%'")[0].get(0, as: Int.self)
        #expect(regions == 32)
    }

    @Test func profilesAreListed() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let run = try Self.run(["--profiles"], database: database)
        #expect(run.status == 0)
        let names = run.output.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names == ["brobygger-csv", "erdf-operations-thueringen", "eurostat-metro-population", "interreg-partners-se", "kohesio-beneficiaries",
                          "nuts-2021", "skew-municipal-partnerships"])
    }

    @Test func importTwiceThenDryRun() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let file = Self.fixtures.appendingPathComponent("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv").path
        let dry = try Self.run([file, "--profile", "eurostat-metro-population", "--dry-run"], database: database)
        #expect(dry.status == 0)
        #expect(dry.output.contains("line 2: imported created region/eurostat-metro-de001mc\n"))
        #expect(dry.output.hasSuffix("32 created, 0 updated, 0 unchanged, 0 rejected (32 rows read); dry run, nothing written\n"))
        let first = try Self.run([file, "--profile", "eurostat-metro-population"], database: database)
        #expect(first.status == 0 && first.error.isEmpty)
        #expect(first.output == "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv: 32 created, 0 updated, 0 unchanged, 0 rejected (32 rows read)\n")
        let second = try Self.run([file, "--profile", "eurostat-metro-population"], database: database)
        #expect(second.output == "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv: 0 created, 0 updated, 32 unchanged, 0 rejected (32 rows read)\n")
        // In a pipe there is no progress line.
        #expect(!second.error.contains("\r"))
    }

    @Test func anInvalidRowRejectsTheFileUnlessSkipped() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        let directory = database.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try String(contentsOf: Self.fixtures.appendingPathComponent("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv"), encoding: .utf8)
        let broken = source.replacingOccurrences(of: "DE002M;Hamburg;:;3.056.199", with: "DE002M;Hamburg;:;3.056.19x")
        let file = directory.appendingPathComponent("metro.csv")
        try Data(broken.utf8).write(to: file)
        let rejected = try Self.run([file.path, "--profile", "eurostat-metro-population"], database: database)
        #expect(rejected.status == 1)
        #expect(rejected.error.contains("metro.csv: 1 invalid row, nothing imported"))
        #expect(rejected.error.contains("line 3, column 4 (y2000): `metro.population[1].count`: \"3.056.19x\" is not a number"))
        let skipped = try Self.run([file.path, "--profile", "eurostat-metro-population", "--skip-invalid"], database: database)
        #expect(skipped.status == 0)
        #expect(skipped.output.hasSuffix("metro.csv: 31 created, 0 updated, 0 unchanged, 1 rejected (32 rows read)\n"))
        #expect(skipped.output.hasPrefix("line 3, column 4 (y2000): rejected: "))
    }

    /// Writes a mapping of one organisation per CSV row (`name,country`) into `directory`; returns its URL.
    static func organisationMapping(in directory: URL) throws -> URL {
        let mapping = directory.appendingPathComponent("organisations.json")
        try Data("""
            { "source": { "format": "csv", "delimiter": "," },
              "records": [ { "kind": "organisation", "key": ["name", "country"],
                             "fields": { "name": "name", "kind": { "value": "association" }, "country": "country" } } ] }
            """.utf8).write(to: mapping)
        return mapping
    }

    /// An import keeps its bookkeeping in a scratch database under the temporary directory, whose name it removes as
    /// soon as the file is open: killed in the middle, it leaves nothing there.
    @Test func anImportKilledInTheMiddleLeavesNoScratchFile() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        let directory = database.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let temporary = directory.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let mapping = try Self.organisationMapping(in: directory)
        let file = directory.appendingPathComponent("organisations.csv")
        try Data((["name,country"] + (0..<20_000).map { "Organisation \($0),DE" }).joined(separator: "\n").utf8).write(to: file)
        let child = try ChildProcess(try TokenCommandTests.executable.path,
                                     Self.importArguments([file.path, "--mapping", mapping.path], database: database.path),
                                     environment: ["TMPDIR": temporary.path])
        // The scratch database is open (among the child's descriptors) once the import's transaction has begun, and
        // its name is gone (the link reads `… (deleted)`) before the first row is read. Killed then, the import leaves
        // nothing behind; an import that kept the name until its end would finish with the name still there, and
        // fail the first expectation.
        let descriptors = "/proc/\(child.pid)/fd"
        var scratch: String?
        let deadline = ContinuousClock.now + .seconds(60)
        while scratch == nil, ContinuousClock.now < deadline, !child.wait(timeout: .milliseconds(20)) {
            scratch = (try? FileManager.default.contentsOfDirectory(atPath: descriptors))?.lazy
                .compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(descriptors)/\($0)") }
                .first { $0.contains("brobygger-import-") && !$0.contains("brobygger-import-rows-") && $0.hasSuffix(" (deleted)") }
        }
        child.signal(SIGKILL)
        child.waitUntilExit()
        #expect(scratch?.hasPrefix(temporary.path) == true, "the import's scratch database in TMPDIR, its name removed while it ran")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
    }

    /// `--skip-invalid` lists every rejected row, more than the report keeps: the command's listing goes through a
    /// temporary file, not the report.
    @Test func everyRejectedRowIsListed() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        let directory = database.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mapping = try Self.organisationMapping(in: directory)
        let file = directory.appendingPathComponent("organisations.csv")
        // Every row but each fifth names a country that is none.
        let rows = (0..<1_300).map { "Organisation \($0),\($0 % 5 == 0 ? "DE" : "ZZ")" }
        try Data((["name,country"] + rows).joined(separator: "\n").utf8).write(to: file)
        let run = try Self.run([file.path, "--mapping", mapping.path, "--skip-invalid"], database: database)
        #expect(run.status == 0, "\(run.error)")
        let lines = run.output.split(separator: "\n")
        #expect(lines.filter { $0.contains(": rejected: ") }.count == 1_040)
        #expect(lines.first?.hasPrefix("line 3: rejected: ") == true)
        #expect(lines.last == "organisations.csv: 260 created, 0 updated, 0 unchanged, 1040 rejected (1300 rows read)")
    }

    @Test func badUsageAndMissingFilesAreClearErrors() throws {
        let database = try TokenCommandTests.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let both = try Self.run(["x.csv", "--profile", "nuts-2021", "--mapping", "m.json"], database: database)
        #expect(both.status == 64 && both.error.contains("Give exactly one of --profile and --mapping."))
        let unknown = try Self.run(["x.csv", "--profile", "nuts-1999"], database: database)
        #expect(unknown.status == 1 && unknown.error.contains("no profile \"nuts-1999\"; the profiles are brobygger-csv, erdf-operations-thueringen"))
        let missing = try Self.run(["/nonexistent/x.csv", "--profile", "nuts-2021"], database: database)
        #expect(missing.status == 1 && missing.error.contains("x.csv: cannot be read: no such file or no permission to read /nonexistent/x.csv"))
    }
}
