/// JSON Merge Patch (RFC 7396): a patch object names the members to change; `null` removes a member, an
/// object patches the member recursively, and anything else (arrays included) replaces it.
public enum JSONMergePatch {
    /// `target` with `patch` applied.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [String: JSONValue] = if case .object(let existing) = target { existing } else { [:] }
        for (name, value) in changes {
            if value == .null {
                members[name] = nil
            } else {
                members[name] = apply(value, to: members[name] ?? .null)
            }
        }
        return .object(members)
    }
}
