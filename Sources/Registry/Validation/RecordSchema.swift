import JSONOutput

/// The shape of each record kind as the API takes it for writing: the record as it is served (snake_case
/// field names), `id`, `origin` and evidence offsets being optional (the id is made from the name when left
/// out, the origin is the store's to set, offsets are recomputed from the quote).
enum RecordSchema {
    typealias Field = ObjectRule.Field

    static func rule(for kind: RecordKind) -> ObjectRule {
        switch kind {
        case .theme: theme
        case .organisation: organisation
        case .region: region
        case .programme: programme
        case .partnership: partnership
        case .project: project
        case .person: person
        }
    }

    /// The fields every record has.
    private static let common: [Field] = [
        .optional("id", .text), .optional("origin", .oneOf(["seed", "api"])), .optional("evidence", .list(.evidence)),
    ]

    private static let naming: [Field] = [
        .required("name", .name), .optional("names", .languages(.name)), .optional("aliases", .list(.name)),
    ]

    private static func kinds<Kind: CaseIterable & RawRepresentable<String>>(_ type: Kind.Type) -> ValueRule {
        .oneOf(Kind.allCases.map(\.rawValue))
    }

    static let contact = ValueRule.object(ObjectRule("contact details", [
        .optional("recipient", .text), .optional("street", .text), .optional("postal_code", .text), .optional("city", .text),
        .optional("country", .country), .optional("phone", .name), .optional("email", .email), .optional("website", .name),
    ]))

    static let theme = ObjectRule("theme", common + [.required("labels", .languages(.name))], checks: [{ object, pointer in
        guard case .object(let labels)? = object["labels"] else { return [] }
        return ["en", "da", "de"].filter { labels[$0] == nil }.map {
            FieldProblem(pointer: FieldProblem.pointer(pointer, "labels"), reason: "needs a `\($0)` label (en, da and de are required)")
        }
    }])

    static let organisation = ObjectRule("organisation", common + naming + [
        .required("kind", kinds(OrganisationKind.self)), .optional("country", .country), .optional("nuts", .nuts),
        .optional("place", .place), .optional("parent", .reference(.organisation)), .optional("themes", .list(.reference(.theme))),
        .optional("description", .text), .optional("contact", contact),
    ])

    static let region = ObjectRule("region", common + naming + [
        .required("kind", kinds(RegionKind.self)), .optional("countries", .list(.country)),
        .optional("members", .list(.reference(.organisation))), .optional("places", .list(.place)),
        .optional("population", .list(.object(ObjectRule("population figure", [
            .required("count", .integer(1...Int64.max)), .optional("year", .integer(1800...2100)),
            .required("is_forecast", .boolean), .optional("qualifier", .text),
        ])))),
        .optional("governance", .text), .optional("office", .reference(.organisation)),
        .optional("memberships", .list(.reference(.partnership))), .optional("description", .text),
    ])

    static let programme = ObjectRule("programme", common + naming + [
        .optional("instrument", .name), .optional("strand", .name), .optional("period", .period),
        .optional("countries", .list(.country)), .optional("description", .text),
    ])

    static let partnership = ObjectRule("partnership", common + naming + [
        .required("kind", kinds(PartnershipKind.self)),
        .optional("parties", .list(.object(ObjectRule("party", [
            .optional("organisation", .reference(.organisation)), .optional("region", .reference(.region)),
            .required("role", .name),
        ], checks: [exactlyOne(["organisation", "region"], noun: "a party")])))),
        .optional("other_participants", .text), .optional("signed", .date), .optional("period", .period),
        .optional("themes", .list(.reference(.theme))), .optional("regions", .list(.reference(.region))),
        .optional("programmes", .list(.reference(.programme))),
        .optional("governance", .list(.object(ObjectRule("governance body", [
            .required("name", .name), .optional("members", .list(.reference(.organisation))),
            .optional("meets", .object(ObjectRule("frequency", [
                .required("count", .integer(1...Int64.max)), .required("per", .oneOf(["year", "month", "week"])),
                .required("at_least", .boolean),
            ]))),
            .optional("venues", .list(.reference(.organisation))), .optional("alternating_venue", .boolean),
            .optional("chair", .text), .optional("task", .text),
        ])))),
        .optional("instruments", .list(.name)), .optional("purpose", .text), .optional("description", .text),
        .optional("contact", contact),
    ])

    static let project = ObjectRule("project", common + [
        .optional("acronym", .name), .required("title", .name), .optional("titles", .languages(.name)),
        .optional("aliases", .list(.name)), .required("kind", kinds(ProjectKind.self)),
        .optional("programme", .reference(.programme)), .optional("period", .period), .optional("status", .name),
        .optional("total_budget", .money), .optional("eu_funding", .money), .optional("co_financing_rate", .rate),
        .optional("declared_partner_count", .integer(0...1_000_000)), .optional("declared_country_count", .integer(0...1_000)),
        .optional("partners", .list(.object(ObjectRule("partner", [
            .required("organisation", .reference(.organisation)), .required("listed_name", .name),
            .required("role", .oneOf(ProjectPartner.roles)), .optional("country", .country),
        ])))),
        .optional("predecessor", .reference(.project)), .optional("successor", .reference(.project)),
        .optional("themes", .list(.reference(.theme))), .optional("regions", .list(.reference(.region))),
        .optional("categories", .list(.name)), .optional("results", .list(.name)), .optional("description", .text),
        .optional("homepage", .name),
    ], checks: [fundingWithinBudget])

    static let person = ObjectRule("person", common + [
        .required("name", .name), .optional("honorific", .name),
        .optional("roles", .list(.object(ObjectRule("role", [
            .required("role", .name), .optional("organisation", .reference(.organisation)),
            .optional("partnership", .reference(.partnership)), .optional("region", .reference(.region)),
            .optional("title", .text),
        ], checks: [atLeastOne(["organisation", "partnership", "region"], noun: "a role")])))),
        .optional("contact", contact),
    ])

    private static func present(_ object: [String: JSONValue], _ name: String) -> Bool {
        object[name].map { $0 != .null } ?? false
    }

    private static func exactlyOne(_ names: [String], noun: String) -> ObjectRule.Check {
        { object, pointer in
            names.filter { present(object, $0) }.count == 1 ? []
                : [FieldProblem(pointer: pointer, reason: "\(noun) names exactly one of \(names.map { "`\($0)`" }.joined(separator: " and "))")]
        }
    }

    private static func atLeastOne(_ names: [String], noun: String) -> ObjectRule.Check {
        { object, pointer in
            names.contains { present(object, $0) } ? []
                : [FieldProblem(pointer: pointer, reason: "\(noun) names at least one of \(names.map { "`\($0)`" }.joined(separator: ", "))")]
        }
    }

    private static let fundingWithinBudget: ObjectRule.Check = { object, pointer in
        guard let budget = object["total_budget"].flatMap(MoneyValue.init), let funding = object["eu_funding"].flatMap(MoneyValue.init),
              budget.currency == funding.currency, funding.cents > budget.cents else { return [] }
        return [FieldProblem(pointer: FieldProblem.pointer(pointer, "eu_funding"), reason: "exceeds the total budget")]
    }
}
