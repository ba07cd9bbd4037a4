import Foundation
import Testing

/// `/v1/{kind}/{id}`: records with related summaries, evidence that quotes the documents exactly, and findings.
@Suite struct ItemRoutesTests {
    static let collections = ["projects", "partnerships", "regions", "organisations", "programmes", "people", "themes"]

    /// The Unicode scalars `[start, end)` of a text.
    static func slice(_ text: String, _ start: Int, _ end: Int) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard start >= 0, start <= end, end <= scalars.count else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }

    @Test func cityregioIIShowsPartnersProgrammePredecessorAndFindings() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/projects/cityregio-ii")
        let body = try APICheck.ok(response)
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["id"] as? String == "cityregio-ii")
        #expect(data["acronym"] as? String == "CITYREGIO II")
        #expect(body["label"] as? String == "CITYREGIO II")
        #expect(data["declared_partner_count"] as? Int == 14)
        #expect(data["declared_country_count"] as? Int == 5)
        let budget = try #require(data["total_budget"] as? [String: Any])
        #expect((budget["amount"] as? NSNumber)?.doubleValue == 1_603_747.00)
        #expect(budget["currency"] as? String == "EUR")
        #expect(((data["eu_funding"] as? [String: Any])?["amount"] as? NSNumber)?.doubleValue == 1_202_810.25)
        #expect(data["programme"] as? String == "interreg-cityregio-ii")
        #expect(data["predecessor"] as? String == "city-regio")
        #expect((body["links"] as? [String: String])?["self"] == "/v1/projects/cityregio-ii")

        let related = try #require(body["related"] as? [String: [[String: Any]]])
        let partners = try #require(related["partners"])
        #expect(partners.count == 15)
        let leads = partners.filter { $0["role"] as? String == "lead" }
        #expect(leads.count == 1)
        #expect(leads.first?["id"] as? String == "urban-planning-and-development-institute-of-the-city-of-pilsen")
        #expect(leads.first?["country"] as? String == "CZ")
        #expect((leads.first?["name"] as? String)?.contains("Pilsen") == true)
        #expect(Set(partners.compactMap { $0["country"] as? String }) == ["BG", "CZ", "DE", "HU", "IT", "PL"])
        #expect(partners.filter { $0["role"] as? String == "partner" }.count == 14)
        for partner in partners {
            let id = try #require(partner["id"] as? String)
            #expect(partner["type"] as? String == "organisation")
            #expect(partner["link"] as? String == "/v1/organisations/\(id)")
        }
        #expect(partners.contains { $0["id"] as? String == "obshtina-varna" && $0["name"] as? String == "Municipality of Varna" && $0["country"] as? String == "BG" })
        let german = try APICheck.ok(try server.get("/v1/projects/cityregio-ii?lang=de"))
        let germanPartners = (german["related"] as? [String: [[String: Any]]])?["partners"] ?? []
        #expect(germanPartners.first { $0["id"] as? String == "obshtina-varna" }?["name"] as? String == "Gemeinde Warna")
        #expect(related["programme"]?.map { $0["id"] as? String } == ["interreg-cityregio-ii"])
        #expect(related["programme"]?.first?["link"] as? String == "/v1/programmes/interreg-cityregio-ii")
        #expect(related["predecessor"]?.map { $0["id"] as? String } == ["city-regio"])
        #expect(related["predecessor"]?.first?["link"] as? String == "/v1/projects/city-regio")
        #expect(related["themes"]?.count == 7)
        #expect(related["successor"] == nil)

        let findings = try #require(body["findings"] as? [[String: Any]])
        let partnerCount = try #require(findings.first { $0["check"] as? String == "partnerCount" })
        #expect(partnerCount["declared"] as? String == "14")
        #expect(partnerCount["computed"] as? String == "15")
        #expect(partnerCount["severity"] as? String == "warning")
        let countryCount = try #require(findings.first { $0["check"] as? String == "countryCount" })
        #expect(countryCount["declared"] as? String == "5")
        #expect(countryCount["computed"] as? String == "6")
        #expect(countryCount["severity"] as? String == "warning")
        #expect(findings.allSatisfy { $0["record"] as? String == "cityregio-ii" })
        #expect(findings.count == 9)

        // The predecessor links back.
        let predecessor = try APICheck.ok(try server.get("/v1/projects/city-regio"))
        let back = (predecessor["related"] as? [String: [[String: Any]]])?["successor"]
        #expect(back?.map { $0["id"] as? String } == ["cityregio-ii"])
    }

    @Test func evidenceQuotesTheDocumentTextAtItsScalarOffsets() throws {
        let server = try APITestServer()
        defer { server.stop() }
        var texts: [String: String] = [:]
        func text(_ id: String) throws -> String {
            if let text = texts[id] { return text }
            let response = try server.get("/v1/documents/\(id)/text")
            #expect(response.status == 200)
            texts[id] = response.text
            return response.text
        }
        let project = try APICheck.ok(try server.get("/v1/projects/cityregio-ii"))
        let evidence = try #require((project["data"] as? [String: Any])?["evidence"] as? [[String: Any]])
        #expect(evidence.count >= 20)
        let budget = try #require(evidence.first { $0["field"] as? String == "totalBudget" })
        #expect((budget["quote"] as? String)?.contains("1.603.747") == true)

        // Every evidence of every record (and of its findings) quotes exactly what its document says.
        var checked = 0
        for plural in Self.collections {
            for id in try server.listIDs("/v1/\(plural)?limit=100") {
                let item = try APICheck.ok(try server.get("/v1/\(plural)/\(id)"))
                var all = (item["data"] as? [String: Any])?["evidence"] as? [[String: Any]] ?? []
                for finding in item["findings"] as? [[String: Any]] ?? [] { all += finding["evidence"] as? [[String: Any]] ?? [] }
                for entry in all {
                    let document = try #require(entry["document"] as? String)
                    let start = try #require(entry["start"] as? Int), end = try #require(entry["end"] as? Int)
                    let quote = try #require(entry["quote"] as? String)
                    #expect(Self.slice(try text(document), start, end) == quote, "\(plural)/\(id): \(quote) at \(start)..<\(end)")
                    checked += 1
                }
            }
        }
        #expect(checked >= 150)
        // Offsets count scalars, not UTF-8 bytes: the document has non-ASCII text before the budget quote.
        let document = try text("cityregio-ii")
        let budgetStart = try #require(budget["start"] as? Int)
        let prefix = try #require(Self.slice(document, 0, budgetStart))
        #expect(prefix.utf8.count > prefix.unicodeScalars.count)
    }

    @Test func everyListedRecordHasAnItemWithTheSameData() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for plural in Self.collections {
            let list = APICheck.data(try APICheck.ok(try server.get("/v1/\(plural)?limit=100")))
            for entry in list {
                let id = try #require(entry["id"] as? String)
                let item = try APICheck.ok(try server.get("/v1/\(plural)/\(id)"))
                let data = try #require(item["data"] as? [String: Any])
                #expect(data["id"] as? String == id)
                #expect(item["label"] as? String == entry["label"] as? String)
                #expect(item["related"] is [String: Any])
                #expect(item["findings"] is [Any])
                var listed = entry
                listed["label"] = nil
                listed["link"] = nil
                #expect(NSDictionary(dictionary: listed).isEqual(to: data), "\(plural)/\(id) differs between list and item")
            }
        }
    }

    @Test func relatedSummariesOfOtherKinds() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let region = try APICheck.ok(try server.get("/v1/regions/copenhagen-malmo-region"))
        let members = (region["related"] as? [String: [[String: Any]]])?["members"]
        #expect(members?.compactMap { $0["id"] as? String } == ["kobenhavns-kommune", "malmo-stad"])
        let partnership = try APICheck.ok(try server.get("/v1/partnerships/syddanmark-schleswig-holstein-partnership-agreement"))
        let parties = (partnership["related"] as? [String: [[String: Any]]])?["parties"] ?? []
        #expect(Set(parties.compactMap { $0["id"] as? String }) == ["region-syddanmark", "schleswig-holstein"])
        let organisation = try APICheck.ok(try server.get("/v1/organisations/obshtina-varna"))
        let projects = (organisation["related"] as? [String: [[String: Any]]])?["projects"] ?? []
        #expect(projects.map { $0["id"] as? String } == ["cityregio-ii"])
        #expect(projects.first?["role"] as? String == "partner")
        let theme = try APICheck.ok(try server.get("/v1/themes/logistics"))
        let themed = (theme["related"] as? [String: [[String: Any]]])?["projects"] ?? []
        #expect(themed.map { $0["id"] as? String } == ["cityregio-ii"])
    }

    @Test func unknownIDsAre404Problems() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for plural in Self.collections + ["documents"] {
            let body = try APICheck.problem(try server.get("/v1/\(plural)/no-such-record"), status: 404, kind: "not-found")
            #expect((body["detail"] as? String)?.contains("no-such-record") == true)
        }
        try APICheck.problem(try server.get("/v1/projects/CITYREGIO-II"), status: 404, kind: "not-found")
        try APICheck.problem(try server.get("/v1/projects/%27%20OR%201%3D1"), status: 404, kind: "not-found")
        try APICheck.problem(try server.get("/v1/documents/no-such-document/text"), status: 404, kind: "not-found")
        // An id of another kind is not found under this kind.
        try APICheck.problem(try server.get("/v1/organisations/cityregio-ii"), status: 404, kind: "not-found")
    }
}
