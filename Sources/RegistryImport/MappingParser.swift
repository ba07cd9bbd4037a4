import Foundation
import Import
import JSONOutput
import Registry

/// Reads a mapping file's JSON into an ``ImportMapping``, refusing what is wrong with the key it is at.
struct MappingParser {
    let file: String

    private func fail(_ key: String, _ reason: String) -> MappingError {
        MappingError(file: file, key: key, reason: reason)
    }

    private func object(_ value: Any?, _ key: String, known: Set<String>) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw fail(key, "must be an object") }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail(join(key, unknown), "unknown key; the keys here are " + known.sorted().joined(separator: ", "))
        }
        return object
    }

    private func string(_ value: Any?, _ key: String) throws -> String? {
        guard let value else { return nil }
        guard let string = value as? String else { throw fail(key, "must be a string") }
        return string
    }

    private func strings(_ value: Any?, _ key: String) throws -> [String]? {
        guard let value else { return nil }
        if let one = value as? String { return [one] }
        guard let list = value as? [Any] else { throw fail(key, "must be a string or an array of strings") }
        return try list.enumerated().map { index, element in
            guard let string = element as? String else { throw fail("\(key)[\(index)]", "must be a string") }
            return string
        }
    }

    private func bool(_ value: Any?, _ key: String) throws -> Bool? {
        guard let value else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else { throw fail(key, "must be true or false") }
        return number.boolValue
    }

    private func join(_ key: String, _ member: String) -> String { key.isEmpty ? member : "\(key).\(member)" }

    func mapping(_ root: Any, name: String) throws -> ImportMapping {
        let top = try object(root, "", known: ["description", "source", "missing", "filter", "records"])
        var source = ImportMapping.SourceOptions()
        if let options = top["source"] {
            let members = try object(options, "source", known: ["format", "encoding", "delimiter", "header", "rows", "sheet"])
            if let format = try string(members["format"], "source.format") {
                guard let parsed = ImportMapping.SourceOptions.Format(rawValue: format) else {
                    throw fail("source.format", "\"\(format)\" is not csv, tsv, json or xlsx")
                }
                source.format = parsed
            }
            if let encoding = try string(members["encoding"], "source.encoding") {
                guard let parsed = TextEncoding(named: encoding) else {
                    throw fail("source.encoding", "unknown encoding \"\(encoding)\"; use utf-8, utf-16, windows-1252 or latin1")
                }
                source.encoding = parsed
            }
            if let delimiter = try string(members["delimiter"], "source.delimiter") {
                let text = delimiter == "\\t" ? "\t" : delimiter
                guard text.utf8.count == 1, let byte = text.utf8.first else { throw fail("source.delimiter", "must be one ASCII character") }
                source.delimiter = byte
            }
            source.header = try bool(members["header"], "source.header")
            if let rows = try string(members["rows"], "source.rows") {
                do { _ = try JSONPath(rows) } catch { throw fail("source.rows", error.description) }
                source.rows = rows
            }
            source.sheet = try string(members["sheet"], "source.sheet")
        }
        let missing = try strings(top["missing"], "missing").map { MissingMarkers(Set($0)) } ?? MissingMarkers()
        var filters: [ImportMapping.RowFilter] = []
        if let filter = top["filter"] {
            guard let list = filter as? [Any] else { throw fail("filter", "must be an array") }
            for (index, element) in list.enumerated() {
                let key = "filter[\(index)]"
                let members = try object(element, key, known: ["field", "equals"])
                guard let field = try string(members["field"], "\(key).field") else { throw fail("\(key).field", "is required") }
                filters.append(.init(field: field, values: try strings(members["equals"], "\(key).equals").map(Set.init)))
            }
        }
        guard let list = top["records"] as? [Any], !list.isEmpty else { throw fail("records", "must be a non-empty array") }
        var records: [RecordMapping] = []
        for (index, element) in list.enumerated() {
            records.append(try record(element, "records[\(index)]", earlier: Set(records.map(\.name))))
        }
        return ImportMapping(name: name, description: try string(top["description"], "description") ?? "", file: file,
                             source: source, missing: missing, filters: filters, records: records)
    }

    private func record(_ value: Any, _ key: String, earlier: Set<String>) throws -> RecordMapping {
        let members = try object(value, key, known: ["name", "kind", "key", "fields", "optional"])
        guard let kindName = try string(members["kind"], "\(key).kind") else { throw fail("\(key).kind", "is required") }
        let target: RecordMapping.Target
        if kindName == "place" {
            target = .place
        } else if let kind = RecordKind(rawValue: kindName) {
            target = .record(kind)
        } else {
            throw fail("\(key).kind", "\"\(kindName)\" is not a kind; use " + (RecordKind.allCases.map(\.rawValue) + ["place"]).joined(separator: ", "))
        }
        let name = try string(members["name"], "\(key).name") ?? kindName
        if earlier.contains(name) { throw fail("\(key).name", "\"\(name)\" names an earlier record already") }
        guard let fieldObject = members["fields"] as? [String: Any], !fieldObject.isEmpty else {
            throw fail("\(key).fields", "must be a non-empty object")
        }
        let allowed: Set<String> = switch target {
        case .record(let kind): kind.writableFields
        case .place: ["nuts", "level", "name"]
        }
        var fields: [(name: String, spec: ValueSpec)] = []
        for fieldName in fieldObject.keys.sorted() {
            let fieldKey = "\(key).fields.\(fieldName)"
            guard allowed.contains(fieldName) else {
                throw fail(fieldKey, "not a field of \(kindName); the fields are " + allowed.sorted().joined(separator: ", "))
            }
            fields.append((fieldName, try spec(fieldObject[fieldName], fieldKey, records: earlier)))
        }
        let keyFields = try strings(members["key"], "\(key).key") ?? []
        for field in keyFields where !fields.contains(where: { $0.name == field }) {
            throw fail("\(key).key", "\"\(field)\" is not one of the record's fields")
        }
        if target == .place {
            for required in ["nuts", "level", "name"] where !fields.contains(where: { $0.name == required }) {
                throw fail("\(key).fields", "a place needs `\(required)`")
            }
        } else if keyFields.isEmpty && !fields.contains(where: { $0.name == "id" }) {
            throw fail("\(key).key", "is required (or an `id` field): the natural key makes a re-import find the same record")
        }
        return RecordMapping(name: name, target: target, key: keyFields, fields: fields,
                             optional: try bool(members["optional"], "\(key).optional") ?? false)
    }

    private static let specKeys: Set<String> = [
        "column", "path", "value", "template", "record", "fields", "list", "append", "parse", "formats", "decimal", "thousands",
        "currency", "bare", "map", "missing", "required", "split", "escape",
    ]

    func spec(_ value: Any?, _ key: String, records: Set<String>) throws -> ValueSpec {
        // A bare string is a column or path: `"title": "projektnamn"`.
        if let name = value as? String { return ValueSpec(source: .field([name])) }
        let members = try object(value, key, known: Self.specKeys)
        let sources = ["column", "path", "value", "template", "record", "fields", "list", "append"].filter { members[$0] != nil }
        guard sources.count == 1, let kind = sources.first else {
            throw fail(key, "needs exactly one of column, path, value, template, record, fields, list, append" +
                       (sources.isEmpty ? "" : " (has " + sources.joined(separator: ", ") + ")"))
        }
        var spec: ValueSpec
        switch kind {
        case "column", "path":
            guard let names = try strings(members[kind], "\(key).\(kind)"), !names.isEmpty else { throw fail("\(key).\(kind)", "is empty") }
            if kind == "path" {
                for name in names {
                    do { _ = try JSONPath(name) } catch { throw fail("\(key).path", error.description) }
                }
            }
            spec = ValueSpec(source: .field(names))
        case "value":
            spec = ValueSpec(source: .constant(try constant(members["value"], "\(key).value")))
        case "template":
            guard let text = try string(members["template"], "\(key).template") else { throw fail(key, "is empty") }
            spec = ValueSpec(source: .template(try template(text, "\(key).template")))
        case "record":
            guard let name = try string(members["record"], "\(key).record"), records.contains(name) else {
                throw fail("\(key).record", "names no earlier entry of `records`; the earlier ones are " + records.sorted().joined(separator: ", "))
            }
            spec = ValueSpec(source: .record(name))
        case "fields":
            guard let object = members["fields"] as? [String: Any], !object.isEmpty else { throw fail("\(key).fields", "must be a non-empty object") }
            spec = ValueSpec(source: .object(try object.keys.sorted().map { ($0, try self.spec(object[$0], "\(key).fields.\($0)", records: records)) }))
        default:
            guard let list = members[kind] as? [Any], !list.isEmpty else { throw fail("\(key).\(kind)", "must be a non-empty array") }
            spec = ValueSpec(source: .list(try list.enumerated().map { try self.spec($1, "\(key).\(kind)[\($0)]", records: records) }))
            spec.append = kind == "append"
        }
        spec.conversion = try conversion(members, key)
        if let map = members["map"] {
            guard let object = map as? [String: Any] else { throw fail("\(key).map", "must be an object of texts to values") }
            spec.map = try object.mapValues { try constant($0, "\(key).map") }
        }
        spec.missing = try strings(members["missing"], "\(key).missing").map { MissingMarkers(Set($0)) }
        spec.required = try bool(members["required"], "\(key).required") ?? false
        spec.split = try string(members["split"], "\(key).split")
        if let escape = try string(members["escape"], "\(key).escape") {
            guard escape.count == 1, let character = escape.first else { throw fail("\(key).escape", "must be one character") }
            guard let separator = spec.split, !separator.isEmpty, !separator.contains(character) else {
                throw fail("\(key).escape", "needs a `split` separator that does not hold it")
            }
            spec.escape = character
        }
        return spec
    }

    private func conversion(_ members: [String: Any], _ key: String) throws -> Conversion {
        let name = try string(members["parse"], "\(key).parse") ?? "text"
        var number = NumberParser()
        if let decimal = try string(members["decimal"], "\(key).decimal") {
            guard decimal.count == 1, let character = decimal.first else { throw fail("\(key).decimal", "must be one character") }
            number.decimalSeparator = character
        }
        if let thousands = try string(members["thousands"], "\(key).thousands") {
            guard thousands.count == 1, let character = thousands.first else { throw fail("\(key).thousands", "must be one character") }
            number.groupingSeparators = [character]
        }
        if let decimal = number.decimalSeparator, number.groupingSeparators?.contains(decimal) == true {
            throw fail("\(key).thousands", "is the decimal separator too")
        }
        switch name {
        case "text": return .text
        case "raw": return .raw
        case "integer": return .integer(number)
        case "number": return .number(number)
        case "money":
            let currency = try string(members["currency"], "\(key).currency")
            if let currency, !(currency.count == 3 && currency.allSatisfy { $0.isASCII && $0.isUppercase }) {
                throw fail("\(key).currency", "\"\(currency)\" is not an ISO 4217 code such as EUR")
            }
            return .money(MoneyParser(number: number, defaultCurrency: currency))
        case "percentage", "fraction":
            let bare = try bool(members["bare"], "\(key).bare") ?? false
            return .percentage(PercentageParser(number: number, bareNumbersAreFractions: name == "fraction" || bare))
        case "date":
            let formats = try strings(members["formats"], "\(key).formats") ?? ["yyyy-mm-dd"]
            for (index, format) in formats.enumerated() {
                guard format.contains("yyyy") else {
                    throw fail("\(key).formats[\(index)]", "\"\(format)\" has no yyyy; a format is made of yyyy, mm, dd and the characters between them")
                }
                let letters = format.replacingOccurrences(of: "yyyy", with: "").replacingOccurrences(of: "mm", with: "")
                    .replacingOccurrences(of: "dd", with: "")
                if let stray = letters.first(where: { $0.isLetter }) {
                    throw fail("\(key).formats[\(index)]", "\"\(format)\" has \"\(stray)\", which is not part of yyyy, mm or dd")
                }
                if format.contains("dd") && !format.contains("mm") {
                    throw fail("\(key).formats[\(index)]", "\"\(format)\" has a day but no month")
                }
            }
            return .date(DateParser(formats: formats))
        case "country": return .country
        case "nuts": return .nuts
        case "nuts-name": return .nutsName
        case "organisation-kind": return .organisationKind
        case "boolean": return .boolean
        case "json": return .json
        default: throw fail("\(key).parse", "\"\(name)\" is not one of " + Conversion.names.joined(separator: ", "))
        }
    }

    private func template(_ text: String, _ key: String) throws -> [ValueSpec.TemplatePart] {
        var parts: [ValueSpec.TemplatePart] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw fail(key, "a \"{\" is never closed") }
            let name = rest[rest.index(after: open)..<close]
            guard !name.isEmpty else { throw fail(key, "\"{}\" names no field") }
            parts.append(.field(String(name)))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        guard parts.contains(where: { if case .field = $0 { true } else { false } }) else {
            throw fail(key, "has no {field}; use `value` for a constant")
        }
        return parts
    }

    private func constant(_ value: Any?, _ key: String) throws -> JSONValue {
        guard let value, let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]),
              let parsed = try? JSONValue(parsing: data) else { throw fail(key, "must be a JSON value") }
        return parsed
    }
}
