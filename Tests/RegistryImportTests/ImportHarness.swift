import Foundation
import JSONOutput
import Registry
import RegistryImport
import TestSupport

/// A fresh registry, the real-file excerpts and the built-in profiles, for import tests.
struct ImportHarness {
    static let fixtures = Fixtures.repository.appendingPathComponent("Tests/ImportTests/Fixtures")
    static let profiles = ProfileLibrary(directory: Fixtures.repository.appendingPathComponent("profiles"))

    let store: RegistryStore
    let directory: URL

    init() throws {
        directory = try Fixtures.temporaryDirectory()
        store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path, migrationsDirectory: Fixtures.migrations)
    }

    /// Imports the excerpt `file` with the profile `profile`.
    @discardableResult
    func run(_ file: String, profile: String, configure: (inout Importer) -> Void = { _ in }) throws -> ImportReport {
        var importer = Importer(mapping: try Self.profiles.mapping(named: profile))
        configure(&importer)
        return try importer.run(try ImportInput.file(Self.fixtures.appendingPathComponent(file).path), into: store)
    }

    /// Imports `text` (written to a file named `name`) with the mapping `mapping` (JSON text).
    @discardableResult
    func run(text: String, name: String, mapping: String, configure: (inout Importer) -> Void = { _ in }) throws -> ImportReport {
        let file = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        var importer = Importer(mapping: try ImportMapping.parse(Data(mapping.utf8), file: "test-mapping.json", name: "test"))
        configure(&importer)
        return try importer.run(try ImportInput.file(file.path), into: store)
    }

    /// The record as served, parsed.
    func served(_ kind: RecordKind, _ id: String) throws -> [String: JSONValue]? {
        guard let record = try store.servedRecord(kind, id: id, language: "en", personal: true),
              case .object(let members) = try JSONValue(parsing: Array(record.json.utf8)) else { return nil }
        return members
    }

    /// Rows of every table an import writes, and history entries: what must not change after a dry run.
    func footprint() throws -> [String] {
        let counts = try store.counts()
        return RecordKind.allCases.map { "\($0.rawValue)=\(counts[$0] ?? 0)" }
            + ["changes=\(try store.latestChangeID())", "documents=\(try store.documents(includingText: false).count)"]
    }
}
