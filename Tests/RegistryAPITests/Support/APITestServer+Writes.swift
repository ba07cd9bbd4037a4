import Foundation
import Registry
import TestSupport

/// Helpers of the suites of the write side: tokens, bodies and the entity tags `If-Match` needs.
extension APITestServer {
    /// The `Authorization` header of a new token named `name` of `scope`.
    func bearer(_ name: String, _ scope: TokenScope) throws -> [String: String] {
        let (_, secret) = try store.createToken(name: name, scope: scope, now: Date())
        return ["Authorization": "Bearer \(secret.text)"]
    }

    /// Sends `json` as the body of a `method` request, labelled `contentType`.
    func send(_ method: String, _ target: String, _ json: String, headers: [String: String],
              contentType: String = "application/json") throws -> RawResponse {
        try request(method, target, headers: headers.merging(["Content-Type": contentType]) { $1 }, body: Array(json.utf8))
    }

    /// A merge patch with the item's current entity tag.
    func patch(_ target: String, _ json: String, headers: [String: String]) throws -> RawResponse {
        try send("PATCH", target, json, headers: headers.merging(["If-Match": try etag(target)]) { $1 },
                 contentType: "application/merge-patch+json")
    }

    /// The entity tag of the item at `target` as served now.
    func etag(_ target: String) throws -> String {
        let response = try get(target)
        guard response.status == 200, let tag = response.header("ETag") else {
            throw ClientError.malformedResponse("no entity tag for \(target): \(response.status)")
        }
        return tag
    }

    /// The `data` of the item at `target`.
    func data(_ target: String) throws -> [String: Any] {
        try get(target).jsonObject()["data"] as? [String: Any] ?? [:]
    }

    /// The number of entries of the change feed.
    func changeCount() throws -> Int {
        try get("/v1/changes?limit=1").jsonObject()["total"] as? Int ?? -1
    }
}
