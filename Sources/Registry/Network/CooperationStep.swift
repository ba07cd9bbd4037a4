/// One link of a chain of cooperation: `from` is connected to `to` through the record `via`.
///
/// `Københavns Kommune —[Letter of intent Hamburg–Copenhagen]→ Freie und Hansestadt Hamburg` is a step
/// with relation ``Relation/coParty``: both are parties to the letter of intent.
public struct CooperationStep: Sendable, Hashable {
    /// How `from` relates to `to`.
    public enum Relation: String, Sendable, Hashable, CaseIterable, Codable {
        /// Both are parties to the partnership `via`.
        case coParty = "co_party"
        /// Both are partners in the project `via`.
        case coPartner = "co_partner"
        /// Both are members of the region `via`.
        case coMember = "co_member"
        /// `from` is a party to the partnership `to` (= `via`).
        case partyOf = "party_of"
        /// The partnership `from` (= `via`) has `to` as a party.
        case hasParty = "has_party"
        /// `from` is a partner in the project `to` (= `via`).
        case partnerIn = "partner_in"
        /// The project `from` (= `via`) has `to` as a partner.
        case hasPartner = "has_partner"
        /// `from` is a member of the region `to` (= `via`).
        case memberOf = "member_of"
        /// The region `from` (= `via`) has `to` as a member.
        case hasMember = "has_member"
        /// `from` belongs to the organisation `to` (= `via`).
        case partOf = "part_of"
        /// The organisation `from` (= `via`) has `to` as a part.
        case hasPart = "has_part"
        /// `from` runs the office of the region `to` (= `via`).
        case officeOf = "office_of"
        /// The region `from` (= `via`) has its office run by `to`.
        case hasOffice = "has_office"
        /// The project `from` is continued by the project `to` (= `via`).
        case predecessorOf = "predecessor_of"
        /// The project `from` (= `via`) continues the project `to`.
        case successorOf = "successor_of"
    }

    public var from: NetworkNode
    public var to: NetworkNode
    /// The partnership, project, region or organisation that links the two.
    public var via: NetworkNode
    public var relation: Relation
    /// The role `from` plays in `via`, where stated.
    public var fromRole: String?
    /// The role `to` plays in `via`, where stated.
    public var toRole: String?

    public init(
        from: NetworkNode, to: NetworkNode, via: NetworkNode, relation: Relation, fromRole: String? = nil, toRole: String? = nil
    ) {
        self.from = from
        self.to = to
        self.via = via
        self.relation = relation
        self.fromRole = fromRole
        self.toRole = toRole
    }
}
