import Registry

/// The records related to one record, as named groups of summaries (`partners`, `programme`, …).
enum RelatedRecords {
    /// The most records a theme's item lists per kind.
    static let themeGroupLimit = 100

    static func of(_ record: some RegistryRecord, resolver: SummaryResolver) throws -> [String: [Summary]] {
        let store = resolver.store
        var related: [String: [Summary]] = [:]
        func add(_ name: String, _ summaries: [Summary]) {
            if !summaries.isEmpty { related[name] = summaries }
        }
        switch record {
        case let project as Project:
            let organisations = try resolver.summaries(.organisation, project.partners.map(\.organisation))
            add("partners", project.partners.compactMap { partner in
                guard var summary = organisations.first(where: { $0.id == partner.organisation }) else { return nil }
                summary.role = partner.role
                summary.country = partner.country ?? summary.country
                return summary
            })
            add("programme", try resolver.summary(.programme, project.programme))
            add("predecessor", try resolver.summary(.project, project.predecessor))
            add("successor", try resolver.summary(.project, project.successor))
            add("themes", try resolver.summaries(.theme, project.themes))
            add("regions", try resolver.summaries(.region, project.regions))
        case let partnership as Partnership:
            var parties: [Summary] = []
            for party in partnership.parties {
                let found = try party.organisation.map { try resolver.summaries(.organisation, [$0]) }
                    ?? party.region.map { try resolver.summaries(.region, [$0]) } ?? []
                parties += found.map { var summary = $0; summary.role = party.role; return summary }
            }
            add("parties", parties)
            add("themes", try resolver.summaries(.theme, partnership.themes))
            add("regions", try resolver.summaries(.region, partnership.regions))
            add("programmes", try resolver.summaries(.programme, partnership.programmes))
            add("people", try people(in: partnership.id, resolver: resolver))
        case let region as Region:
            add("members", try resolver.summaries(.organisation, region.members))
            add("office", try resolver.summary(.organisation, region.office))
            add("memberships", try resolver.summaries(.partnership, region.memberships))
            add("partnerships", try store.partnerships(withParty: region.id).map { summary(of: $0, resolver: resolver) })
            add("people", try people(in: region.id, resolver: resolver))
        case let organisation as Organisation:
            add("parent", try resolver.summary(.organisation, organisation.parent))
            add("partnerships", try store.partnerships(withParty: organisation.id).map { summary(of: $0, resolver: resolver) })
            add("projects", try store.projects(withPartner: organisation.id).map { project in
                var summary = summary(of: project, resolver: resolver)
                summary.role = project.partners.first { $0.organisation == organisation.id }?.role
                return summary
            })
            add("themes", try resolver.summaries(.theme, organisation.themes))
            add("people", try people(in: organisation.id, resolver: resolver))
        case let programme as Programme:
            var query = RecordQuery(kind: .project)
            query.programme = programme.id
            query.limit = 100
            add("projects", try store.list(Project.self, query).records.map { summary(of: $0, resolver: resolver) })
            var partnerships = RecordQuery(kind: .partnership)
            partnerships.programme = programme.id
            partnerships.limit = 100
            add("partnerships", try store.list(Partnership.self, partnerships).records.map { summary(of: $0, resolver: resolver) })
        case let person as Person:
            var roles: [Summary] = []
            for role in person.roles {
                let found = try role.organisation.map { try resolver.summaries(.organisation, [$0]) }
                    ?? role.partnership.map { try resolver.summaries(.partnership, [$0]) }
                    ?? role.region.map { try resolver.summaries(.region, [$0]) } ?? []
                roles += found.map { var summary = $0; summary.role = role.role; return summary }
            }
            add("roles", roles)
        case let theme as Theme:
            // A theme may tag thousands of records: the item shows the first ones, `/v1/{kind}?theme=` lists all.
            for kind in [RecordKind.project, .partnership, .organisation] {
                let ids = try store.recordIDs(of: kind, withTheme: theme.id, limit: RelatedRecords.themeGroupLimit)
                add(kind.plural, try resolver.summaries(kind, ids))
            }
        default:
            break
        }
        return related
    }

    private static func people(in id: String, resolver: SummaryResolver) throws -> [Summary] {
        try resolver.store.people(withRoleIn: id).map { person in
            var summary = summary(of: person, resolver: resolver)
            summary.role = person.roles.first { $0.organisation == id || $0.partnership == id || $0.region == id }?.role
            return summary
        }
    }

    static func summary<R: RegistryRecord>(of record: R, resolver: SummaryResolver) -> Summary {
        Summary(id: record.id, type: R.kind.rawValue, name: localizedName(of: record, in: resolver.language),
                link: SummaryResolver.link(R.kind, record.id))
    }
}
