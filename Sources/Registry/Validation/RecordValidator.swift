import Foundation
import JSONOutput

/// Checks a record sent for writing against its kind's ``RecordSchema`` and the registry, and reports every
/// problem at once: wrong types, missing and unknown fields, codes (ISO 3166-1, ISO 4217, NUTS), dates and
/// periods, money and rates, slugs, references to records, places and documents, and evidence quotes that do
/// not occur in their document.
struct RecordValidator {
    let lookup: any RegistryLookup
    private(set) var problems: [FieldProblem] = []

    init(lookup: any RegistryLookup) {
        self.lookup = lookup
    }

    /// Why a reference to the record `id` of `kind` is refused when there is none.
    static func namesNoRecord(_ kind: RecordKind, _ id: String) -> String {
        "names no existing \(kind.rawValue): `\(id)`"
    }

    /// The problems of `body` as a record of `kind`; empty when it may be written.
    static func problems(of body: [String: JSONValue], kind: RecordKind, lookup: any RegistryLookup) throws -> [FieldProblem] {
        var validator = RecordValidator(lookup: lookup)
        try validator.check(body, RecordSchema.rule(for: kind), at: "")
        return validator.problems
    }

    private mutating func report(_ pointer: String, _ reason: String) {
        problems.append(FieldProblem(pointer: pointer, reason: reason))
    }

    private mutating func check(_ object: [String: JSONValue], _ rule: ObjectRule, at pointer: String) throws {
        for name in object.keys.filter({ !rule.fieldNames.contains($0) }).sorted() {
            report(FieldProblem.pointer(pointer, name), "is not a field of \(Self.article(rule.noun)) \(rule.noun)")
        }
        // A field's pointer is made only where it is reported or its value checked: most fields of a record are absent.
        for field in rule.fields {
            guard let value = object[field.name], value != .null else {
                if field.required { report(FieldProblem.pointer(pointer, field.name), "is required") }
                continue
            }
            try check(value, field.rule, at: FieldProblem.pointer(pointer, field.name))
        }
        for check in rule.checks { problems += check(object, pointer) }
    }

    private static let periodRule = ObjectRule("period", [.optional("start", .date), .optional("end", .date)])

