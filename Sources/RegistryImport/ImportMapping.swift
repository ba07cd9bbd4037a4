import Crypto
import Foundation
import Import
import Registry

/// A mapping file read and checked: how the rows of one kind of file become records. The format is documented in
/// the README ("Importing data"); the built-in profiles in `profiles/` are examples.
public struct ImportMapping: Sendable {
    /// What the source file is and how it is read.
    struct SourceOptions: Sendable {
        enum Format: String, Sendable { case csv, tsv, json, xlsx }
        var format: Format?
        var encoding: TextEncoding?
        var delimiter: UInt8?
        var header: Bool?
        /// JSON: the path to the rows (see `JSONPath`).
        var rows: String = ""
        /// XLSX: the sheet; the first when nil.
        var sheet: String?
    }

    /// A condition a row must meet to be read at all: the field's text is one of `values` (or, with `present`, not missing).
    struct RowFilter: Sendable {
        var field: String
        var values: Set<String>?
    }

    /// The profile's or file's name, as the history and the provenance document give it.
    public let name: String
    public let description: String
    /// The mapping file's path or name, for errors.
    public let file: String
    /// SHA-256 of the mapping's JSON text, hexadecimal: a file read with another version of a mapping of the same
    /// name has a provenance document of its own.
    public internal(set) var digest = ""
    var source: SourceOptions
    var missing: MissingMarkers
    var filters: [RowFilter]
    var records: [RecordMapping]

    /// Every column or JSON path the mapping reads.
    var fields: [String] {
        var seen = Set<String>()
        return (filters.map(\.field) + records.flatMap { $0.fields.flatMap(\.spec.fields) }).filter { seen.insert($0).inserted }
    }

    /// Reads the mapping file at `path`; `name` is the profile's name (the file's base name when nil).
    public static func load(path: String, name: String? = nil) throws -> ImportMapping {
        let file = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw MappingError(file: path, key: "", reason: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, file: path, name: name ?? file.deletingPathExtension().lastPathComponent)
    }

    /// Reads a mapping from its JSON text.
    public static func parse(_ data: Data, file: String, name: String) throws -> ImportMapping {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw MappingError(file: file, key: "", reason: "not valid JSON: \(detail)")
        }
        var mapping = try MappingParser(file: file).mapping(root, name: name)
        mapping.digest = Hexadecimal.encode(SHA256.hash(data: data))
        return mapping
    }
}
