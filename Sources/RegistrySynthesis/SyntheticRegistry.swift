import Foundation
import Registry

/// A reproducible synthetic registry for load and latency tests: organisations with names in the languages
/// and scripts of their countries, programmes, and projects with partners, budgets, periods and themes.
/// The same seed gives the same registry.
public struct SyntheticRegistry {
    /// A country with places and the words its organisations are named with.
    private struct Country {
        var code: String
        var places: [String]
        /// Name patterns; `%` stands for a place.
        var patterns: [String]
        var kinds: [OrganisationKind]
    }

    private static let countries: [Country] = [
        Country(code: "DK", places: ["København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Sønderborg", "Aabenraa", "Tønder", "Haderslev", "Næstved", "Helsingør", "Roskilde"],
                patterns: ["% Kommune", "Erhvervshus %", "% Havn", "Region % Udvikling", "% Universitet"],
                kinds: [.municipality, .agency, .company, .regionalAuthority, .association]),
        Country(code: "SE", places: ["Malmö", "Lund", "Helsingborg", "Göteborg", "Kristianstad", "Ystad", "Trelleborg", "Landskrona"],
                patterns: ["% stad", "% kommun", "Region Skåne – %", "% universitet", "Näringslivskontoret %"],
                kinds: [.municipality, .municipality, .regionalAuthority, .association, .agency]),
        Country(code: "DE", places: ["Hamburg", "Kiel", "Lübeck", "Flensburg", "Leipzig", "Rostock", "Schwerin", "Bremen", "Hannover", "Göttingen", "Nürnberg", "Mannheim"],
                patterns: ["Stadt %", "Landkreis %", "Wirtschaftsförderung %", "Hochschule %", "Industrie- und Handelskammer %"],
                kinds: [.municipality, .district, .agency, .association, .association]),
        Country(code: "PL", places: ["Gdańsk", "Gdynia", "Szczecin", "Kraków", "Łódź", "Wrocław", "Poznań", "Białystok"],
                patterns: ["Gmina Miasta %", "Urząd Marszałkowski %", "Agencja Rozwoju %", "Politechnika %", "Fundacja %"],
                kinds: [.municipality, .regionalAuthority, .agency, .association, .foundation]),
        Country(code: "CZ", places: ["Plzeň", "Brno", "Ostrava", "Liberec", "Ústí nad Labem", "České Budějovice"],
                patterns: ["Statutární město %", "Krajský úřad %", "Regionální rozvojová agentura %", "Univerzita %"],
                kinds: [.municipality, .regionalAuthority, .agency, .association]),
        Country(code: "HU", places: ["Pécs", "Szekszárd", "Kaposvár", "Győr", "Debrecen", "Szeged"],
                patterns: ["% Megyei Jogú Város Önkormányzata", "% Fejlesztési Ügynökség", "% Egyetem"],
                kinds: [.municipality, .agency, .association]),
        Country(code: "BG", places: ["Варна", "Бургас", "Русе", "Пловдив", "Добрич", "Видин"],
                patterns: ["Община %", "Областна администрация %", "Агенция за регионално развитие %"],
                kinds: [.municipality, .regionalAuthority, .agency]),
        Country(code: "IT", places: ["Bologna", "Trieste", "Venezia", "Bari", "Genova", "Torino"],
                patterns: ["Comune di %", "Regione %", "Camera di Commercio di %", "Università di %"],
                kinds: [.municipality, .regionalAuthority, .association, .association]),
        Country(code: "NL", places: ["Groningen", "Rotterdam", "Eindhoven", "Enschede", "Maastricht"],
                patterns: ["Gemeente %", "Provincie %", "Economic Board %", "Hogeschool %"],
                kinds: [.municipality, .regionalAuthority, .association, .association]),
        Country(code: "NO", places: ["Kristiansand", "Bergen", "Stavanger", "Oslo", "Tromsø"],
                patterns: ["% kommune", "Næringsforeningen i %", "Universitetet i %"],
                kinds: [.municipality, .association, .association]),
    ]

    private static let themes = ["life-sciences", "food", "it", "logistics", "clean-tech", "materials-research", "tourism",
                                 "labour-market", "research-and-education", "infrastructure", "culture",
                                 "health-and-welfare-innovation", "sustainable-energy"]
    private static let titleWords = ["Regional", "Innovation", "Cross-Border", "Maritime", "Green", "Digital", "Urban",
                                     "Sustainable", "Cluster", "Mobility", "Energy", "Knowledge", "Tourism", "Logistics",
                                     "Health", "Water", "Skills", "Port", "Heritage", "Transport", "Circular", "Smart"]
    private static let titleNouns = ["Partnership", "Network", "Corridor", "Platform", "Alliance", "Lab", "Hub",
                                     "Strategy", "Cooperation", "Development", "Transfer", "Agenda"]

    public var organisations: Int
    public var projects: Int
    public var partnerLinks: Int
    public var programmes: Int = 12
    private var random: SplitMix64

