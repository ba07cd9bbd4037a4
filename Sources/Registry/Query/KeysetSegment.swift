import GRDB

/// How an engine's statements take their parameters: each value bound is written in the SQL as the placeholder
/// this returns, and kept to be sent with the statement. The segments of a keyset are the same for every engine;
/// only how a value stands in the SQL (`?` for SQLite, `$n` for PostgreSQL) and how it is sent differ.
///
/// It also says how a part states that a term equals the position's value, and whether a part's `ORDER BY` names
/// the terms that are equal throughout it: what lets each engine's planner seek in the order's index.
protocol KeysetParameters {
    /// Keeps `value` as the statement's next parameter and returns the placeholder that stands for it.
    mutating func bind(value: ListPosition.Value) -> String
    /// The condition that the term `expression` equals `value`, bound here.
    mutating func equal(_ expression: String, to value: ListPosition.Value) -> String
    /// Whether a part's `ORDER BY` names every term, those equal throughout it too.
    static var ordersByEqualTerms: Bool { get }
}

/// SQLite's parameters are positional `?`s, whatever came before them. An equality on a term lets SQLite seek
/// past it in an index, which then gives the order of the terms after it.
extension StatementArguments: KeysetParameters {
    mutating func bind(value: ListPosition.Value) -> String {
        self += [value.databaseValue]
        return "?"
    }

    mutating func equal(_ expression: String, to value: ListPosition.Value) -> String {
        "(\(expression)) = \(bind(value: value))"
    }

    static var ordersByEqualTerms: Bool { false }
}

/// A part of the records that follow a ``ListPosition`` in a list's order, made so that an index in that
/// order can seek to its start: the parts, read in turn, give the records after the position in order.
///
/// One condition saying "after the position" (for some term, equal on every term before it and after it on
/// this one) is an OR that SQLite cannot seek with: it reads the order's index from the start and skips every
/// record before the position, so a walk through a list sorted by a value costs the square of its length. As
/// parts, each equal on a prefix of the terms and after the position on the next one, each is a range of the
/// index. The last two terms share a part (`t >= v AND (t > v OR id > c)`) since the records equal on every
/// term but the id are few, and an equality on a column would let SQLite fold away the `IS NULL` term of an
/// index before it.
///
/// The parts are built over the parameters that come before them in the statement (the selection's), so that
/// an engine that numbers its placeholders numbers the part's after those.
struct KeysetSegment<Parameters: KeysetParameters> {
    /// The conditions over the kind's table `t` (none for the whole selection).
    var conditions: [String]
    /// The parameters given to start with, then those of ``conditions``.
    var parameters: Parameters
    /// The terms of `ORDER BY` that still vary within the part (those before are equal throughout it).
    var order: String

    typealias Term = (expression: String, descending: Bool)

    /// The whole selection in the order of `terms`: where a read starts without a position.
    static func whole(_ terms: [Term], parameters: Parameters) -> KeysetSegment {
        KeysetSegment(conditions: [], parameters: parameters, order: order(of: terms[...]))
    }

    /// `terms` as the terms of `ORDER BY`.
    static func order(of terms: ArraySlice<Term>) -> String {
        terms.map { $0.expression + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }

    /// The statement that reads `selected` of the part from `source` where the selection's `conditions` hold,
    /// in the part's order, at most `limit` records after skipping `offset`; with its parameters.
    func select(_ selected: String, from source: String, where conditions: [String], limit: Int, offset: Int)
        -> (sql: String, parameters: Parameters) {
        var parameters = self.parameters
        let limit = parameters.bind(value: .integer(Int64(limit)))
        let offset = parameters.bind(value: .integer(Int64(offset)))
        let sql = """
            SELECT \(selected) FROM \(source) \(RegistryStore.whereClause(conditions + self.conditions))
            ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """
        return (sql, parameters)
    }

    /// The parts after `position`, in the order of `terms` (the last is the id, which no two records share),
    /// each binding its values after `parameters`.
    static func segments(after position: ListPosition, terms: [Term], parameters start: Parameters) -> [KeysetSegment] {
        let values = position.values
        guard values.count == terms.count, let last = terms.indices.last else { return [] }
        /// Placeholders are bound in the order they appear in the SQL: each part's conditions are built in order.
        func after(_ index: Int, inclusive: Bool = false, _ parameters: inout Parameters) -> String {
            "(\(terms[index].expression)) \(terms[index].descending ? "<" : ">")\(inclusive ? "=" : "") \(parameters.bind(value: values[index]))"
        }
        /// Equal to the position on every term before `index`.
        func prefix(_ index: Int, _ parameters: inout Parameters) -> [String] {
            (0..<index).map { earlier in
                values[earlier] == .null
                    ? "(\(terms[earlier].expression)) IS NULL"
                    : parameters.equal(terms[earlier].expression, to: values[earlier])
            }
        }
        func segment(_ parts: [String], _ parameters: Parameters, from index: Int) -> KeysetSegment {
            KeysetSegment(conditions: parts, parameters: parameters,
                          order: order(of: Parameters.ordersByEqualTerms ? terms[...] : terms[index...]))
        }
        guard last > 0 else {
            var parameters = start
            let part = after(0, &parameters)
            return [segment([part], parameters, from: 0)]
        }
        var segments: [KeysetSegment] = []
        // Equal on every term before the last two; then after the position on those two.
        var parameters = start
        var parts = prefix(last - 1, &parameters)
        if values[last - 1] == .null {
            parts.append("(\(terms[last - 1].expression)) IS NULL")
            parts.append(after(last, &parameters))
        } else {
            parts.append(after(last - 1, inclusive: true, &parameters))
            let either = after(last - 1, &parameters)
            parts.append("(\(either) OR \(after(last, &parameters)))")
        }
        segments.append(segment(parts, parameters, from: last - 1))
        // Equal on the terms before `index`, after the position on `index`. Nothing comes after a NULL on its
        // own term: the records after it there are NULL as well.
        for index in stride(from: last - 2, through: 0, by: -1) where values[index] != .null {
            var parameters = start
            var parts = prefix(index, &parameters)
            parts.append(after(index, &parameters))
            segments.append(segment(parts, parameters, from: index))
        }
        return segments
    }
}

extension KeysetSegment where Parameters == StatementArguments {
    /// The whole selection, for SQLite, its parameters after the selection's.
    static func whole(_ terms: [Term]) -> KeysetSegment {
        whole(terms, parameters: [])
    }

    /// The parts after `position`, for SQLite, their parameters after the selection's.
    static func segments(after position: ListPosition, terms: [Term]) -> [KeysetSegment] {
        segments(after: position, terms: terms, parameters: [])
    }
}
