import Foundation
import Registry
import RegistryImport

/// The built-in profile `brobygger-csv`: imports a CSV download of one kind (`/v1/{kind}?format=csv`) back,
/// so that a registry's records move to another registry through the files researchers already keep.
///
/// A download's header says its kind (each kind has its own fixed columns, ``CSVColumns``), and the profile's
/// mapping for that kind is made from the same schema the columns are: every writable field from its column,
/// read back as the download wrote it: text exactly as it is, numbers and flags as JSON, a list of values split
/// at `;` (with `\` escaping), a list of objects from its JSON text, a map by language from its columns.
/// Columns the registry makes itself (`label`, `link`, `origin`, counts) are not read; an imported record is
/// `api`, not `seed`, as every write is. Records keep their ids, so that the records they name and that name
/// them are found; records of kinds that name each other go in one import of all their files.
public enum BrobyggerCSVProfile {
    public static let name = "brobygger-csv"
    public static let description = "Brobygger's own CSV downloads (/v1/{kind}?format=csv&limit=all) imported back: the kind from the header, every record by its id."

    /// The mapping for the file: the one of the kind whose download's header the file begins with.
    /// - Throws: ``ImportFailure`` naming the file and what its header lacks or has too many.
    public static func mapping(for input: ImportInput) throws(ImportFailure) -> ImportMapping {
        let header = try input.firstLine().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
        let given = Set(header)
        if let kind = RecordKind.allCases.first(where: { Set(CSVColumns.columns(of: $0)) == given }) {
            return mapping(of: kind)
        }
        // The kind whose columns the header shares most of, for an error that says what differs.
        let closest = RecordKind.allCases.max { given.intersection(CSVColumns.columns(of: $0)).count < given.intersection(CSVColumns.columns(of: $1)).count }
        let expected = closest.map(CSVColumns.columns(of:)) ?? []
        let lacking = expected.filter { !given.contains($0) }
        let extra = header.filter { !expected.contains($0) }
        var reason = "the header is that of no Brobygger CSV download"
        if let closest {
            reason += "; as a download of \(closest.plural)"
            if !lacking.isEmpty { reason += " it lacks " + lacking.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") }
            if !lacking.isEmpty && !extra.isEmpty { reason += " and" }
            if !extra.isEmpty { reason += " it has " + extra.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + " too many" }
        }
        throw .inconsistent(file: input.name, reason: reason + " (line 1)")
    }

    /// The mapping of a download of `kind`, made once per kind.
    public static func mapping(of kind: RecordKind) -> ImportMapping {
        guard let mapping = mappings[kind] else { preconditionFailure("every kind has a brobygger-csv mapping") }
        return mapping
    }

    private static let mappings: [RecordKind: ImportMapping] = {
        var mappings: [RecordKind: ImportMapping] = [:]
        for (kind, properties) in OpenAPIDocument.records {
            var fields: [String: Any] = [:]
            for property in properties where kind.writableFields.contains(property.name) && !ignored.contains(property.name) {
                fields[property.name] = field(property.schema, column: property.name)
            }
            fields["id"] = ["column": "id", "parse": "raw", "required": true] as [String: Any]
            let document: [String: Any] = [
                "description": description,
                "source": ["format": "csv", "delimiter": ",", "header": true, "encoding": "utf-8"],
                // Only an empty cell is no value: `-` or `:` is text a record may hold.
                "missing": [""],
                "records": [["name": kind.rawValue, "kind": kind.rawValue, "fields": fields]],
            ]
            do {
                let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
                mappings[kind] = try ImportMapping.parse(data, file: name, name: name)
            } catch {
                preconditionFailure("the brobygger-csv mapping of \(kind.plural) is valid: \(error)")
            }
        }
        return mappings
    }()

    /// Fields a download has that an import does not read: the registry's own (`origin`) and what is served
    /// elsewhere (`evidence`, which the imported records get anew, pointing at the file's rows).
    private static let ignored: Set<String> = ["origin", "evidence", "id"]

    /// The mapping of the field whose schema is `schema`, from its column or, for an object, its columns.
    private static func field(_ schema: OpenAPIValue, column: String) -> [String: Any] {
        let resolved = CSVColumns.resolve(schema, CSVColumns.recordSchemas)
        if let properties = CSVColumns.member("properties", of: resolved), case .object(let members) = properties {
            var fields: [String: Any] = [:]
            for (key, value) in members where key != "evidence" { fields[key] = field(value, column: column + "." + key) }
            return ["fields": fields]
        }
        if CSVColumns.member("additionalProperties", of: resolved) != nil {
            var fields: [String: Any] = [:]
            for language in RegistryStore.nameLanguages { fields[language] = ["column": column + "." + language, "parse": "raw"] }
            return ["fields": fields]
        }
        if let items = CSVColumns.member("items", of: resolved) {
            let item = CSVColumns.resolve(items, CSVColumns.recordSchemas)
            if CSVColumns.member("properties", of: item) != nil || CSVColumns.member("items", of: item) != nil {
                return ["column": column, "parse": "json"]
            }
            return ["column": column, "parse": parse(item), "split": ";", "escape": "\\"]
        }
        return ["column": column, "parse": parse(resolved)]
    }

    /// `raw` for text, `json` for numbers and flags.
    private static func parse(_ schema: OpenAPIValue) -> String {
        var types: [String] = []
        switch CSVColumns.member("type", of: schema) {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: break
        }
        return types.contains("string") || types.isEmpty ? "raw" : "json"
    }
}