    private mutating func check(_ value: JSONValue, _ rule: ValueRule, at pointer: String) throws {
        switch rule {
        case .text:
            guard case .string = value else { return expected("a string", value, pointer) }
        case .name:
            guard case .string(let text) = value else { return expected("a string", value, pointer) }
            if text.allSatisfy(\.isWhitespace) { report(pointer, "must not be empty") }
        case .integer(let range):
            guard let number = Self.integer(value) else { return expected("an integer", value, pointer) }
            if !range.contains(number) { report(pointer, "must be \(Self.describe(range))") }
        case .boolean:
            guard case .bool = value else { return expected("true or false", value, pointer) }
        case .rate:
            guard let number = Self.number(value) else { return expected("a number", value, pointer) }
            let scaled = number * 1_000_000
            if !(0...1).contains(number) || (scaled - scaled.rounded()).magnitude > 1e-6 {
                report(pointer, "must be a fraction from 0 to 1 with at most six decimals (`0.75` for 75 %)")
            }
        case .money:
            try checkMoney(value, at: pointer)
        case .date:
            guard case .string(let text) = value else { return expected("a date string", value, pointer) }
            if ISODate(text) == nil { report(pointer, "`\(text)` is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") }
        case .period:
            guard case .object(let members) = value else { return expected("an object with `start` and `end`", value, pointer) }
            try check(members, Self.periodRule, at: pointer)
            if case .string(let start)? = members["start"], case .string(let end)? = members["end"],
               let first = ISODate(start), let last = ISODate(end), last < first {
                report(FieldProblem.pointer(pointer, "end"), "ends (\(end)) before the period starts (\(start))")
            }
        case .country:
            guard case .string(let code) = value else { return expected("a country code", value, pointer) }
            if !ISOCodes.countries.contains(code) { report(pointer, "`\(code)` is not an ISO 3166-1 alpha-2 country code (`DE`, `DK`)") }
        case .nuts:
            guard case .string(let code) = value else { return expected("a NUTS code", value, pointer) }
            if try !lookup.knowsNUTS(code) { report(pointer, "`\(code)` is not a NUTS code of a place in the gazetteer") }
        case .email:
            guard case .string(let text) = value else { return expected("an e-mail address", value, pointer) }
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || text.contains(where: \.isWhitespace) {
                report(pointer, "`\(text)` is not an e-mail address")
            }
        case .oneOf(let allowed):
            guard case .string(let text) = value, allowed.contains(text) else {
                return report(pointer, "must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
            }
        case .reference(let kind):
            guard case .string(let id) = value else { return expected("the id of \(Self.article(kind.rawValue)) \(kind.rawValue)", value, pointer) }
            if try !lookup.referenceExists(kind, id, at: pointer) { report(pointer, Self.namesNoRecord(kind, id)) }
        case .place:
            guard case .string(let id) = value else { return expected("the id of a gazetteer place", value, pointer) }
            if try !lookup.placeExists(id) { report(pointer, "names no place of the gazetteer: `\(id)`") }
        case .evidence:
            try checkEvidence(value, at: pointer)
        case .list(let element):
            guard case .array(let elements) = value else { return expected("an array", value, pointer) }
            for (index, item) in elements.enumerated() { try check(item, element, at: FieldProblem.pointer(pointer, index)) }
        case .languages(let element):
            guard case .object(let members) = value else { return expected("an object of language codes", value, pointer) }
            for (code, item) in members.sorted(by: { $0.key < $1.key }) {
                let path = FieldProblem.pointer(pointer, code)
                if !Self.isLanguageCode(code) { report(path, "`\(code)` is not a language code (ISO 639-1: `en`, `da`, `de`)") }
                try check(item, element, at: path)
            }
        case .object(let rule):
            guard case .object(let members) = value else { return expected(Self.article(rule.noun) + " " + rule.noun + " (an object)", value, pointer) }
            try check(members, rule, at: pointer)
        }
    }

    private mutating func checkMoney(_ value: JSONValue, at pointer: String) throws {
        guard case .object(let members) = value else { return expected("an object with `amount` and `currency`", value, pointer) }
        for name in members.keys.sorted() where name != "amount" && name != "currency" {
            report(FieldProblem.pointer(pointer, name), "is not a field of an amount of money")
        }
        let amount = FieldProblem.pointer(pointer, "amount")
        switch members["amount"] {
        case .none, .null?: report(amount, "is required")
        case .integer?, .number?, .string?:
            if let given = members["amount"], MoneyValue.cents(given) == nil {
                report(amount, "must be a number that is not negative, with at most two decimals (`1603747.25`)")
            }
        case let other?: expected("a number", other, amount)
        }
        let currency = FieldProblem.pointer(pointer, "currency")
        switch members["currency"] {
        case .none, .null?: report(currency, "is required")
        case .string(let code)?:
            if !ISOCodes.currencies.contains(code) { report(currency, "`\(code)` is not an ISO 4217 currency code (`EUR`, `DKK`)") }
        case let other?: expected("a currency code", other, currency)
        }
    }

    private static let passageRule = ObjectRule("passage", [
        .optional("field", .text), .required("document", .text), .required("quote", .name),
        .optional("start", .integer(0...Int64.max)), .optional("end", .integer(0...Int64.max)),
    ])

    private mutating func checkEvidence(_ value: JSONValue, at pointer: String) throws {
        guard case .object(let members) = value else { return expected("a passage (an object with `document` and `quote`)", value, pointer) }
        try check(members, Self.passageRule, at: pointer)
        guard case .string(let document)? = members["document"] else { return }
        guard let text = try lookup.documentText(document) else {
            return report(FieldProblem.pointer(pointer, "document"), "names no source document: `\(document)`")
        }
        if case .string(let quote)? = members["quote"], !quote.isEmpty, EvidenceLocator(text: text).locate(quote) == nil {
            report(FieldProblem.pointer(pointer, "quote"), "does not occur verbatim in the document `\(document)`")
        }
    }

    private mutating func expected(_ what: String, _ value: JSONValue, _ pointer: String) {
        report(pointer, "must be \(what), not \(Self.article(value.typeName)) \(value.typeName)")
    }

    static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let number): number
        case .number(let number) where number.rounded() == number && number.magnitude < 9e15: Int64(number)
        default: nil
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }

    static func isLanguageCode(_ code: String) -> Bool {
        code.count == 2 && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
    }

    static func describe(_ range: ClosedRange<Int64>) -> String {
        range.upperBound == .max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
    }

    static func article(_ noun: String) -> String {
        "aeiou".contains(noun.first ?? "x") ? "an" : "a"
    }
}
