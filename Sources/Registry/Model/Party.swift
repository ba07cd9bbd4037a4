/// A party to a partnership: exactly one of an organisation or a region, with its role.
public struct Party: Codable, Sendable, Hashable {
    /// Id of an ``Organisation``.
    public var organisation: String?
    /// Id of a ``Region``.
    public var region: String?
    /// The party's role as stated: `signatory`, `member`, `participant`, `lead`, `host`, `speaker`, `deputySpeaker`.
    public var role: String

    public init(organisation: String? = nil, region: String? = nil, role: String) {
        self.organisation = organisation
        self.region = region
        self.role = role
    }
}
