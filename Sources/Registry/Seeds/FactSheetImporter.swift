/// Turns a parsed fact sheet into a ``Project`` with its partners, and an ``Organisation`` for each
/// listed partner not already described by a curated record. Partners get their country from the gazetteer.
struct FactSheetImporter {
    var places: PlaceMentions
    var documentID: String

    /// Organisations created for listed partners.
    private(set) var organisations: [Organisation] = []

    init(gazetteer: Gazetteer, documentID: String) {
        places = PlaceMentions(gazetteer)
        self.documentID = documentID
    }

    mutating func project(from sheet: FactSheet, entry: SeedRecordFile.FactSheetEntry, curated: [String: Organisation]) -> Project {
        var evidence: [Evidence] = []
        func cite<Value>(_ located: Located<Value>?, _ field: String) {
            if let located { evidence.append(located.evidence(field: field, document: documentID)) }
        }
        cite(sheet.acronym, "acronym")
        cite(sheet.title, "title")
        cite(sheet.period, "period")
        cite(sheet.totalBudget, "totalBudget")
        cite(sheet.funding, "euFunding")
        cite(sheet.coFinancingRate, "coFinancingRate")
        cite(sheet.partnerCount, "declaredPartnerCount")
        cite(sheet.countryCount, "declaredCountryCount")
        cite(sheet.homepage, "homepage")
        for paragraph in sheet.description { cite(paragraph, "description") }
        let results = FactSheetParser.results(of: sheet)
        for result in results { cite(result, "results") }

        var partners: [ProjectPartner] = []
        for listed in sheet.partners {
            let name = listed.value.name
            let place = places.place(mentionedIn: name)
            let organisationID: String
            if let id = entry.organisations[name] {
                organisationID = id
            } else if let match = curated.values.first(where: { $0.name == name || $0.aliases.contains(name) }) {
                organisationID = match.id
            } else {
                organisationID = Slug.make(name)
                if !organisations.contains(where: { $0.id == organisationID }) {
                    organisations.append(Organisation(
                        id: organisationID, name: name, kind: OrganisationKind.inferred(fromName: name),
                        country: place?.country, nuts: place?.nuts, place: place?.id, origin: .seed,
                        evidence: [listed.evidence(field: "name", document: documentID)]))
                }
            }
            let country = curated[organisationID]?.country ?? place?.country
            partners.append(ProjectPartner(
                organisation: organisationID, listedName: name, role: listed.value.isLead ? "lead" : "partner", country: country))
            evidence.append(listed.evidence(field: "partners", document: documentID))
        }

        let acronym = sheet.acronym?.value
        return Project(
            id: entry.project, acronym: acronym, title: sheet.title?.value ?? acronym ?? entry.project,
            titles: sheet.title.map { ["en": $0.value] } ?? [:], kind: .fundedProject, programme: entry.programme,
            period: sheet.period?.value, status: nil, totalBudget: sheet.totalBudget?.value, euFunding: sheet.funding?.value,
            coFinancingRate: sheet.coFinancingRate?.value, declaredPartnerCount: sheet.partnerCount?.value,
            declaredCountryCount: sheet.countryCount?.value, partners: partners, predecessor: entry.predecessor,
            themes: entry.themes, regions: entry.regions, categories: sheet.categories, results: results.map(\.value),
            description: sheet.description.isEmpty ? nil : sheet.description.map(\.value).joined(separator: "\n\n"),
            homepage: sheet.homepage?.value, origin: .seed, evidence: evidence + entry.evidence)
    }
}
