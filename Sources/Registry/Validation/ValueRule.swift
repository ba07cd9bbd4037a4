import JSONOutput

/// What a field of a record sent for writing must hold: a JSON type and, for most, a rule on the value.
indirect enum ValueRule: Sendable {
    /// A string, empty or not.
    case text
    /// A string with more than white space.
    case name
    case integer(ClosedRange<Int64>)
    case boolean
    /// A number in 0…1 with at most six decimals (`0.75`).
    case rate
    /// `{ "amount": 1603747.00, "currency": "EUR" }`: not negative, at most two decimals, ISO 4217.
    case money
    /// ISO 8601 of reduced precision: `2011`, `2011-06` or `2011-06-30`.
    case date
    /// `{ "start": date, "end": date }`, the end not before the start.
    case period
    /// ISO 3166-1 alpha-2.
    case country
    /// A NUTS code a place of the gazetteer has.
    case nuts
    /// `name@domain`.
    case email
    /// One of the given strings.
    case oneOf([String])
    /// The id of an existing record of the kind.
    case reference(RecordKind)
    /// The id of a gazetteer place.
    case place
    /// A passage of a source document: `document` and the `quote` found verbatim in it.
    case evidence
    case list(ValueRule)
    /// An object of language codes (`en`, `da`, …) to values.
    case languages(ValueRule)
    case object(ObjectRule)
}

/// The fields an object may have, which of them it must have, and checks across its fields.
struct ObjectRule: Sendable {
    /// A field: its name as served (snake_case), its rule, and whether it is required.
    struct Field: Sendable {
        var name: String
        var rule: ValueRule
        var required: Bool
    }

    /// A check across fields, given the object and its pointer; returns the problems found.
    typealias Check = @Sendable ([String: JSONValue], String) -> [FieldProblem]

    /// What kind of object this is, for messages (`a partner`).
    let noun: String
    let fields: [Field]
    let checks: [Check]
    /// The fields' names, made once per rule rather than for every object checked.
    let fieldNames: Set<String>

    init(_ noun: String, _ fields: [Field], checks: [Check] = []) {
        self.noun = noun
        self.fields = fields
        self.checks = checks
        fieldNames = Set(fields.map(\.name))
    }
}

extension ObjectRule.Field {
    static func required(_ name: String, _ rule: ValueRule) -> Self { Self(name: name, rule: rule, required: true) }
    static func optional(_ name: String, _ rule: ValueRule) -> Self { Self(name: name, rule: rule, required: false) }
}
