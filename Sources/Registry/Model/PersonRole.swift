/// A role a person holds: `speaker`, `deputySpeaker`, `headOfOffice`, `managingDirector`, `contact`, in a body.
public struct PersonRole: Codable, Sendable, Hashable {
    public var role: String
    /// Id of the ``Organisation`` the role is held in.
    public var organisation: String?
    /// Id of the ``Partnership`` (network, committee) the role is held in.
    public var partnership: String?
    /// Id of the ``Region`` the person comes from or acts for.
    public var region: String?
    /// The title as the source writes it (`Geschäftsführerin`).
    public var title: String?

    public init(role: String, organisation: String? = nil, partnership: String? = nil, region: String? = nil, title: String? = nil) {
        self.role = role
        self.organisation = organisation
        self.partnership = partnership
        self.region = region
        self.title = title
    }
}
