import Foundation
import JSONOutput

/// Turns the JSON entries of a list into a CSV table: one row per entry, one column per field.
///
/// Nested objects become columns joined with `.` (`total_budget.amount`), arrays of plain values are joined
/// with `;`, arrays of objects are counted (`partners.count`) — their details are in the JSON — and
/// `evidence` is left out (it is served with each record in JSON); ``JSONCells`` reads them so. The columns
/// are those the page's entries have, sorted, with `id` first: for the lists that are not of records (changes,
/// findings, documents, places). Records have their kind's fixed columns (``CSVRecordRows``).
enum CSVTable {
    static func make(fromJSONArray data: [UInt8]) throws -> [UInt8] {
        var rows = Rows()
        try data.withUnsafeBufferPointer { bytes in
            try JSONCells.cellsOfArray(bytes, into: &rows, entry: { $0.rows.append([:]) })
        }
        var columns = Set(rows.rows.flatMap(\.keys)).sorted()
        if let index = columns.firstIndex(of: "id") {
            columns.remove(at: index)
            columns.insert("id", at: 0)
        }
        let writer = CSVWriter(header: columns.isEmpty ? ["id"] : columns)
        for row in rows.rows { writer.row(columns.map { row[$0] ?? "" }) }
        return writer.bytes
    }

    /// Every cell of every entry, by name.
    private struct Rows: JSONCellSink {
        var rows: [[String: String]] = []

        func wants(_ name: UnsafeBufferPointer<UInt8>) -> Bool { true }

        mutating func cell(_ name: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) {
            rows[rows.count - 1][String(decoding: name, as: UTF8.self)] = String(decoding: text, as: UTF8.self)
        }
    }
}
