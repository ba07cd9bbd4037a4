import GRDB

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
struct KeysetSegment {
    /// The conditions over the kind's table `t` (none for the whole selection).
    var conditions: [String]
    var arguments: StatementArguments
    /// The terms of `ORDER BY` that still vary within the part (those before are equal throughout it).
    var order: String

    typealias Term = (expression: String, descending: Bool)

    /// The whole selection in the order of `terms`: where a read starts without a position.
    static func whole(_ terms: [Term]) -> KeysetSegment {
        KeysetSegment(conditions: [], arguments: [], order: order(of: terms[...]))
    }

    /// `terms` as the terms of `ORDER BY`.
    static func order(of terms: ArraySlice<Term>) -> String {
        terms.map { $0.expression + ($0.descending ? " DESC" : "") }.joined(separator: ", ")
    }

    /// The statement that reads `selected` of the part from the kind's table `t` (with `join`) where the
    /// selection's `conditions` hold, in the part's order, taking a limit and an offset as arguments.
    func select(_ selected: String, from source: String, where conditions: [String]) -> String {
        """
        SELECT \(selected) FROM \(source) \(RegistryStore.whereClause(conditions + self.conditions))
        ORDER BY \(order) LIMIT ? OFFSET ?
        """
    }

    /// The parts after `position`, in the order of `terms` (the last is the id, which no two records share).
    static func segments(after position: ListPosition, terms: [Term]) -> [KeysetSegment] {
        let values = position.databaseValues
        guard values.count == terms.count, let last = terms.indices.last else { return [] }
        func after(_ index: Int, inclusive: Bool = false) -> String {
            "(\(terms[index].expression)) \(terms[index].descending ? "<" : ">")\(inclusive ? "=" : "") ?"
        }
        /// Equal to the position on every term before `index`.
        func prefix(_ index: Int) -> ([String], StatementArguments) {
            var parts: [String] = []
            var arguments: StatementArguments = []
            for earlier in 0..<index {
                if values[earlier].isNull {
                    parts.append("(\(terms[earlier].expression)) IS NULL")
                } else {
                    parts.append("(\(terms[earlier].expression)) = ?")
                    arguments += [values[earlier]]
                }
            }
            return (parts, arguments)
        }
        func segment(_ parts: [String], _ arguments: StatementArguments, from index: Int) -> KeysetSegment {
            KeysetSegment(conditions: parts, arguments: arguments, order: order(of: terms[index...]))
        }
        guard last > 0 else {
            return [segment([after(0)], [values[0]], from: 0)]
        }
        var segments: [KeysetSegment] = []
        // Equal on every term before the last two; then after the position on those two.
        var (parts, arguments) = prefix(last - 1)
        if values[last - 1].isNull {
            parts += ["(\(terms[last - 1].expression)) IS NULL", after(last)]
            arguments += [values[last]]
        } else {
            parts += [after(last - 1, inclusive: true), "(\(after(last - 1)) OR \(after(last)))"]
            arguments += [values[last - 1], values[last - 1], values[last]]
        }
        segments.append(segment(parts, arguments, from: last - 1))
        // Equal on the terms before `index`, after the position on `index`. Nothing comes after a NULL on its
        // own term: the records after it there are NULL as well.
        for index in stride(from: last - 2, through: 0, by: -1) where !values[index].isNull {
            var (parts, arguments) = prefix(index)
            parts.append(after(index))
            arguments += [values[index]]
            segments.append(segment(parts, arguments, from: index))
        }
        return segments
    }
}
