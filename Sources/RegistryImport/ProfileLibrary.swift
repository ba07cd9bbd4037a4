import Foundation

/// The built-in mapping files: `profiles/<name>.json`, read at run time like the seeds and migrations.
public struct ProfileLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The profiles' names, sorted.
    public func names() throws -> [String] {
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw MappingError(file: directory.path, key: "", reason: "the profiles directory cannot be read: \(error.localizedDescription)")
        }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The profile's mapping; an unknown name is an error listing the known ones.
    public func mapping(named name: String) throws -> ImportMapping {
        let known = try names()
        guard known.contains(name) else {
            throw MappingError(file: directory.path, key: "", reason: "no profile \"\(name)\"; the profiles are " + known.joined(separator: ", "))
        }
        return try load(name)
    }

    /// The mapping of a profile that ``names()`` listed.
    public func load(_ name: String) throws -> ImportMapping {
        try ImportMapping.load(path: directory.appendingPathComponent(name + ".json").path, name: name)
    }
}
