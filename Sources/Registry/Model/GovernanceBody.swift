/// A body of a partnership: who sits in it, how often it meets, where, and who chairs it.
public struct GovernanceBody: Codable, Sendable, Hashable {
    public var name: String
    /// Ids of the organisations that sit in the body.
    @DefaultEmpty public var members: [String]
    public var meets: Frequency?
    /// Ids of the organisations whose territory hosts the meetings; more than one with `alternatingVenue`.
    @DefaultEmpty public var venues: [String]
    /// True when meetings alternate between the venues.
    public var alternatingVenue: Bool?
    /// Who chairs, as stated (`"follows the host"`).
    public var chair: String?
    /// The body's task.
    public var task: String?

    public init(
        name: String, members: [String] = [], meets: Frequency? = nil, venues: [String] = [],
        alternatingVenue: Bool? = nil, chair: String? = nil, task: String? = nil
    ) {
        self.name = name
        self.members = members
        self.meets = meets
        self.venues = venues
        self.alternatingVenue = alternatingVenue
        self.chair = chair
        self.task = task
    }
}
