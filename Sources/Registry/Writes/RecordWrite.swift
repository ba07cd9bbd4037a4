import JSONOutput

/// A change of one record asked for through the API, with the record as the API serves it (snake_case).
public enum RecordWrite: Sendable {
    /// A new record; its id is the body's `id`, or made from its name.
    case create(JSONValue)
    /// The record `id` replaced by the body.
    case replace(id: String, JSONValue)
    /// The record `id` changed by a JSON Merge Patch (RFC 7396).
    case update(id: String, patch: JSONValue)
    case delete(id: String)
    /// The record `id` put back to the seeds' version.
    case reset(id: String)

    /// The name the history records the operation by.
    var operation: ChangeOperation {
        switch self {
        case .create: .create
        case .replace: .replace
        case .update: .update
        case .delete: .delete
        case .reset: .reset
        }
    }
}
