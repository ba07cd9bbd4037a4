import ArgumentParser
import Foundation
import Registry

/// `brobygger check-seeds`: validates the seeds — evidence, references, values, the fact-sheet parse —
/// by loading them into a private in-memory database, and prints counts and data-quality findings.
struct CheckSeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-seeds",
        abstract: "Validate the seeds and print a summary, without starting the server.",
        discussion: "Exits 1 and names file, line and problem when the seeds are invalid."
    )

    @OptionGroup var seeds: SeedsOption

    @OptionGroup var migrations: MigrationsOption

    /// Not `DatabaseOption`: checking the seeds must not touch the database `serve` uses.
    @Option(help: "Load into this SQLite file instead of a private in-memory database (the DATABASE_PATH of serve is not used).")
    var database: String?

    mutating func run() throws {
        let seedsPath = try seeds.path()
        let migrationsDirectory = try migrations.directory()
        let started = ContinuousClock.now
        let report: SeedLoadReport
        do {
            let store = try RegistryStore.open(path: database ?? ":memory:", migrationsDirectory: migrationsDirectory)
            report = try SeedLoader(seedsDirectory: URL(fileURLWithPath: seedsPath)).load(into: store)
        } catch {
            FileHandle.standardError.write(Data("check-seeds: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let milliseconds = (ContinuousClock.now - started).fractionalMilliseconds
        print("Seeds in \(seedsPath) are valid (opened, migrated and loaded in \(String(format: "%.1f", milliseconds)) ms\(report.changed ? "" : ", nothing changed")).")
        print("  documents: \(report.documents)")
        print("  places: \(report.places)")
        for kind in RecordKind.allCases {
            print("  \(kind.plural): \(report.counts[kind.plural] ?? 0)")
        }
        print("  evidence passages: \(report.evidence)")
        let warnings = report.findings.filter { $0.severity == .warning }.count
        let notices = report.findings.filter { $0.severity == .notice }.count
        let passed = report.findings.filter { $0.severity == .passed }.count
        print("Findings: \(warnings) warnings, \(notices) notices, \(passed) checks passed")
        for finding in report.findings.sorted(by: { $0.severity != $1.severity ? $0.severity > $1.severity : $0.id < $1.id }) {
            print("  [\(finding.severity.rawValue)] \(finding.recordKind.rawValue) \(finding.record): \(finding.message)")
        }
    }
}
