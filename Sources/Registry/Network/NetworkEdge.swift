/// A directed edge of the cooperation network, e.g. `organisation:hamburg —party_of (signatory)→ partnership:…`.
public struct NetworkEdge: Sendable, Hashable {
    public var source: NetworkNode.Key
    public var target: NetworkNode.Key
    public var relation: NetworkRelation
    /// The role the source plays, as stated (`signatory`, `lead`, `speaker`, ...), where there is one.
    public var role: String?

    public init(source: NetworkNode.Key, target: NetworkNode.Key, relation: NetworkRelation, role: String? = nil) {
        self.source = source
        self.target = target
        self.relation = relation
        self.role = role
    }
}
