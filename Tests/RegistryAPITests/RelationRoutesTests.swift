import Foundation
import Testing

/// Relations as collections: an organisation's partnerships and projects, a region's members, a project's partners.
@Suite struct RelationRoutesTests {
    @Test func organisationPartnershipsAndProjects() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let partnerships = try APICheck.ok(try server.get("/v1/organisations/region-syddanmark/partnerships"))
        #expect(partnerships["total"] as? Int == 7)
        #expect(APICheck.ids(partnerships) == [
            "danish-german-border-cooperation", "danish-german-transport-commission", "jutland-corridor-cooperation",
            "north-sea-commission", "syddanmark-guangdong-cooperation-agreement",
            "syddanmark-schleswig-holstein-partnership-agreement", "trilateral-wadden-sea-cooperation",
        ])
        for entry in APICheck.data(partnerships) {
            #expect(entry["link"] as? String == "/v1/partnerships/\(entry["id"] as? String ?? "")")
            #expect((entry["label"] as? String)?.isEmpty == false)
        }
        // The relation agrees with the list filter.
        #expect(APICheck.ids(partnerships) == (try server.listIDs("/v1/partnerships?organisation=region-syddanmark")))
        #expect((partnerships["links"] as? [String: String])?["self"] == "/v1/organisations/region-syddanmark/partnerships")

        let projects = try APICheck.ok(try server.get("/v1/organisations/obshtina-varna/projects"))
        #expect(APICheck.ids(projects) == ["cityregio-ii"])
        #expect(projects["total"] as? Int == 1)
        #expect(try APICheck.ok(try server.get("/v1/organisations/hamburg/projects"))["total"] as? Int == 0)
        let hamburg = try APICheck.ok(try server.get("/v1/organisations/hamburg/partnerships"))
        #expect(APICheck.ids(hamburg).contains("hamburg-copenhagen-letter-of-intent-2011"))
    }

    @Test func regionMembers() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let members = try APICheck.ok(try server.get("/v1/regions/copenhagen-malmo-region/members"))
        #expect(APICheck.ids(members) == ["kobenhavns-kommune", "malmo-stad"])
        #expect(APICheck.data(members).compactMap { $0["country"] as? String } == ["DK", "SE"])
        let empty = try APICheck.ok(try server.get("/v1/regions/metropolregion-hamburg/members"))
        #expect(empty["total"] as? Int == 0)
        #expect(APICheck.data(empty).isEmpty)
    }

    @Test func projectPartnersWithRolesAndCountries() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let body = try APICheck.ok(try server.get("/v1/projects/cityregio-ii/partners"))
        #expect(body["total"] as? Int == 15)
        let partners = APICheck.data(body)
        #expect(partners.count == 15)
        let first = try #require(partners.first)
        #expect(first["role"] as? String == "lead")
        #expect(first["country"] as? String == "CZ")
        #expect(first["listed_name"] as? String == "Urban Planning and Development Institute of the City of Pilsen")
        let organisation = try #require(first["organisation"] as? [String: Any])
        #expect(organisation["id"] as? String == "urban-planning-and-development-institute-of-the-city-of-pilsen")
        #expect(organisation["link"] as? String == "/v1/organisations/urban-planning-and-development-institute-of-the-city-of-pilsen")
        #expect(partners.dropFirst().allSatisfy { $0["role"] as? String == "partner" })
        var countries: [String: Int] = [:]
        for partner in partners { countries[partner["country"] as? String ?? "?", default: 0] += 1 }
        #expect(countries == ["CZ": 2, "DE": 5, "HU": 4, "IT": 1, "PL": 2, "BG": 1])
        #expect(partners.contains { $0["listed_name"] as? String == "City of Leipzig, Amt für Wirtschaftsförderung" })
        #expect(try APICheck.ok(try server.get("/v1/projects/city-regio/partners"))["total"] as? Int == 0)
    }

    @Test func relationsAsCSV() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/projects/cityregio-ii/partners?format=csv")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("text/csv") == true)
        let table = try CSVReader.records(response.body)
        #expect(table.records.count == 15)
        for column in ["role", "country", "listed_name", "organisation.id", "organisation.name"] {
            #expect(table.header.contains(column), "\(column) in \(table.header)")
        }
        #expect(table.records.first?["role"] == "lead")
        #expect(table.records.first?["country"] == "CZ")
        // A listed name with a comma is quoted, and reads back whole.
        #expect(table.records.contains { $0["listed_name"] == "City of Leipzig, Amt für Wirtschaftsförderung" })
        #expect(response.text.contains("\"City of Leipzig, Amt für Wirtschaftsförderung\""))

        for (target, count) in [("/v1/organisations/region-syddanmark/partnerships", 7), ("/v1/organisations/obshtina-varna/projects", 1),
                                ("/v1/regions/copenhagen-malmo-region/members", 2)] {
            let csv = try server.get(target, headers: ["Accept": "text/csv"])
            #expect(csv.status == 200, "\(target)")
            #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            let rows = try CSVReader.records(csv.body)
            #expect(rows.header.first == "id")
            #expect(rows.records.count == count, "\(target)")
        }
        let empty = try server.get("/v1/regions/metropolregion-hamburg/members?format=csv")
        #expect(empty.status == 200)
        #expect(try CSVReader.rows(empty.body).count == 1)
    }

    @Test func unknownParentsAre404AndBadParametersAre400() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for target in ["/v1/organisations/nowhere/partnerships", "/v1/organisations/nowhere/projects",
                       "/v1/regions/nowhere/members", "/v1/projects/nowhere/partners",
                       "/v1/organisations/cityregio-ii/projects", "/v1/regions/hamburg/members"] {
            let body = try APICheck.problem(try server.get(target), status: 404, kind: "not-found")
            #expect((body["detail"] as? String)?.contains("`") == true)
        }
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii/partners?sort=name"), "sort", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii/partners?limit=0"), "limit")
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii/partners?cursor=bogus"), "cursor", kind: "invalid-cursor")
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii/partners?format=xml"), "format")
        try APICheck.badParameter(try server.get("/v1/regions/copenhagen-malmo-region/members?lang=sv"), "lang")
        try APICheck.problem(try server.get("/v1/projects/cityregio-ii/partners", headers: ["Accept": "application/xml"]),
                             status: 406, kind: "not-acceptable")
        try APICheck.problem(try server.get("/v1/projects/cityregio-ii/partners/extra"), status: 404, kind: "not-found")
    }
}
