/// Computes the data-quality findings of projects: declared against listed partners and countries,
/// EU funding against budget × rate (exactly, in cents), fields left empty, partners without a
/// country, and misspelt acronyms.
public struct QualityChecker: Sendable {
    public init() {}

    /// Findings of `project`; `sheet` adds what only the fact sheet knows (empty labels, misspellings).
    public func findings(for project: Project, sheet: FactSheet? = nil, documentID: String? = nil) -> [QualityFinding] {
        var findings: [QualityFinding] = []
        func cite(_ field: String) -> [Evidence] { project.evidence.filter { $0.field == field } }
        func add(_ check: QualityCheck, _ severity: QualityFinding.Severity, field: String? = nil,
                 declared: String? = nil, computed: String? = nil, _ message: String, evidence: [Evidence] = []) {
            findings.append(QualityFinding(
                recordKind: .project, record: project.id, check: check, severity: severity, field: field,
                declared: declared, computed: computed, message: message, evidence: evidence))
        }

        if let declared = project.declaredPartnerCount {
            // Associated partners are not among the partners a project declares (Interreg counts them apart).
            let listed = project.partners.filter(\.isFullPartner).count
            add(.partnerCount, declared == listed ? .passed : .warning, declared: "\(declared)", computed: "\(listed)",
                declared == listed
                    ? "declares \(declared) partners and lists \(listed)"
                    : "declares \(declared) partners but lists \(listed)",
                evidence: cite("declaredPartnerCount"))
        }
        if let declared = project.declaredCountryCount {
            let countries = Set(project.partners.filter(\.isFullPartner).compactMap(\.country)).sorted()
            add(.countryCount, declared == countries.count ? .passed : .warning, declared: "\(declared)",
                computed: "\(countries.count)",
                declared == countries.count
                    ? "declares \(declared) countries; its partners are in \(countries.joined(separator: ", "))"
                    : "declares \(declared) countries but its listed partners are in \(countries.count): \(countries.joined(separator: ", "))",
                evidence: cite("declaredCountryCount"))
        }
        if let budget = project.totalBudget, let funding = project.euFunding, let rate = project.coFinancingRate {
            let expected = budget.currency == funding.currency ? rate.apply(toCents: budget.cents) : nil
            let formattedRate = "\(rate.fraction)"
            if let expected, expected == funding.cents {
                add(.fundingArithmetic, .passed, declared: QualityChecker.format(funding), computed: QualityChecker.format(Money(cents: expected, currency: budget.currency)),
                    "EU funding \(QualityChecker.format(funding)) equals total budget \(QualityChecker.format(budget)) × \(formattedRate) exactly",
                    evidence: cite("euFunding") + cite("totalBudget") + cite("coFinancingRate"))
            } else {
                let computed = expected.map { QualityChecker.format(Money(cents: $0, currency: budget.currency)) }
                    ?? "\(budget.amount * rate.fraction) \(budget.currency)"
                add(.fundingArithmetic, .warning, declared: QualityChecker.format(funding), computed: computed,
                    "EU funding \(QualityChecker.format(funding)) differs from total budget \(QualityChecker.format(budget)) × \(formattedRate) = \(computed)",
                    evidence: cite("euFunding") + cite("totalBudget") + cite("coFinancingRate"))
            }
        }
        // One finding per organisation (its id names the organisation), though a project may list it twice.
        var unresolved: Set<String> = []
        for partner in project.partners where partner.country == nil && unresolved.insert(partner.organisation).inserted {
            add(.unresolvedCountry, .warning, field: partner.organisation,
                "the gazetteer places no country for the partner '\(partner.listedName)'")
        }

        if project.kind == .fundedProject {
            var missing: [(String, String)] = []
            if project.programme == nil { missing.append(("programme", "no programme is stated")) }
            if project.period?.start == nil { missing.append(("period.start", "no start date is stated")) }
            if project.period?.end == nil { missing.append(("period.end", "no end date is stated")) }
            if project.status == nil { missing.append(("status", "no status is stated")) }
            if project.categories.isEmpty { missing.append(("categories", "no categories are stated")) }
            if project.totalBudget == nil { missing.append(("totalBudget", "no total budget is stated")) }
            if project.euFunding == nil { missing.append(("euFunding", "no EU funding is stated")) }
            if project.coFinancingRate == nil { missing.append(("coFinancingRate", "no co-financing rate is stated")) }
            let sheetFields: [String: FactSheetField] = [
                "programme": .programme, "status": .status, "categories": .categories, "period.start": .period,
            ]
            for (field, message) in missing {
                var evidence: [Evidence] = []
                if let documentID, let sheetField = sheetFields[field], let located = sheet?.fields[sheetField] {
                    evidence.append(Evidence(field: field, document: documentID, quote: located.quote,
                                             start: located.range.lowerBound, end: located.range.upperBound))
                }
                let suffix = evidence.isEmpty ? "" : " (the fact sheet has \"\(evidence[0].quote)\")"
                add(.missingField, .notice, field: field, message + suffix, evidence: evidence)
            }
        }

        if let sheet, let documentID {
            let reported = Set(findings.compactMap(\.field))
            for empty in sheet.emptyFields where !reported.contains(empty.value.rawValue) {
                let field = empty.value.rawValue
                add(.missingField, .notice, field: field, "the fact sheet leaves the field \"\(empty.quote)\" empty",
                    evidence: [Evidence(field: field, document: documentID, quote: empty.quote,
                                        start: empty.range.lowerBound, end: empty.range.upperBound)])
            }
            for variant in sheet.acronymVariants {
                add(.spellingVariant, .notice, field: "acronym@\(variant.range.lowerBound)", declared: project.acronym,
                    computed: variant.value,
                    "the text writes the acronym as '\(variant.value)' (look-alike characters) instead of '\(project.acronym ?? "")'",
                    evidence: [variant.evidence(field: "acronym", document: documentID)])
            }
        }
        return findings
    }

    /// `1,202,810.25 EUR`.
    static func format(_ money: Money) -> String {
        let units = money.cents / 100
        let cents = money.cents % 100
        var digits = Array(String(units))
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        return String(digits) + grouped + "." + String(format2: Int(cents)) + " " + money.currency
    }
}
