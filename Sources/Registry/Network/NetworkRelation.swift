/// What a directed edge of the cooperation network states about its source and target.
public enum NetworkRelation: String, Sendable, Hashable, CaseIterable, Codable {
    /// An organisation or region is a party to a partnership (with its role).
    case partyOf = "party_of"
    /// An organisation is a partner in a project (role `lead`, `partner` or `associated`).
    case partnerIn = "partner_in"
    /// An organisation is a member of a region.
    case memberOf = "member_of"
    /// An organisation belongs to another (a department of a city).
    case partOf = "part_of"
    /// An organisation runs a region's office.
    case officeOf = "office_of"
    /// A project is continued by another.
    case predecessorOf = "predecessor_of"
    /// A project is funded by, or a partnership uses, a programme.
    case programme
    /// A person holds a role in an organisation, partnership or region.
    case roleIn = "role_in"
    /// A person acts for a region in a role held in a partnership or organisation.
    case actsFor = "acts_for"
}

extension NetworkRelation {
    /// The relation's place in the order of the names (``CooperationNetworkBuilder/relationsByName``), by which
    /// edges are sorted: a switch, since a dictionary keyed by the relation hashes its name for every one of a
    /// million edges.
    var rank: UInt8 {
        switch self {
        case .actsFor: 0
        case .memberOf: 1
        case .officeOf: 2
        case .partOf: 3
        case .partnerIn: 4
        case .partyOf: 5
        case .predecessorOf: 6
        case .programme: 7
        case .roleIn: 8
        }
    }
}
