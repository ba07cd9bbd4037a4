/// A reference from a record to another record that the record's item shows among its related records
/// (a project's partners, programme, themes, …), kept in `record_related` so that an item reads its related
/// summaries from columns in one statement.
///
/// ``of(_:)`` lists them in the order the item shows them: a group's references in the record's order,
/// the references of a group whose entries are plain ids once each.
struct RelatedReference: Sendable, Hashable {
    /// The group of the item's `related` the reference is shown in.
    var relation: String
    var kind: RecordKind
    var id: String
    /// The role the record gives the other in the relation, where it gives one.
    var role: String?
    /// The country the record states for the other (a project's partner), shown instead of the other's own.
    var country: String?

    static func of(_ record: some RegistryRecord) -> [RelatedReference] {
        var references: [RelatedReference] = []
        func add(_ relation: String, _ kind: RecordKind, _ id: String?, role: String? = nil, country: String? = nil) {
            guard let id else { return }
            references.append(RelatedReference(relation: relation, kind: kind, id: id, role: role, country: country))
        }
        func addOnce(_ relation: String, _ kind: RecordKind, _ ids: [String]) {
            var seen = Set<String>()
            for id in ids where seen.insert(id).inserted { add(relation, kind, id) }
        }
        switch record {
        case let project as Project:
            for partner in project.partners {
                add("partners", .organisation, partner.organisation, role: partner.role, country: partner.country)
            }
            add("programme", .programme, project.programme)
            add("predecessor", .project, project.predecessor)
            add("successor", .project, project.successor)
            addOnce("themes", .theme, project.themes)
            addOnce("regions", .region, project.regions)
        case let partnership as Partnership:
            for party in partnership.parties {
                if let organisation = party.organisation {
                    add("parties", .organisation, organisation, role: party.role)
                } else {
                    add("parties", .region, party.region, role: party.role)
                }
            }
            addOnce("themes", .theme, partnership.themes)
            addOnce("regions", .region, partnership.regions)
            addOnce("programmes", .programme, partnership.programmes)
        case let region as Region:
            addOnce("members", .organisation, region.members)
            add("office", .organisation, region.office)
            addOnce("memberships", .partnership, region.memberships)
        case let organisation as Organisation:
            add("parent", .organisation, organisation.parent)
            addOnce("themes", .theme, organisation.themes)
        case let person as Person:
            for role in person.roles {
                if let organisation = role.organisation {
                    add("roles", .organisation, organisation, role: role.role)
                } else if let partnership = role.partnership {
                    add("roles", .partnership, partnership, role: role.role)
                } else {
                    add("roles", .region, role.region, role: role.role)
                }
            }
        default:
            break
        }
        return references
    }
}
