import Foundation
import HTTPServer
import JSONOutput

/// The JSON object a request carries as its body, for the routes that take one.
///
/// A body of another media type is a `415` with `Accept-Post`; a body that is not JSON is a `400`; JSON that is
/// not an object is a `422` naming the whole document (`""`, the JSON Pointer of the root).
enum JSONRequestBody {
    /// The most bytes a body of a write may have; a larger one is a `413`.
    static let maxSize = 1 << 20

    static func object(of request: Request) throws -> [String: JSONValue] {
        guard case .object(let members) = try value(of: request) else {
            throw invalid([.init(name: "", reason: "must be a JSON object")])
        }
        return members
    }

    /// The JSON value of a body labelled `mediaType`; another label is a `415` naming the accepted type in
    /// `acceptField` (`Accept-Post`, `Accept-Patch`).
    static func value(of request: Request, mediaType: String = MediaType.json.rawValue,
                      acceptField: String = "Accept-Post") throws -> JSONValue {
        let given = request.headers["Content-Type"]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard given == mediaType else {
            throw HTTPError(
                .unsupportedMediaType, kind: "unsupported-media-type",
                detail: "The body must be `\(mediaType)`; it was \(given.map { "`\($0)`" } ?? "not labelled").",
                headers: [acceptField: mediaType])
        }
        guard request.body.count <= maxSize else {
            throw HTTPError(.contentTooLarge, kind: "content-too-large",
                            detail: "The body has \(request.body.count) bytes; a record may have at most \(maxSize).")
        }
        do {
            return try JSONValue(parsing: request.body)
        } catch {
            throw HTTPError(.badRequest, kind: "malformed-body", detail: "The body is not JSON.")
        }
    }

    /// A `422` listing every problem of a body at once; each names its field by JSON Pointer (`/scope`).
    static func invalid(_ problems: [ProblemDetails.InvalidParameter]) -> HTTPError {
        let names = problems.map { $0.name.isEmpty ? "the body" : "`\($0.name)`" }.joined(separator: ", ")
        return HTTPError(.unprocessableContent, kind: "invalid-body", detail: "The body is not valid: \(names).",
                         invalidParameters: problems)
    }
}
