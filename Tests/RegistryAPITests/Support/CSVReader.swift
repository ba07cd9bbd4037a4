import Foundation
import TestSupport

/// RFC 4180 parsing by Python's `csv` module, an independent reader of what the server writes.
enum CSVReader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The rows of a CSV body, parsed strictly; each row a list of fields.
    static func rows(_ body: [UInt8]) throws -> [[String]] {
        let script = """
            import csv, io, json, sys
            data = sys.stdin.buffer.read().decode('utf-8')
            rows = list(csv.reader(io.StringIO(data, newline=''), strict=True))
            json.dump(rows, sys.stdout)
            """
        let result = try ExternalProcess.run(try ExternalProcess.locate("python3"), ["-c", script], input: body)
        guard result.status == 0 else {
            throw Failure(description: "python3 csv: " + result.stderr)
        }
        guard let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]] else {
            throw Failure(description: "python3 csv gave no rows")
        }
        return rows
    }

    /// The rows as dictionaries keyed by the header row.
    static func records(_ body: [UInt8]) throws -> (header: [String], records: [[String: String]]) {
        let rows = try rows(body)
        guard let header = rows.first else { throw Failure(description: "no header row") }
        let records = rows.dropFirst().map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
        }
        for row in rows.dropFirst() where row.count != header.count {
            throw Failure(description: "a row has \(row.count) fields, the header \(header.count)")
        }
        return (header, records)
    }
}
