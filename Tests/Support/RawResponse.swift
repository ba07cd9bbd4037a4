import Foundation

/// One HTTP/1.1 response as it came off the wire: status line, header fields in order, and body.
public struct RawResponse: Sendable {
    public var version: String
    public var status: Int
    public var reason: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The sizes of the chunks of a chunked body, in order, without the last (empty) one; empty otherwise.
    public var chunkSizes: [Int] = []

    /// The first value of a header field, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of a header field, by case-insensitive name.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public var closesConnection: Bool {
        header("Connection")?.lowercased().split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "close" }
            ?? false
    }

    /// The body as a JSON object.
    public func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ClientError.malformedResponse("body is not a JSON object: \(text)")
        }
        return object
    }

    /// Parses a status line and header fields (the head without its final empty line).
    public init(head: [UInt8], body: [UInt8] = []) throws {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]),
              statusParts[1].count == 3 else {
            throw ClientError.malformedResponse("bad status line: \(lines[0])")
        }
        version = String(statusParts[0])
        self.status = status
        reason = statusParts.count > 2 ? String(statusParts[2]) : ""
        headers = try lines.dropFirst().filter { !$0.isEmpty }.map { line in
            guard let colon = line.firstIndex(of: ":") else {
                throw ClientError.malformedResponse("bad header line: \(line)")
            }
            return (name: String(line[..<colon]),
                    value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        self.body = body
    }
}
