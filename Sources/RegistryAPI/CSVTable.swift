import Foundation
import JSONOutput

/// Turns the JSON entries of a list into a CSV table: one row per entry, one column per field.
///
/// Nested objects become columns joined with `.` (`total_budget.amount`), arrays of plain values are joined
/// with `;`, arrays of objects are counted (`partners.count`) — their details are in the JSON — and
/// `evidence` is left out (it is served with each record in JSON); ``JSONCells`` reads them so. A page's
/// columns are those its entries have, sorted, with `id` first; a whole collection's are its kind's
/// (``CSVColumns``).
enum CSVTable {
    static func make(fromJSONArray data: [UInt8]) throws -> [UInt8] {
        var rows: [[String: String]] = []
        try data.withUnsafeBufferPointer { bytes in
            try JSONCells.cellsOfArray(bytes, entry: { rows.append([:]) }, cell: { name, text in
                rows[rows.count - 1][name] = text
            })
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
}
