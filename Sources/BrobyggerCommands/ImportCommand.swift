import ArgumentParser
import Foundation
import Import
import Registry
import RegistryAPI
import RegistryImport

/// `brobygger import FILE… --profile NAME | --mapping FILE`: reads files into the registry by a mapping, in one
/// transaction; `--profiles` lists the built-in mappings.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import CSV, TSV, JSON or XLSX files into the registry by a built-in profile or a mapping file.",
        discussion: """
            The import is one transaction: without --skip-invalid, one invalid row rejects the whole import and \
            nothing is written. Importing the same file again changes nothing. Several files are read in the order \
            given, in the one transaction, so that rows may name records a later file makes (with the profile \
            brobygger-csv, the CSV downloads of several kinds). Exit status: 0 imported, 1 rejected or failed, \
            64 usage error.
            """
    )

    @Argument(help: "The files to import, in this order.")
    var files: [String] = []

    @Option(help: "A built-in profile (see --profiles).")
    var profile: String?

    @Option(help: "A mapping file (JSON; the format is in the README, \"Importing data\").")
    var mapping: String?

    @Flag(help: "List the built-in profiles and exit.")
    var profiles = false

    @Flag(help: "Report row by row what would be created, updated, unchanged and rejected; write nothing.")
    var dryRun = false

    @Flag(help: "Import the valid rows and report the rejected ones, instead of rejecting the whole file.")
    var skipInvalid = false

    @Option(help: "The file's encoding (utf-8, utf-16, windows-1252, latin1), overriding detection.")
    var encoding: String?

    @OptionGroup var database: DatabaseOption
    @OptionGroup var migrations: MigrationsOption
    @OptionGroup var profileDirectory: ProfilesOption

    func validate() throws {
        if profiles { return }
        guard !files.isEmpty else { throw ValidationError("Give the file to import (or --profiles to list the profiles).") }
        guard (profile == nil) != (mapping == nil) else { throw ValidationError("Give exactly one of --profile and --mapping.") }
        if let encoding, TextEncoding(named: encoding) == nil {
            throw ValidationError("Unknown encoding \"\(encoding)\"; use utf-8, utf-16, windows-1252 or latin1.")
        }
    }

    mutating func run() throws {
        do {
            let library = ProfileLibrary(directory: try profileDirectory.directory())
            if profiles {
                print("\(BrobyggerCSVProfile.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(BrobyggerCSVProfile.description)")
                for name in try library.names() {
                    let mapping = try library.mapping(named: name)
                    print("\(name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(mapping.description)")
                }
                return
            }
            let chosen: [Importer.File]
            if profile == BrobyggerCSVProfile.name {
                chosen = try files.map(ImportInput.file).map { Importer.File($0, mapping: try BrobyggerCSVProfile.mapping(for: $0)) }
            } else {
                // The mapping before the files: a wrong profile or mapping is told before any file is read.
                let known = try library.names()
                if let profile, !known.contains(profile) {
                    throw MappingError(file: library.directory.path, key: "",
                                       reason: "no profile \"\(profile)\"; the profiles are " + ([BrobyggerCSVProfile.name] + known).joined(separator: ", "))
                }
                let mapping = try profile.map(library.load) ?? ImportMapping.load(path: mapping ?? "")
                chosen = try files.map { Importer.File(try ImportInput.file($0), mapping: mapping) }
            }
            let store: any ImportTarget = switch try database.location() {
            case .sqlite(let path): try RegistryStore.open(path: path, migrationsDirectory: try migrations.directory())
            case .postgres(let url): try PostgresRegistryStore.open(url: url, migrationsDirectory: try migrations.directory(), poolSize: 1)
            }
            var importer = Importer(mapping: chosen[0].mapping)
            importer.dryRun = dryRun
            importer.skipInvalid = skipInvalid
            // A dry run lists every row; an import with --skip-invalid its rejected rows (an import without it fails
            // at the first rejected rows, which its error lists).
            let prefixes = chosen.map { chosen.count > 1 ? "\($0.input.name): " : "" }
            let listing = dryRun ? PrintedRowListing(prefixes: prefixes)
                : skipInvalid ? PrintedRowListing(prefixes: prefixes, rejectedOnly: true) : nil
            importer.rowListing = listing
            importer.encoding = encoding.flatMap(TextEncoding.init(named:))
            let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
            importer.progress = { progress.show(rows: $0) }
            let reports: [ImportReport]
            do {
                reports = try importer.run(chosen, into: store)
            } catch {
                progress.clear()
                throw error
            }
            progress.clear()
            for (index, report) in reports.enumerated() {
                let prefix = reports.count > 1 ? "\(report.file): " : ""
                for warning in report.warnings { FileHandle.standardError.write(Data("import: \(prefix)warning: \(warning)\n".utf8)) }
                try listing?.print(file: index)
                print("\(report.file): \(report.summary)\(dryRun ? "; dry run, nothing written" : "")")
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("import: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
