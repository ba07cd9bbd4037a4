import Registry

/// The columns of a whole collection of one kind as CSV: every cell its entries can have (``JSONCells``),
/// read from the kind's schema in the OpenAPI document, so that a download's header is known before its
/// first row and is the same for every download of the kind.
///
/// Sorted with `id` first, as a page's columns are. A map by language (`names`, `titles`, `labels`) gives a
/// column per language the API serves (`names.da`, `names.de`, `names.en`); names in other languages are in
/// the JSON and NDJSON. A list of objects (a project's `partners`) is a column of its JSON text and a column of
/// its count (`partners.count`): with the other columns, a record's whole served form, which the built-in
/// `brobygger-csv` profile imports back (``BrobyggerCSVProfile``).
enum CSVColumns {
    /// The columns of each kind, made once.
    static let byKind: [RecordKind: [String]] = {
        var byKind: [RecordKind: [String]] = [:]
        for (kind, properties) in OpenAPIDocument.records {
            var columns = ["label", "link"]
            for property in properties where property.name != "evidence" {
                add(property.schema, named: property.name, schemas: recordSchemas, to: &columns)
            }
            columns.sort()
            if let index = columns.firstIndex(of: "id") {
                columns.remove(at: index)
                columns.insert("id", at: 0)
            }
            byKind[kind] = columns
        }
        return byKind
    }()

    /// The OpenAPI document's schemas by name, which the records' properties refer to.
    static let recordSchemas = Dictionary(OpenAPIDocument.schemas.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

    static func columns(of kind: RecordKind) -> [String] {
        byKind[kind] ?? ["id"]
    }

    private static func add(_ schema: OpenAPIValue, named name: String, schemas: [String: OpenAPIValue],
                            to columns: inout [String]) {
        let resolved = resolve(schema, schemas)
        if let properties = member("properties", of: resolved), case .object(let members) = properties {
            for (key, value) in members where key != "evidence" {
                add(value, named: name + "." + key, schemas: schemas, to: &columns)
            }
        } else if member("additionalProperties", of: resolved) != nil {
            for language in RegistryStore.nameLanguages { columns.append(name + "." + language) }
        } else if let items = member("items", of: resolved) {
            let item = resolve(items, schemas)
            let plain = member("properties", of: item) == nil && member("items", of: item) == nil
            columns.append(name)
            if !plain { columns.append(name + ".count") }
        } else {
            columns.append(name)
        }
    }

    /// The schema a `$ref` names, or the schema itself.
    static func resolve(_ schema: OpenAPIValue, _ schemas: [String: OpenAPIValue]) -> OpenAPIValue {
        guard case .string(let reference)? = member("$ref", of: schema),
              let name = reference.split(separator: "/").last, let target = schemas[String(name)] else { return schema }
        return resolve(target, schemas)
    }

    static func member(_ key: String, of value: OpenAPIValue) -> OpenAPIValue? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }
}
