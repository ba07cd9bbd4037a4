/// A partner of a project: the organisation, its role and its country.
public struct ProjectPartner: Codable, Sendable, Hashable {
    /// Id of the ``Organisation``.
    public var organisation: String
    /// The name exactly as the project lists it.
    public var listedName: String
    /// `lead` or `partner`.
    public var role: String
    /// ISO 3166-1 alpha-2, resolved through the gazetteer.
    public var country: String?

    public init(organisation: String, listedName: String, role: String, country: String?) {
        self.organisation = organisation
        self.listedName = listedName
        self.role = role
        self.country = country
    }
}
