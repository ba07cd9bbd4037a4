import Foundation
import Locking

/// Paths of the repository's seeds and migrations, and temporary directories for tests, so that no test
/// writes inside the repository.
public enum Fixtures {
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let seeds = repository.appendingPathComponent("seeds").resolvingSymlinksInPath()
    public static let migrations = repository.appendingPathComponent("migrations").resolvingSymlinksInPath()

    /// The names of the repository's migration files, in order.
    public static func migrationFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: migrations.path).filter { $0.hasSuffix(".sql") }.sorted()
    }

    /// A directory in `directory` holding the repository's migrations before `version` (its four digits), without
    /// the snapshot (made from all of them): a database opened with it has the schema of an older release.
    public static func migrations(before version: String, in directory: URL) throws -> URL {
        let older = directory.appendingPathComponent("migrations-before-\(version)", isDirectory: true)
        try FileManager.default.createDirectory(at: older, withIntermediateDirectories: true)
        for name in try migrationFileNames() where name.prefix(4) < version {
            try FileManager.default.copyItem(at: migrations.appendingPathComponent(name), to: older.appendingPathComponent(name))
        }
        return older
    }

    /// A new empty directory, removed by the caller with `FileManager.removeItem` or, at the latest, when the test
    /// process exits (a test that fails half-way leaves nothing in the system's temporary directory either).
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        directoriesForTheRun.withLock { directories in
            if directories.isEmpty { atexit { Fixtures.removeDirectoriesForTheRun() } }
            directories.append(url)
        }
        return url
    }

    /// A new seeds directory with the repository's gazetteer and no records or documents: an empty registry's.
    /// The caller removes it.
    public static func gazetteerOnlySeeds() throws -> URL {
        let directory = try temporaryDirectory()
        for folder in ["records", "documents"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: seeds.appendingPathComponent("gazetteer.json"), to: directory.appendingPathComponent("gazetteer.json"))
        return directory
    }

    private static let directoriesForTheRun = Mutex<[URL]>([])

    private static func removeDirectoriesForTheRun() {
        for directory in directoriesForTheRun.withLock({ $0 }) {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// A deep copy of `directory` (symbolic links followed) inside `parent`, a test's temporary directory, so
    /// that a test may change the copy without touching the repository and removes it with its directory.
    public static func copy(_ directory: URL, into parent: URL) throws -> URL {
        let source = directory.resolvingSymlinksInPath()
        let target = parent.appendingPathComponent(source.lastPathComponent)
        guard !target.resolvingSymlinksInPath().path.hasPrefix(repository.resolvingSymlinksInPath().path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        let files = FileManager.default
        try files.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: source.path) {
            let item = source.appendingPathComponent(name).resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            _ = files.fileExists(atPath: item.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                _ = try copy(item, into: target)
            } else {
                try files.copyItem(at: item, to: target.appendingPathComponent(name))
            }
        }
        return target
    }
}
