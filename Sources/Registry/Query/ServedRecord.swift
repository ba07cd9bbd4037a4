/// A record as the API serves it, read without decoding it: its JSON (snake_case property names, sorted
/// keys, as ``StoredJSON/served(_:)`` renders it) and its name in the language asked for.
public struct ServedRecord: Sendable, Hashable {
    public var id: String
    public var json: String
    public var label: String
}
