/// A partner of a project: the organisation, its role and its country.
public struct ProjectPartner: Codable, Sendable, Hashable {
    /// Id of the ``Organisation``.
    public var organisation: String
    /// The name exactly as the project lists it.
    public var listedName: String
    /// One of ``roles``.
    public var role: String
    /// ISO 3166-1 alpha-2, resolved through the gazetteer.
    public var country: String?

    /// The roles a partner plays: the lead partner, a partner, or an associated partner, which takes part without
    /// a budget of its own (Interreg's "AP") and is not counted among the partners a project declares.
    public static let roles = ["lead", "partner", "associated"]

    /// Whether the partner counts among the partners a project declares: lead and partners, not associates.
    public var isFullPartner: Bool { role != "associated" }

    public init(organisation: String, listedName: String, role: String, country: String?) {
        self.organisation = organisation
        self.listedName = listedName
        self.role = role
        self.country = country
    }
}
