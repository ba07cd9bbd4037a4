import Foundation

/// Paths of the repository's seeds and migrations, and temporary directories for tests.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repository.appendingPathComponent("seeds")
    static let migrations = repository.appendingPathComponent("migrations")

    /// A new empty directory, removed by the caller with `FileManager.removeItem`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of `directory` in a new temporary directory.
    static func copy(_ directory: URL) throws -> URL {
        let target = try temporaryDirectory().appendingPathComponent(directory.lastPathComponent)
        try FileManager.default.copyItem(at: directory, to: target)
        return target
    }
}
