import Foundation

/// Reads the rows of a JSON document: the document itself when it is an array of objects, else the array at a
/// rows path (`partners`, `data.items`, `hromadas[*].partners`; see `JSONPath`). The document is read whole,
/// up to `maximumBytes`: JSON cannot be cut into rows without parsing all of it.
public struct JSONReader {
    public static let defaultMaximumBytes = 512 << 20

    public let source: String
    public let rowsPath: JSONPath
    private let root: JSONValue

    public init(_ source: ImportSource, rows: String = "", maximumBytes: Int = defaultMaximumBytes) throws(ImportError) {
        self.source = source.name
        do { rowsPath = try JSONPath(rows) } catch { throw ImportError(file: source.name, reason: error) }
        var data = try source.readAll(limit: maximumBytes)
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        if data.prefix(EncodingDetector.binaryProbeLength).contains(0), !data.starts(with: [0xFF, 0xFE]), !data.starts(with: [0xFE, 0xFF]) {
            throw ImportError(file: source.name, reason: .notText)
        }
        do {
            root = JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ImportError(file: source.name, reason: .invalidJSON(detail))
        }
    }

    /// Calls `body` with every row, in document order.
    public func forEach(_ body: (JSONRow) throws -> Void) throws {
        try visit(root, segments: rowsPath.segments[...], path: "", ancestors: [], body)
    }

    private func visit(_ value: JSONValue, segments: ArraySlice<JSONPath.Segment>, path: String, ancestors: [JSONValue],
                       _ body: (JSONRow) throws -> Void) throws {
        guard let segment = segments.first else {
            guard case .array(let rows) = value else {
                throw ImportError(file: source, location: .json(path: path), reason: .rowsNotAnArray(path: rowsPath.description))
            }
            for (index, row) in rows.enumerated() {
                try body(JSONRow(path: "\(path)[\(index)]", value: row, ancestors: ancestors))
            }
            return
        }
        let rest = segments.dropFirst()
        switch (segment, value) {
        case (.key(let key), .object(let object)):
            guard let next = object[key] else { break }
            return try visit(next, segments: rest, path: path.isEmpty ? key : "\(path).\(key)", ancestors: ancestors + [value], body)
        case (.index(let index), .array(let array)) where array.indices.contains(index):
            return try visit(array[index], segments: rest, path: "\(path)[\(index)]", ancestors: ancestors, body)
        case (.each, .array(let array)):
            for (index, element) in array.enumerated() {
                try visit(element, segments: rest, path: "\(path)[\(index)]", ancestors: ancestors, body)
            }
            return
        default:
            break
        }
        throw ImportError(file: source, location: .json(path: path), reason: .rowsNotFound(path: rowsPath.description))
    }
}
