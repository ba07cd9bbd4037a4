import Foundation
import Import
import JSONOutput
import Registry

/// Computes a mapping's values for one row, noting every source value it reads (for the row's provenance).
struct ValueEvaluator {
    let row: ImportRow
    let missing: MissingMarkers
    /// The NUTS code of a region name, from the gazetteer.
    let nutsCode: (String) throws -> String?
    /// Ids of the records made from this row so far, by their mapping name.
    var ids: [String: String] = [:]
    /// The source values read, in the order first read: `(field, text)`.
    private(set) var used: [(field: String, text: String)] = []
    private var seen: Set<String> = []

    init(row: ImportRow, missing: MissingMarkers, nutsCode: @escaping (String) throws -> String?) {
        self.row = row
        self.missing = missing
        self.nutsCode = nutsCode
    }

    /// The value of `spec` in this row; nil when missing. `name` is the field's name, for messages.
    mutating func value(_ spec: ValueSpec, name: String) throws -> JSONValue? {
        let value = try evaluate(spec, name: name)
        if value == nil && spec.required {
            throw RowProblem(location: spec.fields.first.map(row.location(of:)) ?? row.location, reason: "`\(name)` is required but missing")
        }
        return value
    }

    private mutating func read(_ field: String) -> String? {
        let text = row.text(field)
        if let text, seen.insert(field).inserted { used.append((field, text)) }
        return text
    }

    private mutating func evaluate(_ spec: ValueSpec, name: String) throws -> JSONValue? {
        let markers = spec.missing ?? missing
        switch spec.source {
        case .constant(let value):
            return value
        case .record(let record):
            return ids[record].map(JSONValue.string)
        case .field(let fields):
            for field in fields {
                guard let text = read(field), !markers.isMissing(text) else { continue }
                return try convert(text, spec, name: name, at: row.location(of: field))
            }
            return nil
        case .template(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .literal(let literal): text += literal
                case .field(let field):
                    guard let value = read(field), !markers.isMissing(value) else { return nil }
                    text += value
                }
            }
            return try convert(text, spec, name: name, at: spec.fields.first.map(row.location(of:)) ?? row.location)
        case .object(let members):
            var object: [String: JSONValue] = [:]
            for (member, memberSpec) in members {
                if let value = try value(memberSpec, name: "\(name).\(member)") { object[member] = value }
            }
            // An object of constants alone (a population figure whose count is missing) is no value.
            let sourced = members.contains { if case .constant = $0.spec.source { false } else { object[$0.name] != nil } }
            return sourced ? .object(object) : nil
        case .list(let elements):
            var values: [JSONValue] = []
            for (index, element) in elements.enumerated() {
                switch try value(element, name: "\(name)[\(index)]") {
                case .array(let inner)?: values += inner
                case let value?: values.append(value)
                case nil: break
                }
            }
            return values.isEmpty ? nil : .array(values)
        }
    }

    private func convert(_ text: String, _ spec: ValueSpec, name: String, at location: SourceLocation) throws -> JSONValue? {
        if let separator = spec.split {
            var single = spec
            single.split = nil
            let parts = Self.split(text, at: separator, escape: spec.escape).filter { !(spec.missing ?? missing).isMissing($0) }
            let values = try parts.compactMap { try convert($0, single, name: name, at: location) }
            return values.isEmpty ? nil : .array(values)
        }
        let trimmed = MissingMarkers.trimmed(text)
        if let map = spec.map {
            guard let mapped = map[trimmed] else {
                throw RowProblem(location: location, reason: "`\(name)`: \"\(trimmed)\" is not one of " + map.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))
            }
            return mapped
        }
        do {
            return try Self.convert(trimmed, raw: text, spec.conversion, nutsCode: nutsCode)
        } catch let error as ValueError {
            throw RowProblem(location: location, reason: "`\(name)`: \(error)")
        }
    }

    /// The parts of `text` between separators; with `escape`, an escaped separator or escape is part of a value.
    private static func split(_ text: String, at separator: String, escape: Character?) -> [String] {
        guard let escape, text.contains(escape) else { return text.components(separatedBy: separator) }
        var parts: [String] = []
        var part = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.first == escape, rest.dropFirst().hasPrefix(separator) {
                part += separator
                index = text.index(index, offsetBy: 1 + separator.count)
            } else if rest.first == escape, rest.dropFirst().first == escape {
                part.append(escape)
                index = text.index(index, offsetBy: 2)
            } else if rest.hasPrefix(separator) {
                parts.append(part)
                part = ""
                index = text.index(index, offsetBy: separator.count)
            } else {
                part.append(text[index])
                index = text.index(after: index)
            }
        }
        parts.append(part)
        return parts
    }

    private static func convert(_ text: String, raw: String, _ conversion: Conversion,
                                nutsCode: (String) throws -> String?) throws -> JSONValue? {
        switch conversion {
        case .text:
            let normalized = TextNormalizer.normalize(text)
            return normalized.isEmpty ? nil : .string(normalized)
        case .raw:
            return .string(raw)
        case .integer(let parser):
            let number = try parser.parse(text)
            let integer = NSDecimalNumber(decimal: number).int64Value
            guard Decimal(integer) == number else {
                throw ValueError(text: text, expected: "a whole number", reason: "it has a fraction or is too large")
            }
            return .integer(integer)
        case .number(let parser):
            return .number(NSDecimalNumber(decimal: try parser.parse(text)).doubleValue)
        case .money(let parser):
            let amount = try parser.parse(text)
            let sign = amount.cents < 0 ? "-" : ""
            let cents = amount.cents.magnitude
            let fraction = String(cents % 100)
            return .object(["amount": .string("\(sign)\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"),
                            "currency": .string(amount.currency)])
        case .percentage(let parser):
            return .number(NSDecimalNumber(decimal: try parser.parse(text)).doubleValue)
        case .date(let parser):
            return .string(try parser.parse(text).description)
        case .country:
            guard let code = CountryNames.code(for: text) else {
                throw ValueError(text: text, expected: "a country", reason: "neither an ISO 3166-1 code nor a country name known to the import")
            }
            return .string(code)
        case .nuts:
            return .string(text.uppercased())
        case .nutsName:
            guard let code = try nutsCode(TextNormalizer.normalize(text)) else {
                throw ValueError(text: text, expected: "the name of a NUTS region",
                                 reason: "no one region of the gazetteer has that name (import the profile nuts-2021 first)")
            }
            return .string(code)
        case .organisationKind:
            return .string(OrganisationKind.inferred(fromName: text).rawValue)
        case .json:
            do { return try JSONValue(parsing: Array(text.utf8)) } catch {
                throw ValueError(text: text, expected: "a JSON value", reason: "it is not one (\(error))")
            }
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "ja", "1", "y": return .bool(true)
            case "false", "no", "nej", "nein", "0", "n": return .bool(false)
            default: throw ValueError(text: text, expected: "yes or no", reason: "use true/false, yes/no or 1/0")
            }
        }
    }

    /// The row's provenance line: `line 12: Land -country = Deutschland; …`, values on one line each.
    func provenanceLine() -> String {
        "\(row.location): " + used.map { "\($0.field) = \(TextNormalizer.normalize($0.text))" }.joined(separator: "; ")
    }
}
