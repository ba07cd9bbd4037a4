import Foundation
import GRDB
import Testing
import TestSupport
@testable import Registry

@Suite struct SeedLoaderTests {
    @Test func preparesTheRepositorySeeds() throws {
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        #expect(seeds.documents.count == 5)
        #expect(seeds.projects.map(\.id).sorted() == ["city-regio", "cityregio-ii", "fehmarn-belt-fixed-link"])
        #expect(seeds.partnerships.count == 13)
        #expect(seeds.people.count == 4)
        #expect(seeds.programmes.count == 3)
        #expect(seeds.regions.count == 10)
    }

    @Test func everyEvidenceOffsetSlicesItsQuote() throws {
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        let locators = Dictionary(uniqueKeysWithValues: seeds.documents.map { ($0.id, EvidenceLocator(text: $0.text)) })
        var evidence: [Evidence] = seeds.themes.flatMap(\.evidence)
        evidence += seeds.organisations.flatMap(\.evidence)
        evidence += seeds.regions.flatMap(\.evidence)
        evidence += seeds.programmes.flatMap(\.evidence)
        evidence += seeds.partnerships.flatMap(\.evidence)
        evidence += seeds.projects.flatMap(\.evidence)
        evidence += seeds.people.flatMap(\.evidence)
        evidence += seeds.findings.flatMap(\.evidence)
        #expect(evidence.count == seeds.evidenceCount + seeds.findings.flatMap(\.evidence).count)
        for item in evidence {
            #expect(locators[item.document]?.text(in: item.start..<item.end) == item.quote)
        }
    }

    @Test func parsesCityregioIIFromItsDocument() throws {
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        let project = try #require(seeds.projects.first { $0.id == "cityregio-ii" })
        #expect(project.acronym == "CITYREGIO II")
        #expect(project.totalBudget == Money(cents: 160_374_700, currency: "EUR"))
        #expect(project.euFunding == Money(cents: 120_281_025, currency: "EUR"))
        #expect(project.coFinancingRate == Rate(partsPerMillion: 750_000))
        #expect(project.period?.end == ISODate("2008-03-31"))
        #expect(project.period?.start == nil)
        #expect(project.declaredPartnerCount == 14)
        #expect(project.declaredCountryCount == 5)
        #expect(project.partners.count == 15)
        #expect(project.predecessor == "city-regio")
        let lead = try #require(project.partners.first { $0.role == "lead" })
        #expect(lead.country == "CZ")
        let countries = Dictionary(project.partners.map { ($0.listedName, $0.country ?? "?") }, uniquingKeysWith: { $1 })
        #expect(countries["Община Варна"] == "BG")
        #expect(countries["Gdańska Fundacja Przedsiębiorczości STARTER"] == "PL")
        #expect(countries["South-Transdanubian Area and Economic Development Public Utility Company"] == "HU")
        #expect(countries["District of Leipziger Land"] == "DE")
        #expect(countries["City of Bologna"] == "IT")
        #expect(Set(project.partners.compactMap(\.country)) == ["DE", "CZ", "IT", "HU", "PL", "BG"])
        #expect(project.partners.first { $0.listedName == "Община Варна" }?.organisation == "obshtina-varna")
    }

    @Test func computesTheCityregioFindings() throws {
        let seeds = try SeedLoader(seedsDirectory: Fixtures.seeds).prepare()
        let findings = seeds.findings.filter { $0.record == "cityregio-ii" }
        let partners = try #require(findings.first { $0.check == .partnerCount })
        #expect(partners.severity == .warning)
        #expect(partners.declared == "14")
        #expect(partners.computed == "15")
        let countries = try #require(findings.first { $0.check == .countryCount })
        #expect(countries.severity == .warning)
        #expect(countries.declared == "5")
        #expect(countries.computed == "6")
        let funding = try #require(findings.first { $0.check == .fundingArithmetic })
        #expect(funding.severity == .passed)
        #expect(funding.computed == "1,202,810.25 EUR")
        let missing = Set(findings.filter { $0.check == .missingField }.compactMap(\.field))
        #expect(missing == ["programme", "period.start", "status", "categories", "role"])
        #expect(findings.contains { $0.check == .spellingVariant && $0.computed == "CITYREGIO Il" })
        #expect(!findings.contains { $0.check == .unresolvedCountry })
    }

    @Test func theFundingCheckCatchesACentOff() {
        var project = Project(id: "p", title: "P", totalBudget: Money(cents: 160_374_700, currency: "EUR"),
                              euFunding: Money(cents: 120_281_024, currency: "EUR"), coFinancingRate: Rate(partsPerMillion: 750_000))
        var finding = QualityChecker().findings(for: project).first { $0.check == .fundingArithmetic }
        #expect(finding?.severity == .warning)
        project.euFunding = Money(cents: 120_281_025, currency: "EUR")
        finding = QualityChecker().findings(for: project).first { $0.check == .fundingArithmetic }
        #expect(finding?.severity == .passed)
    }

    /// A finding's id names the record, the check and the field: two findings with one id could not both be
    /// stored, and the write of a project that lists an organisation twice failed.
    @Test func anOrganisationListedTwiceWithoutACountryIsOneFinding() {
        let project = Project(id: "p", title: "P", partners: [
            ProjectPartner(organisation: "harbour", listedName: "Harbour", role: "lead", country: nil),
            ProjectPartner(organisation: "harbour", listedName: "Harbour (associated)", role: "associated", country: nil),
            ProjectPartner(organisation: "city", listedName: "City", role: "partner", country: nil),
        ])
        let findings = QualityChecker().findings(for: project)
        #expect(findings.filter { $0.check == .unresolvedCountry }.compactMap(\.field) == ["harbour", "city"])
        #expect(Set(findings.map(\.id)).count == findings.count)
    }
}
