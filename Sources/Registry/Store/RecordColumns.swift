/// The typed columns and link rows a record kind stores beside its JSON `data`, in values either engine binds:
/// what a record's row holds is decided once, and each engine writes it with its own SQL.
struct RecordColumns {
    /// A column's value.
    enum Value: Equatable {
        case text(String)
        case integer(Int64)
        case null

        init(_ text: String?) { self = text.map(Value.text) ?? .null }
        init(_ integer: Int?) { self = integer.map { .integer(Int64($0)) } ?? .null }
        init(_ integer: Int64?) { self = integer.map(Value.integer) ?? .null }
    }

    /// A table of rows that list a record's members, parties, partners or roles, in the record's order.
    enum LinkTable: CaseIterable {
        case regionMember, partnershipParty, projectPartner, personRole

        var name: String {
            switch self {
            case .regionMember: "region_member"
            case .partnershipParty: "partnership_party"
            case .projectPartner: "project_partner"
            case .personRole: "person_role"
            }
        }

        /// The columns a row gives, the record's own first.
        var columns: [String] {
            switch self {
            case .regionMember: ["region_id", "organisation_id"]
            case .partnershipParty: ["partnership_id", "position", "organisation_id", "region_id", "role"]
            case .projectPartner: ["project_id", "position", "organisation_id", "listed_name", "role", "country"]
            case .personRole: ["person_id", "position", "role", "organisation_id", "partnership_id", "region_id"]
            }
        }

        /// Whether a row equal to one written already is left out rather than refused: a region may list a
        /// member twice, and its members are a set.
        var ignoresDuplicates: Bool { self == .regionMember }

        /// The link table of a record kind, if it has one.
        static func of(_ kind: RecordKind) -> LinkTable? {
            switch kind {
            case .region: .regionMember
            case .partnership: .partnershipParty
            case .project: .projectPartner
            case .person: .personRole
            case .theme, .organisation, .programme: nil
            }
        }
    }

    /// One row of a link table.
    struct Link {
        var table: LinkTable
        var values: [Value]
    }

    /// Every column of the record's row, in the same order for every record of a kind.
    var columns: [(String, Value)]
    var themes: [String]
    var links: [Link]

    /// The row of `record` in its stored and served forms (`data`, `served`), from `sourceFile` (nil for API
    /// records): its id, origin, names in each language, JSON forms and the kind's typed columns, with its
    /// theme links and link rows.
    init<R: RegistryRecord>(_ record: R, data: String, served: String, sourceFile: String?) throws {
        self.init(record)
        var common: [(String, Value)] = [
            ("id", .text(record.id)), ("origin", .text(record.origin.rawValue)), ("name", .text(record.displayName)),
            ("source_file", Value(sourceFile)), ("data", .text(data)), ("served", .text(served)),
        ]
        for language in RegistryStore.nameLanguages {
            common.append((RegistryStore.nameColumn(language), Value(record.localizedName(in: language))))
        }
        if let person = record as? Person {
            common.append(("served_public", .text(try StoredJSON.served(PersonalData.publicVersion(of: person)))))
        }
        columns = common + columns
    }

    /// The typed columns, theme links and link rows of the record's kind.
    private init(_ record: some RegistryRecord) {
        columns = []
        themes = []
        links = []
        switch record {
        case let theme as Theme:
            columns = [
                ("label_en", .text(theme.labels["en"] ?? theme.id)), ("label_da", .text(theme.labels["da"] ?? theme.id)),
                ("label_de", .text(theme.labels["de"] ?? theme.id)),
            ]
        case let organisation as Organisation:
            columns = [
                ("kind", .text(organisation.kind.rawValue)), ("country", Value(organisation.country)),
                ("nuts", Value(organisation.nuts)), ("place_id", Value(organisation.place)),
                ("parent_id", Value(organisation.parent)),
            ]
            themes = organisation.themes
        case let region as Region:
            columns = [("kind", .text(region.kind.rawValue)), ("office_id", Value(region.office))]
            links = region.members.map { Link(table: .regionMember, values: [.text(region.id), .text($0)]) }
        case let programme as Programme:
            columns = [
                ("start_date", Value(programme.period?.start?.description)),
                ("end_date", Value(programme.period?.end?.description)),
            ]
        case let partnership as Partnership:
            columns = [
                ("kind", .text(partnership.kind.rawValue)), ("signed", Value(partnership.signed?.description)),
                ("start_date", Value(partnership.period?.start?.description)),
                ("end_date", Value(partnership.period?.end?.description)),
            ]
            themes = partnership.themes
            links = partnership.parties.enumerated().map { position, party in
                Link(table: .partnershipParty, values: [
                    .text(partnership.id), Value(position), Value(party.organisation), Value(party.region), Value(party.role),
                ])
            }
        case let project as Project:
            columns = [
                ("acronym", Value(project.acronym)), ("kind", .text(project.kind.rawValue)),
                ("programme_id", Value(project.programme)),
                ("start_date", Value(project.period?.start?.description)),
                ("end_date", Value(project.period?.end?.description)),
                ("currency", Value(project.totalBudget?.currency ?? project.euFunding?.currency)),
                ("total_budget_cents", Value(project.totalBudget?.cents)), ("eu_funding_cents", Value(project.euFunding?.cents)),
                ("co_financing_rate_ppm", Value(project.coFinancingRate?.partsPerMillion)),
                ("declared_partner_count", Value(project.declaredPartnerCount)),
                ("declared_country_count", Value(project.declaredCountryCount)),
                ("predecessor_id", Value(project.predecessor)), ("successor_id", Value(project.successor)),
            ]
            themes = project.themes
            links = project.partners.enumerated().map { position, partner in
                Link(table: .projectPartner, values: [
                    .text(project.id), Value(position), Value(partner.organisation), Value(partner.listedName),
                    Value(partner.role), Value(partner.country),
                ])
            }
        case let person as Person:
            links = person.roles.enumerated().map { position, role in
                Link(table: .personRole, values: [
                    .text(person.id), Value(position), .text(role.role), Value(role.organisation), Value(role.partnership),
                    Value(role.region),
                ])
            }
        default:
            break
        }
    }
}
