import Foundation
import JSONOutput

/// Turns the JSON entries of a list into a CSV table: one row per entry, one column per field.
///
/// Nested objects become columns joined with `.` (`total_budget.amount`), arrays of plain values are joined
/// with `;`, arrays of objects are counted (`partners.count`) — their details are in the JSON — and
/// `evidence` is left out (it is served with each record in JSON). Columns are sorted, with `id` first.
enum CSVTable {
    static func make(fromJSONArray data: [UInt8]) throws -> [UInt8] {
        let entries = try JSONDecoder().decode([[String: JSONValue]].self, from: Data(data))
        let rows = entries.map { entry -> [String: String] in
            var row: [String: String] = [:]
            flatten(entry, prefix: "", into: &row)
            return row
        }
        var columns = Set(rows.flatMap(\.keys)).sorted()
        if let index = columns.firstIndex(of: "id") {
            columns.remove(at: index)
            columns.insert("id", at: 0)
        }
        var writer = CSVWriter(header: columns.isEmpty ? ["id"] : columns)
        for row in rows { writer.row(columns.map { row[$0] ?? "" }) }
        return writer.bytes
    }

    private static func flatten(_ object: [String: JSONValue], prefix: String, into row: inout [String: String]) {
        for (key, value) in object where key != "evidence" {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            switch value {
            case .object(let nested):
                flatten(nested, prefix: name, into: &row)
            case .array(let array) where array.isEmpty:
                continue
            case .array(let array):
                let plain = array.compactMap(cell)
                if plain.count == array.count {
                    row[name] = plain.joined(separator: ";")
                } else {
                    row["\(name).count"] = String(array.count)
                }
            default:
                row[name] = cell(value)
            }
        }
    }

    /// The text of a plain value; nil for arrays and objects.
    private static func cell(_ value: JSONValue) -> String? {
        switch value {
        case .null: ""
        case .bool(let bool): bool ? "true" : "false"
        case .integer(let integer): String(integer)
        case .number(let number): String(number)
        case .string(let string): string
        case .array, .object: nil
        }
    }
}
