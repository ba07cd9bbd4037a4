import Foundation
import Testing

/// Assertions and readers shared by the end-to-end suites of the read API.
enum APICheck {
    /// Checks that a response is an RFC 9457 problem with the given status and kind, and returns its body.
    @discardableResult
    static func problem(_ response: TestResponse, status: Int, kind: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == status, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
        let body = try response.json()
        #expect(body["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect((body["title"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        #expect((body["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        let type = body["type"] as? String
        #expect(type?.hasPrefix("/problems/") == true, sourceLocation: sourceLocation)
        if let kind { #expect(type == "/problems/\(kind)", sourceLocation: sourceLocation) }
        return body
    }

    /// A 400 problem whose `invalid_params` names `parameter`; returns the names it lists.
    @discardableResult
    static func badParameter(_ response: TestResponse, _ parameter: String, kind: String = "invalid-parameter",
                             sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let body = try problem(response, status: 400, kind: kind, sourceLocation: sourceLocation)
        let names = (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains(parameter), "invalid_params \(names) should name \(parameter)", sourceLocation: sourceLocation)
        let reasons = (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.allSatisfy { !$0.isEmpty }, sourceLocation: sourceLocation)
        return names
    }

    /// A 200 JSON response's object body.
    static func ok(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == 200, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        return try response.json()
    }

    /// The `data` array of a list or collection response.
    static func data(_ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        let data = body["data"] as? [[String: Any]]
        #expect(data != nil, "no data array", sourceLocation: sourceLocation)
        return data ?? []
    }

    /// The ids of a list or collection response's entries.
    static func ids(_ body: [String: Any]) -> [String] {
        (body["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }
}

extension APITestServer {
    /// The ids of every entry of a list, following `next` from page to page; fails on a loop or a bad page.
    func allIDs(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (ids: [String], total: Int) {
        var ids: [String] = []
        var next: String? = target
        var total = -1
        var pages = 0
        while let page = next {
            pages += 1
            guard pages <= 200 else {
                Issue.record("more than 200 pages", sourceLocation: sourceLocation)
                break
            }
            let response = try get(page)
            let body = try APICheck.ok(response, sourceLocation: sourceLocation)
            let pageTotal = body["total"] as? Int ?? -2
            if total == -1 { total = pageTotal }
            #expect(pageTotal == total, "total changed between pages", sourceLocation: sourceLocation)
            ids += APICheck.ids(body)
            next = body["next"] as? String
            #expect(response.header("Link") == next.map { "<\($0)>; rel=\"next\"" }, sourceLocation: sourceLocation)
        }
        return (ids, total)
    }

    /// The ids of a complete list (one page of at most 100).
    func listIDs(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let body = try APICheck.ok(try get(target), sourceLocation: sourceLocation)
        #expect(body["next"] is NSNull, "expected a single page for \(target)", sourceLocation: sourceLocation)
        return APICheck.ids(body)
    }
}

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(body))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 csv: " + String(decoding: message, as: UTF8.self))
        }
        guard let rows = try JSONSerialization.jsonObject(with: data) as? [[String]] else {
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
