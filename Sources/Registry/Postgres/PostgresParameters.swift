import PostgresClient

/// The parameters of a PostgreSQL statement being written: each value bound becomes the next `$n`, so that the
/// SQL is built in the order it reads and the numbering cannot go out of step with the values.
struct PostgresParameters: CustomStringConvertible {
    private(set) var values: [PostgresValue] = []

    /// Keeps `value` as the next parameter and returns its placeholder, `$n`.
    mutating func bind(_ value: PostgresValue) -> String {
        values.append(value)
        return "$\(values.count)"
    }

    /// The values in order, to tell one statement's parameters from another's (the key of a cached count).
    var description: String { "\(values)" }
}

extension PostgresParameters: KeysetParameters {
    /// A position's values are sent as untyped text, which the server reads as the type of what they are compared
    /// with: a term may be `text`, `bigint` or `boolean` (`(t.acronym) IS NULL`, whose value a position holds as
    /// 0 or 1 as SQLite gives it, and which `boolean` reads from "0" and "1").
    mutating func bind(value: ListPosition.Value) -> String {
        switch value {
        case .null: bind(.null)
        case .integer(let integer): bind(.text(String(integer)))
        case .real(let real): bind(.double(real))
        case .text(let text): bind(.text(text))
        }
    }

    /// A range of one value rather than `=`: the planner rewrites `(x IS NULL) = false` as `x IS NOT NULL`, which
    /// no longer matches an index on `((x IS NULL), x, id)`, so a page after a position sorted the whole table;
    /// as `>= false AND <= false` the index seeks to the position.
    mutating func equal(_ expression: String, to value: ListPosition.Value) -> String {
        let placeholder = bind(value: value)
        return "(\(expression)) >= \(placeholder) AND (\(expression)) <= \(placeholder)"
    }

    /// A range does not make the term a constant of the order, as `=` does: the index gives the order only when
    /// it is asked for whole.
    static var ordersByEqualTerms: Bool { true }
}
