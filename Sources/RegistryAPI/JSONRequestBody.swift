import Foundation
import HTTPServer
import JSONOutput

/// The JSON object a request carries as its body, for the routes that take one.
///
/// A body of another media type is a `415` with `Accept-Post`; a body that is not JSON is a `400`; JSON that is
/// not an object is a `422` naming the whole document (`""`, the JSON Pointer of the root).
enum JSONRequestBody {
    static func object(of request: Request) throws -> [String: JSONValue] {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == MediaType.json.rawValue else {
            throw HTTPError(
                .unsupportedMediaType, kind: "unsupported-media-type",
                detail: "The body must be `application/json`; it was \(mediaType.map { "`\($0)`" } ?? "not labelled").",
                headers: ["Accept-Post": MediaType.json.rawValue])
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(request.body))
        } catch {
            throw HTTPError(.badRequest, kind: "malformed-body", detail: "The body is not JSON.")
        }
        guard case .object(let members) = value else {
            throw invalid([.init(name: "", reason: "must be a JSON object")])
        }
        return members
    }

    /// A `422` listing every problem of a body at once; each names its field by JSON Pointer (`/scope`).
    static func invalid(_ problems: [ProblemDetails.InvalidParameter]) -> HTTPError {
        let names = problems.map { $0.name.isEmpty ? "the body" : "`\($0.name)`" }.joined(separator: ", ")
        return HTTPError(.unprocessableContent, kind: "invalid-body", detail: "The body is not valid: \(names).",
                         invalidParameters: problems)
    }
}
