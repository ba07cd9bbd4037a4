import Foundation
import Testing
import TestSupport

/// Assertions and readers shared by the end-to-end suites of the read API.
enum APICheck {
    /// Checks that a response is an RFC 9457 problem with the given status and kind, and returns its body.
    @discardableResult
    static func problem(_ response: RawResponse, status: Int, kind: String? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == status, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
        let body = try response.jsonObject()
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
    static func badParameter(_ response: RawResponse, _ parameter: String, kind: String = "invalid-parameter",
                             sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let body = try problem(response, status: 400, kind: kind, sourceLocation: sourceLocation)
        let names = (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains(parameter), "invalid_params \(names) should name \(parameter)", sourceLocation: sourceLocation)
        let reasons = (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["reason"] as? String }
        #expect(reasons.allSatisfy { !$0.isEmpty }, sourceLocation: sourceLocation)
        return names
    }

    /// A 200 JSON response's object body.
    static func ok(_ response: RawResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == 200, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        return try response.jsonObject()
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
