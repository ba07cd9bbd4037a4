/// Checks a read ``SeedSet``: locates every evidence quote in its document (setting its offsets),
/// resolves every reference, checks values, and computes the data-quality findings.
struct SeedValidator {
    let reader: SeedLoader.Reader

    static func isCountryCode(_ code: String) -> Bool {
        code.count == 2 && code.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    func validate(into set: inout SeedSet, problems: inout [SeedProblem]) {
        let locators = Dictionary(uniqueKeysWithValues: set.documents.map { ($0.id, EvidenceLocator(text: $0.text)) })
        var ids: [RecordKind: Set<String>] = [:]
        ids[.theme] = Set(set.themes.map(\.id))
        ids[.organisation] = Set(set.organisations.map(\.id))
        ids[.region] = Set(set.regions.map(\.id))
        ids[.programme] = Set(set.programmes.map(\.id))
        ids[.partnership] = Set(set.partnerships.map(\.id))
        ids[.project] = Set(set.projects.map(\.id))
        ids[.person] = Set(set.people.map(\.id))
        let places = Set(set.places.map(\.id))

        var context = Context(locators: locators, ids: ids, places: places, reader: reader)
        set.themes = set.themes.map { context.check($0, extra: context.checkTheme) }
        set.organisations = set.organisations.map { context.check($0, extra: context.checkOrganisation) }
        set.regions = set.regions.map { context.check($0, extra: context.checkRegion) }
        set.programmes = set.programmes.map { context.check($0, extra: context.checkProgramme) }
        set.partnerships = set.partnerships.map { context.check($0, extra: context.checkPartnership) }
        set.projects = set.projects.map { context.check($0, extra: context.checkProject) }
        set.people = set.people.map { context.check($0, extra: context.checkPerson) }
        problems += context.problems

        let checker = QualityChecker()
        set.findings = set.projects.flatMap { project in
            let sheet = reader.sheets[project.id]
            return checker.findings(for: project, sheet: sheet?.sheet, documentID: sheet?.document)
        }
    }

    private struct Context {
        let locators: [String: EvidenceLocator]
        let ids: [RecordKind: Set<String>]
        let places: Set<String>
        let reader: SeedLoader.Reader
        var problems: [SeedProblem] = []
        var location: SeedLocation?

        mutating func check<R: RegistryRecord>(_ record: R, extra: (R) -> [(String, String)]) -> R {
            location = reader.locations["\(R.kind.rawValue)/\(record.id)"]
            var record = record
            record.evidence = record.evidence.enumerated().map { index, evidence in
                locate(evidence, field: "evidence[\(index)]")
            }
            if record.evidence.isEmpty { report("\(R.kind.rawValue) '\(record.id)' has no evidence", field: "evidence") }
            for (message, field) in extra(record) { report(message, field: field) }
            return record
        }

        mutating func report(_ message: String, field: String) {
            guard let location else { return }
            problems.append(location.problem(message, field: field))
        }

        /// The evidence with offsets verified, or recomputed from the first occurrence of its quote.
        mutating func locate(_ evidence: Evidence, field: String) -> Evidence {
            guard let locator = locators[evidence.document] else {
                report("evidence names the unknown document '\(evidence.document)'", field: field + ".document")
                return evidence
            }
            if evidence.end > evidence.start, locator.text(in: evidence.start..<evidence.end) == evidence.quote {
                return evidence
            }
            guard let range = locator.locate(evidence.quote) else {
                report("the quote \"\(evidence.quote)\" does not occur verbatim in document '\(evidence.document)'", field: field + ".quote")
                return evidence
            }
            var located = evidence
            located.start = range.lowerBound
            located.end = range.upperBound
            return located
        }

        func missing(_ kind: RecordKind, _ id: String?, _ field: String) -> [(String, String)] {
            guard let id, !(ids[kind]?.contains(id) ?? false) else { return [] }
            return [("unknown \(kind.rawValue) '\(id)'", field)]
        }

        func missing(_ kind: RecordKind, _ list: [String], _ field: String) -> [(String, String)] {
            list.enumerated().flatMap { index, id in missing(kind, id, "\(field)[\(index)]") }
        }

        func country(_ code: String?, _ field: String) -> [(String, String)] {
            guard let code, !SeedValidator.isCountryCode(code) else { return [] }
            return [("'\(code)' is not an ISO 3166-1 alpha-2 country code", field)]
        }

        func contact(_ details: ContactDetails?, _ field: String) -> [(String, String)] {
            guard let details else { return [] }
            var found = country(details.country, field + ".country")
            if let email = details.email, !(email.contains("@") && email.split(separator: "@").count == 2) {
                found.append(("'\(email)' is not an e-mail address", field + ".email"))
            }
            return found
        }

        func checkTheme(_ theme: Theme) -> [(String, String)] {
            ["en", "da", "de"].filter { (theme.labels[$0] ?? "").isEmpty }.map { ("the theme has no '\($0)' label", "labels") }
        }

        func checkOrganisation(_ organisation: Organisation) -> [(String, String)] {
            var found = country(organisation.country, "country")
            found += missing(.organisation, organisation.parent, "parent")
            found += missing(.theme, organisation.themes, "themes")
            found += contact(organisation.contact, "contact")
            if let place = organisation.place, !places.contains(place) { found.append(("unknown place '\(place)'", "place")) }
            return found
        }

        func checkRegion(_ region: Region) -> [(String, String)] {
            var found = region.countries.enumerated().flatMap { country($1, "countries[\($0)]") }
            found += missing(.organisation, region.members, "members")
            found += missing(.organisation, region.office, "office")
            found += missing(.partnership, region.memberships, "memberships")
            for (index, place) in region.places.enumerated() where !places.contains(place) {
                found.append(("unknown place '\(place)'", "places[\(index)]"))
            }
            for (index, figure) in region.population.enumerated() {
                if figure.count <= 0 { found.append(("a population is a positive count", "population[\(index)].count")) }
                if let year = figure.year, !(1800...2100).contains(year) {
                    found.append(("\(year) is not a plausible year", "population[\(index)].year"))
                }
            }
            return found
        }

        func checkProgramme(_ programme: Programme) -> [(String, String)] {
            var found = programme.countries.enumerated().flatMap { country($1, "countries[\($0)]") }
            found += period(programme.period, "period")
            return found
        }

        func period(_ period: Period?, _ field: String) -> [(String, String)] {
            guard let start = period?.start, let end = period?.end, end < start else { return [] }
            return [("the period ends (\(end)) before it starts (\(start))", field)]
        }

        func checkPartnership(_ partnership: Partnership) -> [(String, String)] {
            var found = missing(.theme, partnership.themes, "themes")
            found += missing(.region, partnership.regions, "regions")
            found += missing(.programme, partnership.programmes, "programmes")
            found += period(partnership.period, "period")
            found += contact(partnership.contact, "contact")
            if partnership.parties.isEmpty && partnership.otherParticipants == nil {
                found.append(("a partnership names its parties", "parties"))
            }
            for (index, party) in partnership.parties.enumerated() {
                let field = "parties[\(index)]"
                if (party.organisation == nil) == (party.region == nil) {
                    found.append(("a party names exactly one of 'organisation' and 'region'", field))
                }
                found += missing(.organisation, party.organisation, field + ".organisation")
                found += missing(.region, party.region, field + ".region")
                if party.role.isEmpty { found.append(("a party has a role", field + ".role")) }
            }
            for (index, body) in partnership.governance.enumerated() {
                let field = "governance[\(index)]"
                found += missing(.organisation, body.members, field + ".members")
                found += missing(.organisation, body.venues, field + ".venues")
                if let meets = body.meets {
                    if meets.count <= 0 { found.append(("a body meets a positive number of times", field + ".meets.count")) }
                    if !["year", "month", "week"].contains(meets.per) {
                        found.append(("'\(meets.per)' is not one of year, month, week", field + ".meets.per"))
                    }
                }
                if body.alternatingVenue == true && body.venues.count < 2 {
                    found.append(("an alternating venue needs at least two venues", field + ".venues"))
                }
            }
            return found
        }

        func checkProject(_ project: Project) -> [(String, String)] {
            var found = missing(.programme, project.programme, "programme")
            found += missing(.project, project.predecessor, "predecessor")
            found += missing(.project, project.successor, "successor")
            found += missing(.theme, project.themes, "themes")
            found += missing(.region, project.regions, "regions")
            found += period(project.period, "period")
            for (index, partner) in project.partners.enumerated() {
                found += missing(.organisation, partner.organisation, "partners[\(index)].organisation")
                found += country(partner.country, "partners[\(index)].country")
                if !ProjectPartner.roles.contains(partner.role) {
                    found.append(("'\(partner.role)' is not one of \(ProjectPartner.roles.joined(separator: ", "))", "partners[\(index)].role"))
                }
            }
            if let budget = project.totalBudget, let funding = project.euFunding, funding.cents > budget.cents {
                found.append(("the EU funding exceeds the total budget", "euFunding"))
            }
            for (field, count) in [("declaredPartnerCount", project.declaredPartnerCount), ("declaredCountryCount", project.declaredCountryCount)] {
                if let count, count < 0 { found.append(("a count is not negative", field)) }
            }
            return found
        }

        func checkPerson(_ person: Person) -> [(String, String)] {
            var found = contact(person.contact, "contact")
            for (index, role) in person.roles.enumerated() {
                let field = "roles[\(index)]"
                found += missing(.organisation, role.organisation, field + ".organisation")
                found += missing(.partnership, role.partnership, field + ".partnership")
                found += missing(.region, role.region, field + ".region")
                if role.organisation == nil && role.partnership == nil && role.region == nil {
                    found.append(("a role is held in an organisation, partnership or region", field))
                }
            }
            return found
        }
    }
}
