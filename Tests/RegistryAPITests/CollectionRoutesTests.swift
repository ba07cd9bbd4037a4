import Foundation
import Testing

/// Every `/v1` collection and its filters, with the results the seeds give.
@Suite struct CollectionRoutesTests {
    static let expectedTotals: [(String, Int)] = [
        ("projects", 3), ("partnerships", 13), ("regions", 10), ("organisations", 25),
        ("programmes", 3), ("people", 4), ("themes", 30),
    ]

    @Test func everyCollectionListsItsRecordsWithLabelsAndLinks() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for (plural, total) in Self.expectedTotals {
            let response = try server.get("/v1/\(plural)")
            let body = try APICheck.ok(response)
            #expect(body["total"] as? Int == total, "\(plural)")
            #expect(body["limit"] as? Int == 20)
            #expect(body["offset"] as? Int == 0)
            let data = APICheck.data(body)
            #expect(data.count == min(total, 20), "\(plural)")
            for entry in data {
                let id = try #require(entry["id"] as? String)
                #expect(entry["link"] as? String == "/v1/\(plural)/\(id)")
                #expect((entry["label"] as? String)?.isEmpty == false)
            }
            #expect((body["links"] as? [String: String])?["self"] == "/v1/\(plural)")
            #expect(response.header("Content-Language") == "en")
        }
        let projects = try server.listIDs("/v1/projects")
        #expect(projects == ["city-regio", "cityregio-ii", "fehmarn-belt-fixed-link"])
        #expect(try server.listIDs("/v1/people") == ["christa-standecker", "jakob-richter", "ralph-schlusche", "tanja-blatter"])
        #expect(try server.listIDs("/v1/programmes") == ["interreg-5a-deutschland-danmark-2014-2020", "interreg-5b-north-sea", "interreg-cityregio-ii"])
    }

    @Test func documentsCollectionHasFiveDocumentsWithoutText() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let body = try APICheck.ok(try server.get("/v1/documents"))
        #expect(body["total"] as? Int == 5)
        #expect(APICheck.ids(body) == ["cityregio-ii", "copenhagen-international-cooperation", "copenhagen-malmo-one-city",
                                       "metropolregion-hannover-ikm", "syddanmark-danish-german-cooperation"])
        for entry in APICheck.data(body) {
            #expect(entry["text"] == nil)
            let id = try #require(entry["id"] as? String)
            #expect(entry["link"] as? String == "/v1/documents/\(id)")
            #expect(entry["text_link"] as? String == "/v1/documents/\(id)/text")
            #expect((entry["scalar_count"] as? Int ?? 0) > 1000)
            #expect((entry["sha256"] as? String)?.count == 64)
        }
        let german = try APICheck.ok(try server.get("/v1/documents?language=de"))
        #expect(APICheck.ids(german) == ["cityregio-ii", "metropolregion-hannover-ikm"])
        #expect(german["total"] as? Int == 2)
    }

    @Test func countryFilterMatchesRecordsPartnersPartiesAndMembersCaseInsensitively() throws {
        let server = try APITestServer()
        defer { server.stop() }
        #expect(try server.listIDs("/v1/organisations?country=DK") == ["kobenhavns-kommune", "region-hovedstaden", "region-sjaelland", "region-syddanmark"])
        let germanOrganisations = try server.listIDs("/v1/organisations?country=de")
        #expect(germanOrganisations.count == 9)
        #expect(germanOrganisations.contains("hamburg") && germanOrganisations.contains("stadt-leipzig"))
        #expect(!germanOrganisations.contains("kobenhavns-kommune"))
        #expect(try server.listIDs("/v1/projects?country=DK") == [])
        #expect(try server.listIDs("/v1/projects?country=cz") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?country=BG") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/partnerships?country=de") == [
            "danish-german-border-cooperation", "hamburg-copenhagen-letter-of-intent-2011",
            "initiativkreis-europaische-metropolregionen", "jutland-corridor-cooperation",
            "leipzig-city-region-economic-development-agreement", "syddanmark-schleswig-holstein-partnership-agreement",
        ])
        #expect(try server.listIDs("/v1/partnerships?country=DK").count == 11)
        #expect(try server.listIDs("/v1/regions?country=DK") == ["copenhagen-malmo-region", "jutland-corridor", "malmo-copenhagen-hamburg-axis", "region-sonderjylland-schleswig"])
        #expect(try server.listIDs("/v1/programmes?country=DK") == ["interreg-5a-deutschland-danmark-2014-2020"])
        #expect(try server.listIDs("/v1/programmes?country=dk") == ["interreg-5a-deutschland-danmark-2014-2020"])
    }

    @Test func themeKindProgrammeAndOrganisationFilters() throws {
        let server = try APITestServer()
        defer { server.stop() }
        #expect(try server.listIDs("/v1/projects?theme=logistics") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?theme=urban-rural-partnership") == ["city-regio", "cityregio-ii"])
        #expect(try server.listIDs("/v1/partnerships?theme=transport") == ["danish-german-transport-commission", "initiativkreis-europaische-metropolregionen", "jutland-corridor-cooperation"])
        #expect(try server.listIDs("/v1/projects?kind=infrastructure") == ["fehmarn-belt-fixed-link"])
        #expect(try server.listIDs("/v1/partnerships?kind=letterOfIntent") == ["hamburg-copenhagen-letter-of-intent-2011"])
        #expect(try server.listIDs("/v1/partnerships?kind=commission") == ["danish-german-transport-commission", "north-sea-commission"])
        #expect(try server.listIDs("/v1/organisations?kind=municipality").count == 9)
        #expect(try server.listIDs("/v1/regions?kind=metropolitanRegion") == ["europaische-metropolregion-nurnberg", "metropolregion-hamburg", "metropolregion-hannover-braunschweig-gottingen-wolfsburg", "metropolregion-rhein-neckar"])
        #expect(try server.listIDs("/v1/projects?programme=interreg-cityregio-ii") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/partnerships?programme=interreg-5a-deutschland-danmark-2014-2020") == ["syddanmark-schleswig-holstein-partnership-agreement"])
        #expect(try server.listIDs("/v1/partnerships?programme=interreg-5b-north-sea") == ["north-sea-commission"])
        #expect(try server.listIDs("/v1/projects?organisation=obshtina-varna") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?organisation=hamburg") == [])
        #expect(try server.listIDs("/v1/partnerships?organisation=region-syddanmark") == [
            "danish-german-border-cooperation", "danish-german-transport-commission", "jutland-corridor-cooperation",
            "north-sea-commission", "syddanmark-guangdong-cooperation-agreement",
            "syddanmark-schleswig-holstein-partnership-agreement", "trilateral-wadden-sea-cooperation",
        ])
        #expect(try server.listIDs("/v1/regions?organisation=kobenhavns-kommune") == ["copenhagen-malmo-region", "malmo-copenhagen-hamburg-axis"])
        #expect(try server.listIDs("/v1/people?organisation=geschaftsstelle-metropolregion-hamburg") == ["jakob-richter"])
    }

    @Test func dateFiltersTreatReducedPrecisionDatesAsWholePeriods() throws {
        let server = try APITestServer()
        defer { server.stop() }
        // CITYREGIO II ends 2008-03-31 and states no start.
        #expect(try server.listIDs("/v1/projects?active_on=2008-03-31") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?active_on=2008-04-01") == [])
        #expect(try server.listIDs("/v1/projects?end_before=2008-04-01") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?end_before=2008-03-31") == [])
        // Interreg 5A runs 2014 to 2020 (years only).
        let programme = ["interreg-5a-deutschland-danmark-2014-2020"]
        #expect(try server.listIDs("/v1/programmes?active_on=2014-01-01") == programme)
        #expect(try server.listIDs("/v1/programmes?active_on=2020-12-31") == programme)
        #expect(try server.listIDs("/v1/programmes?active_on=2013-12-31") == [])
        #expect(try server.listIDs("/v1/programmes?active_on=2021-01-01") == [])
        #expect(try server.listIDs("/v1/programmes?start_after=2013-12-31") == programme)
        #expect(try server.listIDs("/v1/programmes?start_after=2014-01-01") == [])
        #expect(try server.listIDs("/v1/programmes?end_before=2021-01-01") == programme)
        #expect(try server.listIDs("/v1/programmes?end_before=2020-12-31") == [])
        // The Hamburg–Copenhagen letter of intent was signed in June 2011.
        let letter = ["hamburg-copenhagen-letter-of-intent-2011"]
        #expect(try server.listIDs("/v1/partnerships?start_after=2011-05-31") == letter)
        #expect(try server.listIDs("/v1/partnerships?start_after=2011-06-01") == [])
        #expect(try server.listIDs("/v1/partnerships?active_on=2011-06-01") == letter)
        #expect(try server.listIDs("/v1/partnerships?active_on=2011-05-31") == [])
    }

    @Test func budgetFiltersUseExactCents() throws {
        let server = try APITestServer()
        defer { server.stop() }
        // CITYREGIO II: total budget 1,603,747.00 EUR; the other projects state none.
        #expect(try server.listIDs("/v1/projects?min_budget=1603747") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?min_budget=1603747.00") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?min_budget=1603747.01") == [])
        #expect(try server.listIDs("/v1/projects?max_budget=1603747.0") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?max_budget=1603746.99") == [])
        #expect(try server.listIDs("/v1/projects?min_budget=1603747&max_budget=1603747") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?min_budget=0") == ["cityregio-ii"])
    }

    @Test func filtersCombineWithAnd() throws {
        let server = try APITestServer()
        defer { server.stop() }
        #expect(try server.listIDs("/v1/organisations?country=DE&kind=municipality") == ["stadt-leipzig"])
        #expect(try server.listIDs("/v1/partnerships?country=DE&theme=transport") == ["initiativkreis-europaische-metropolregionen", "jutland-corridor-cooperation"])
        #expect(try server.listIDs("/v1/partnerships?organisation=region-syddanmark&programme=interreg-5b-north-sea") == ["north-sea-commission"])
        #expect(try server.listIDs("/v1/projects?country=CZ&theme=logistics&min_budget=1000000&end_before=2009-01-01&programme=interreg-cityregio-ii&organisation=obshtina-varna") == ["cityregio-ii"])
        #expect(try server.listIDs("/v1/projects?country=CZ&theme=transport") == [])
        #expect(try server.listIDs("/v1/projects?country=DE&max_budget=1000000") == [])
    }

    static let invalidFilters = [
        ("/v1/projects?active_on=2008-13-01", "active_on"),
        ("/v1/projects?active_on=2008-02-30", "active_on"),
        ("/v1/projects?active_on=yesterday", "active_on"),
        ("/v1/projects?active_on=2008", "active_on"),
        ("/v1/projects?start_after=2008-1-1", "start_after"),
        ("/v1/partnerships?end_before=31.03.2008", "end_before"),
        ("/v1/projects?country=DEU", "country"),
        ("/v1/projects?country=D1", "country"),
        ("/v1/organisations?country=", "country"),
        ("/v1/projects?country=%C3%98K", "country"),
        ("/v1/projects?min_budget=-5", "min_budget"),
        ("/v1/projects?min_budget=abc", "min_budget"),
        ("/v1/projects?max_budget=1e6", "max_budget"),
        ("/v1/projects?max_budget=1,000", "max_budget"),
        ("/v1/projects?max_budget=10.123", "max_budget"),
        ("/v1/projects?max_budget=10.", "max_budget"),
        ("/v1/projects?min_budget=99999999999999999999", "min_budget"),
        ("/v1/projects?min_budget=%EF%BC%91", "min_budget"),
        ("/v1/projects?min_budget=2000000&max_budget=1000000", "min_budget"),
        ("/v1/projects?theme=", "theme"),
    ]

    @Test func invalidFilterValuesAre400NamingTheParameter() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for (target, parameter) in Self.invalidFilters {
            let names = try APICheck.badParameter(try server.get(target), parameter)
            #expect(names == [parameter], "\(target)")
        }
    }

    @Test func unknownParametersAre400NamingThem() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let names = try APICheck.badParameter(try server.get("/v1/projects?colour=red"), "colour", kind: "unknown-parameter")
        #expect(names == ["colour"])
        let two = try APICheck.badParameter(try server.get("/v1/projects?zeta=1&alpha=2&country=DK"), "alpha", kind: "unknown-parameter")
        #expect(two == ["alpha", "zeta"])
        // A filter that exists, but not for this kind.
        try APICheck.badParameter(try server.get("/v1/themes?country=DK"), "country", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/organisations?min_budget=5"), "min_budget", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/people?theme=it"), "theme", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/documents?sort=title"), "sort", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii?expand=all"), "expand", kind: "unknown-parameter")
    }
}