    public init(organisations: Int, projects: Int, partnerLinks: Int, seed: UInt64) {
        self.organisations = organisations
        self.projects = projects
        self.partnerLinks = partnerLinks
        random = SplitMix64(seed: seed)
    }

    /// The registry's records, programmes and organisations before the projects that reference them.
    public mutating func make(existingThemes: Set<String>) -> [any RegistryRecord] {
        var records: [any RegistryRecord] = []
        let themes = SyntheticRegistry.themes.filter(existingThemes.contains)
        let programmeIDs = (0..<programmes).map { "synthetic-interreg-programme-\($0 + 1)" }
        for (index, id) in programmeIDs.enumerated() {
            let first = 2000 + (index % 4) * 7
            records.append(Programme(
                id: id, name: "Interreg Synthetic Programme \(index + 1)", instrument: "Interreg",
                period: Period(start: ISODate(year: first, month: 1, day: 1), end: ISODate(year: first + 6, month: 12, day: 31)),
                countries: [SyntheticRegistry.countries[index % SyntheticRegistry.countries.count].code,
                            SyntheticRegistry.countries[(index + 3) % SyntheticRegistry.countries.count].code]))
        }
        var organisationIDs: [(id: String, name: String, country: String)] = []
        organisationIDs.reserveCapacity(organisations)
        for index in 0..<organisations {
            let country = SyntheticRegistry.countries[random.below(SyntheticRegistry.countries.count)]
            let pattern = random.below(country.patterns.count)
            let place = country.places[random.below(country.places.count)]
            let name = country.patterns[pattern].replacingOccurrences(of: "%", with: place) + " \(index + 1)"
            let id = "syn-\(Slug.make(name))"
            organisationIDs.append((id, name, country.code))
            let theme = themes.isEmpty ? [] : [themes[random.below(themes.count)]]
            records.append(Organisation(id: id, name: name, kind: country.kinds[pattern % country.kinds.count],
                                        country: country.code, themes: theme))
        }
        let baseLinks = partnerLinks / max(1, projects)
        var remainder = partnerLinks - baseLinks * projects
        for index in 0..<projects {
            var count = baseLinks
            if remainder > 0 { count += 1; remainder -= 1 }
            count = min(count, organisationIDs.count)
            var chosen = Set<Int>()
            while chosen.count < count { chosen.insert(random.below(organisationIDs.count)) }
            let partners = chosen.sorted().enumerated().map { position, organisation in
                ProjectPartner(organisation: organisationIDs[organisation].id, listedName: organisationIDs[organisation].name,
                               role: position == 0 ? "lead" : "partner", country: organisationIDs[organisation].country)
            }
            let acronym = SyntheticRegistry.acronym(&random) + " \(index + 1)"
            let title = "\(SyntheticRegistry.titleWords[random.below(SyntheticRegistry.titleWords.count)]) "
                + "\(SyntheticRegistry.titleWords[random.below(SyntheticRegistry.titleWords.count)]) "
                + SyntheticRegistry.titleNouns[random.below(SyntheticRegistry.titleNouns.count)]
            let startYear = 2000 + random.below(24)
            let budgetCents = Int64(10_000_000 + random.below(2_000_000_000))
            let ratePPM = Int64(500_000 + random.below(350_001))
            let projectThemes = themes.isEmpty ? [] : Array(Set((0..<(1 + random.below(3))).map { _ in themes[random.below(themes.count)] })).sorted()
            records.append(Project(
                id: "syn-" + Slug.make(acronym), acronym: acronym, title: title,
                programme: programmeIDs[random.below(programmeIDs.count)],
                period: Period(start: ISODate(year: startYear, month: 1 + random.below(12), day: 1),
                               end: ISODate(year: startYear + 2 + random.below(4), month: 1 + random.below(12), day: 28)),
                totalBudget: Money(cents: budgetCents, currency: "EUR"),
                euFunding: Money(cents: budgetCents * ratePPM / 1_000_000, currency: "EUR"),
                coFinancingRate: Rate(partsPerMillion: ratePPM),
                declaredPartnerCount: partners.count, partners: partners, themes: projectThemes,
                description: "\(title): a synthetic project for load tests."))
        }
        return records
    }

    /// Generates the registry, its projects tagged with the themes `store` already holds, and writes it into
    /// `store` in one transaction; returns how long each of the two took.
    public mutating func write(into store: RegistryStore) throws -> (generating: Duration, writing: Duration) {
        let started = ContinuousClock.now
        let themes = Set(try store.records(Theme.self).map(\.id))
        let records = make(existingThemes: themes)
        let generated = ContinuousClock.now
        try store.importRecords(records)
        return (generated - started, ContinuousClock.now - generated)
    }

    private static func acronym(_ random: inout SplitMix64) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPRSTUVW")
        return String((0..<(3 + random.below(4))).map { _ in letters[random.below(letters.count)] })
    }
}
