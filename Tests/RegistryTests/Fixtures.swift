import Foundation

/// Paths of the repository's seeds and migrations, and temporary directories for tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repository.appendingPathComponent("seeds").resolvingSymlinksInPath()
    static let migrations = repository.appendingPathComponent("migrations").resolvingSymlinksInPath()

    /// A new empty directory, removed by the caller with `FileManager.removeItem`.
    /// The names of the repository's migration files, in order.
    static func migrationFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: migrations.path).filter { $0.hasSuffix(".sql") }.sorted()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A deep copy of `directory` (symbolic links followed) in a new temporary directory, so that a
    /// test may change the copy without touching the repository.
    static func copy(_ directory: URL) throws -> URL {
        let source = directory.resolvingSymlinksInPath()
        let target = try temporaryDirectory().appendingPathComponent(source.lastPathComponent)
        let files = FileManager.default
        try files.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: source.path) {
            let item = source.appendingPathComponent(name).resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            _ = files.fileExists(atPath: item.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                let copied = try copy(item)
                try files.moveItem(at: copied, to: target.appendingPathComponent(name))
            } else {
                try files.copyItem(at: item, to: target.appendingPathComponent(name))
            }
        }
        guard !target.resolvingSymlinksInPath().path.hasPrefix(repository.resolvingSymlinksInPath().path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return target
    }
}
