import Import

/// How a field's text becomes a value: the `parse` of a mapping field, with its options.
enum Conversion: Sendable {
    /// Text with runs of whitespace made one space; empty is missing.
    case text
    /// The text exactly as it is.
    case raw
    case integer(NumberParser)
    case number(NumberParser)
    /// `{ "amount": "40000.00", "currency": "EUR" }` from `40.000,00 €`.
    case money(MoneyParser)
    /// A fraction (`0.8`) from a percentage (`80%`), or from a fraction when `bare` numbers are fractions.
    case percentage(PercentageParser)
    /// ISO 8601 text (`2015-07-15`, `2015`) from the formats given.
    case date(DateParser)
    /// An ISO 3166-1 alpha-2 code from a code (`DE`, `EL`, `UK`) or a country's name in one of several languages.
    case country
    /// A NUTS code as written (trimmed, upper case).
    case nuts
    /// The NUTS code of the gazetteer region with the name (`Västerbottens län` → `SE331`).
    case nutsName
    /// An organisation kind guessed from the organisation's name (`община …` → municipality).
    case organisationKind
    case boolean
    /// A JSON value written out (`0.75`, `true`, `[{"organisation": "x", "role": "lead"}]`), as a Brobygger CSV
    /// download has numbers, flags and lists of objects.
    case json

    static let names = ["text", "raw", "integer", "number", "money", "percentage", "fraction", "date", "country", "nuts",
                        "nuts-name", "organisation-kind", "boolean", "json"]
}
