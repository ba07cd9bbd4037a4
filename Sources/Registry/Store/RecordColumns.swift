import GRDB

/// The typed columns and link rows a record kind stores beside its JSON `data`.
struct RecordColumns {
    var columns: [(String, (any DatabaseValueConvertible)?)]
    var themes: [String]
    var links: [(sql: String, arguments: StatementArguments)]

    init(_ record: some RegistryRecord) {
        columns = []
        themes = []
        links = []
        switch record {
        case let theme as Theme:
            columns = [
                ("label_en", theme.labels["en"] ?? theme.id), ("label_da", theme.labels["da"] ?? theme.id),
                ("label_de", theme.labels["de"] ?? theme.id),
            ]
        case let organisation as Organisation:
            columns = [
                ("kind", organisation.kind.rawValue), ("country", organisation.country), ("nuts", organisation.nuts),
                ("place_id", organisation.place), ("parent_id", organisation.parent),
            ]
            themes = organisation.themes
        case let region as Region:
            columns = [("kind", region.kind.rawValue), ("office_id", region.office)]
            links = region.members.map {
                ("INSERT OR IGNORE INTO region_member (region_id, organisation_id) VALUES (?, ?)", [region.id, $0])
            }
        case let programme as Programme:
            columns = [("start_date", programme.period?.start?.description), ("end_date", programme.period?.end?.description)]
        case let partnership as Partnership:
            columns = [
                ("kind", partnership.kind.rawValue), ("signed", partnership.signed?.description),
                ("start_date", partnership.period?.start?.description), ("end_date", partnership.period?.end?.description),
            ]
            themes = partnership.themes
            links = partnership.parties.enumerated().map { position, party in
                (
                    "INSERT INTO partnership_party (partnership_id, position, organisation_id, region_id, role) VALUES (?, ?, ?, ?, ?)",
                    [partnership.id, position, party.organisation, party.region, party.role]
                )
            }
        case let project as Project:
            columns = [
                ("acronym", project.acronym), ("kind", project.kind.rawValue), ("programme_id", project.programme),
                ("start_date", project.period?.start?.description), ("end_date", project.period?.end?.description),
                ("currency", project.totalBudget?.currency ?? project.euFunding?.currency),
                ("total_budget_cents", project.totalBudget?.cents), ("eu_funding_cents", project.euFunding?.cents),
                ("co_financing_rate_ppm", project.coFinancingRate?.partsPerMillion),
                ("declared_partner_count", project.declaredPartnerCount),
                ("declared_country_count", project.declaredCountryCount),
                ("predecessor_id", project.predecessor), ("successor_id", project.successor),
            ]
            themes = project.themes
            links = project.partners.enumerated().map { position, partner in
                (
                    "INSERT INTO project_partner (project_id, position, organisation_id, listed_name, role, country) VALUES (?, ?, ?, ?, ?, ?)",
                    [project.id, position, partner.organisation, partner.listedName, partner.role, partner.country]
                )
            }
        case let person as Person:
            links = person.roles.enumerated().map { position, role in
                (
                    "INSERT INTO person_role (person_id, position, role, organisation_id, partnership_id, region_id) VALUES (?, ?, ?, ?, ?, ?)",
                    [person.id, position, role.role, role.organisation, role.partnership, role.region]
                )
            }
        default:
            break
        }
    }

    /// The link tables rewritten with a record of `kind`, keyed by their record column.
    static func linkTables(of kind: RecordKind) -> [(table: String, column: String)] {
        switch kind {
        case .region: [("region_member", "region_id")]
        case .partnership: [("partnership_party", "partnership_id")]
        case .project: [("project_partner", "project_id")]
        case .person: [("person_role", "person_id")]
        case .theme, .organisation, .programme: []
        }
    }
}
