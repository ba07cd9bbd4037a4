import Foundation
import Import

/// The excerpts of real files under `Fixtures/`, and helpers to read them.
enum ImportFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func source(_ name: String) -> ImportSource {
        .file(directory.appendingPathComponent(name).path)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func csvRows(_ source: ImportSource, _ options: CSVOptions = CSVOptions()) throws -> (CSVReader, [TabularRow]) {
        let reader = try CSVReader(source, options: options)
        var rows: [TabularRow] = []
        try reader.forEach { rows.append($0) }
        return (reader, rows)
    }

    /// The error `body` throws, or nil.
    static func importError(_ body: () throws -> Void) -> ImportError? {
        do { try body() } catch let error as ImportError { return error } catch { return nil }
        return nil
    }
}
