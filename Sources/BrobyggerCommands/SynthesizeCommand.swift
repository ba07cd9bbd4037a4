import ArgumentParser
import Foundation
import Registry
import RegistrySynthesis

/// `brobygger synthesize`: fills a database with the seeds plus a large synthetic registry, for benchmarks.
struct SynthesizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "Create a database holding the seeds and a large synthetic registry, for load and latency tests.",
        discussion: """
            Synthetic records are API records with ids starting `syn-`; they carry no evidence and are meant for \
            benchmarks only. The same --seed gives the same registry.
            """
    )

    @OptionGroup var registry: RegistryOptions

    @Option(help: "Number of synthetic organisations.")
    var organisations = 300_000

    @Option(help: "Number of synthetic projects.")
    var projects = 100_000

    @Option(help: "Number of project-partner links, spread evenly over the projects.")
    var partnerLinks = 1_000_000

    @Option(help: "Seed of the pseudo-random generator.")
    var seed: UInt64 = 2026

    mutating func run() throws {
        guard organisations > 0, projects >= 0, partnerLinks >= 0 else {
            throw ValidationError("--organisations must be positive; --projects and --partner-links must not be negative.")
        }
        let started = ContinuousClock.now
        let databasePath = try registry.databasePath(for: "synthesize")
        let store = try RegistryStore.open(path: databasePath, migrationsDirectory: try registry.migrationsDirectory())
        try SeedLoader(seedsDirectory: try registry.seedsDirectory()).load(into: store)
        var generator = SyntheticRegistry(organisations: organisations, projects: projects, partnerLinks: partnerLinks, seed: seed)
        let writing = try generator.write(into: store).writing
        // The registry was written through the write-ahead log, which has grown to its size: empty it, so that
        // the file is one file and the next start does not read the log whole.
        try store.truncateWriteAheadLog()
        // "generated" counts opening and seeding the store too, as it always has.
        let generating = ContinuousClock.now - started - writing
        print("""
            \(databasePath): \(organisations) organisations, \(projects) projects, \(partnerLinks) partner links \
            (generated in \(generating.fractionalMilliseconds) ms, written in \(writing.fractionalMilliseconds) ms)
            """)
    }
}
