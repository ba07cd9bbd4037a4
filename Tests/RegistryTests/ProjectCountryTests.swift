import Foundation
import Registry
import Testing
import TestSupport

/// `?country=` on projects reads `project_country`, which triggers keep current: a partner's own country, else
/// its organisation's, through every way partners and organisations change.
@Suite struct ProjectCountryTests {
    private func store() throws -> (RegistryStore, URL) {
        let directory = try Fixtures.temporaryDirectory()
        let store = try RegistryStore.open(path: directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        return (store, directory)
    }

    /// The ids of the projects with a partner in `country`, and the list's total, read as the API reads them.
    private func projects(in country: String, of store: RegistryStore) throws -> (ids: [String], total: Int) {
        var query = RecordQuery(kind: .project)
        query.country = country
        query.limit = 100
        let page = try store.servedList(query, language: "en", personal: false)
        return (page.records.map(\.id), page.total)
    }

    @Test func partnersAndOrganisationsChangeTheCountriesOfAProject() throws {
        let (store, directory) = try store()
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.save(Organisation(id: "aarhus-kommune", name: "Aarhus Kommune", kind: .municipality, country: "DK"))
        try store.save(Organisation(id: "stadt-kiel", name: "Stadt Kiel", kind: .municipality, country: "DE"))
        // Aarhus is listed without a country (the organisation's counts); Kiel is listed as Danish.
        try store.save(Project(id: "baltic-link", title: "Baltic Link", partners: [
            ProjectPartner(organisation: "aarhus-kommune", listedName: "Aarhus", role: "lead", country: nil),
            ProjectPartner(organisation: "stadt-kiel", listedName: "Kiel", role: "partner", country: "DK"),
        ]))
        #expect(try projects(in: "DK", of: store) == (["baltic-link"], 1))
        #expect(try projects(in: "dk", of: store) == (["baltic-link"], 1))
        #expect(try projects(in: "DE", of: store) == ([], 0))

        // The organisation moves: Aarhus now counts for Sweden; Kiel's listed country still makes it Danish.
        try store.save(Organisation(id: "aarhus-kommune", name: "Aarhus Kommune", kind: .municipality, country: "SE"))
        #expect(try projects(in: "SE", of: store) == (["baltic-link"], 1))
        #expect(try projects(in: "DK", of: store) == (["baltic-link"], 1))

        // The partners change: Kiel without a listed country counts as German; Denmark is gone.
        try store.save(Project(id: "baltic-link", title: "Baltic Link", partners: [
            ProjectPartner(organisation: "stadt-kiel", listedName: "Kiel", role: "lead", country: nil),
        ]))
        #expect(try projects(in: "DE", of: store) == (["baltic-link"], 1))
        #expect(try projects(in: "DK", of: store) == ([], 0))
        #expect(try projects(in: "SE", of: store) == ([], 0))

        try store.delete(.project, id: "baltic-link")
        #expect(try projects(in: "DE", of: store) == ([], 0))
    }

    @Test func aDenseAndASparseCountryListTheSameWayAndPageInOrder() throws {
        let (store, directory) = try store()
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.save(Organisation(id: "malmo-stad", name: "Malmö stad", kind: .municipality, country: "SE"))
        try store.save(Organisation(id: "gdansk", name: "Gdańsk", kind: .municipality, country: "PL"))
        // 150 Swedish projects, three of them also Polish: Sweden is read by probing, Poland by collecting.
        for number in 0..<150 {
            var partners = [ProjectPartner(organisation: "malmo-stad", listedName: "Malmö", role: "lead", country: nil)]
            if number % 50 == 7 { partners.append(ProjectPartner(organisation: "gdansk", listedName: "Gdańsk", role: "partner", country: nil)) }
            try store.save(Project(id: String(format: "project-%03d", number), title: "Project \(number)", partners: partners))
        }
        let swedish = try projects(in: "SE", of: store)
        #expect(swedish.total == 150)
        #expect(swedish.ids == (0..<100).map { String(format: "project-%03d", $0) })
        var second = RecordQuery(kind: .project)
        second.country = "SE"
        second.limit = 100
        second.offset = 100
        #expect(try store.servedList(second, language: "en", personal: false).records.map(\.id) == (100..<150).map { String(format: "project-%03d", $0) })
        #expect(try projects(in: "PL", of: store) == (["project-007", "project-057", "project-107"], 3))
        // With another filter, the count is the general one.
        var both = RecordQuery(kind: .project)
        both.country = "PL"
        both.organisation = "gdansk"
        #expect(try store.servedList(both, language: "en", personal: false).total == 3)
    }
}
