/// A record related to another, as the other's item shows it: the group it is shown in, its kind, id and
/// name in a language, the role it plays in the relation and the country shown for it.
public struct RelatedSummary: Sendable, Hashable {
    public var relation: String
    public var kind: RecordKind
    public var id: String
    public var name: String
    public var role: String?
    public var country: String?
}
