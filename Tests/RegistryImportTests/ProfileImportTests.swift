import Foundation
import JSONOutput
import Registry
import RegistryImport
import Testing

/// The built-in profiles over the excerpts of the six real files: the records, values, evidence and findings they
/// must produce.
@Suite struct ProfileImportTests {
    @Test func thuringianOperationKeepsItsMoneyRateAndDates() throws {
        let harness = try ImportHarness()
        let report = try harness.run("erdf_thueringen_2014-2020_operations.excerpt.csv", profile: "erdf-operations-thueringen")
        #expect(report.rejected.isEmpty && report.rowsRead == 40)
        let project = try #require(try harness.served(.project, "2015-tiz-0299"))
        #expect(project["total_budget"] == .object(["amount": .integer(40000), "currency": .string("EUR")]))
        #expect(project["co_financing_rate"] == .number(0.8))
        #expect(project["period"] == .object(["start": .string("2015-07-15"), "end": .string("2016-12-31")]))
        #expect(project["title"] == .string("Anschaffung neuer Geräte und Einrichtungen für das Bistro und die Pension"))
        guard case .array(let partners)? = project["partners"], case .object(let lead)? = partners.first else {
            Issue.record("no partner"); return
        }
        #expect(lead["role"] == .string("lead") && lead["country"] == .string("DE"))
        #expect(lead["listed_name"] == .string("\"Auszeit\" Bistro und Pension Inh. Ulrike Lescher-Warnke"))
        guard case .string(let organisationID)? = lead["organisation"] else { Issue.record("no organisation"); return }
        let organisation = try #require(try harness.served(.organisation, organisationID))
        #expect(organisation["country"] == .string("DE") && organisation["kind"] == .string("association"))

        // Provenance: the evidence quotes the row, in a document that names the file and its SHA-256.
        guard case .array(let evidence)? = project["evidence"], case .object(let item)? = evidence.first,
              case .string(let quote)? = item["quote"], case .string(let documentID)? = item["document"] else {
            Issue.record("no evidence"); return
        }
        #expect(quote.hasPrefix("line 2: "))
        #expect(quote.contains("total eligible expenditure allocated to the operation = 40.000,00 €"))
        #expect(quote.contains("Union co-financing rate = 80%"))
        let document = try #require(try harness.store.document(id: documentID))
        let bytes = try Data(contentsOf: ImportHarness.fixtures.appendingPathComponent("erdf_thueringen_2014-2020_operations.excerpt.csv"))
        #expect(document.sha256 == report.sha256 && report.sha256.count == 64)
        #expect(document.title == "Import of erdf_thueringen_2014-2020_operations.excerpt.csv" && !bytes.isEmpty)
        guard case .integer(let start)? = item["start"], case .integer(let end)? = item["end"] else { Issue.record("no offsets"); return }
        #expect(String(String.UnicodeScalarView(Array(document.text.unicodeScalars)[Int(start)..<Int(end)])) == quote)

        // The quality checks ran: no EU funding is stated in this file.
        let findings = try harness.store.findings(recordKind: .project, recordID: "2015-tiz-0299")
        #expect(findings.contains { $0.check == .missingField && $0.field == "euFunding" })
    }

    @Test func metropolitanRegionHasItsPopulationByYear() throws {
        let harness = try ImportHarness()
        let report = try harness.run("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv", profile: "eurostat-metro-population")
        #expect(report.created == 32 && report.rejected.isEmpty)
        let berlin = try #require(try harness.served(.region, "eurostat-metro-de001mc"))
        #expect(berlin["name"] == .string("Berlin") && berlin["kind"] == .string("metropolitanRegion"))
        guard case .array(let figures)? = berlin["population"] else { Issue.record("no population"); return }
        #expect(figures.contains(.object(["count": .integer(5_481_613), "year": .integer(2023), "is_forecast": .bool(false)])))
        // `:` is missing: 1990 has no figure.
        #expect(figures.count == 4)
        let leipzig = try #require(try harness.served(.region, "eurostat-metro-de008m"))
        guard case .array(let leipzigFigures)? = leipzig["population"] else { Issue.record("no population"); return }
        #expect(leipzigFigures == [
            .object(["count": .integer(1_049_025), "year": .integer(2020), "is_forecast": .bool(false)]),
            .object(["count": .integer(1_076_346), "year": .integer(2023), "is_forecast": .bool(false)]),
        ])
    }

    @Test func nutsCodesEnterTheGazetteerWithNameLevelAndParent() throws {
        let harness = try ImportHarness()
        let report = try harness.run("NUTS2021_eurostat_cp1252.excerpt.csv", profile: "nuts-2021")
        #expect(report.warnings.count == 1 && report.rejected.isEmpty)
        #expect(report.rowsSkipped >= 1)
        let stuttgart = try #require(try harness.store.place(nuts: "DE111"))
        #expect(stuttgart.names.values.contains("Stuttgart, Stadtkreis"))
        #expect(stuttgart.kind == "nuts3" && stuttgart.country == "DE" && stuttgart.within == "nuts-de11")
        #expect(try harness.store.place(id: "nuts-de11")?.names.values.first == "Stuttgart")
        let norfolk = try #require(try harness.store.place(nuts: "UKH16"))
        #expect(norfolk.country == "GB" && norfolk.names.values.first == "North and West Norfolk")
        #expect(try harness.store.place(nuts: "EL")?.country == "GR")
        // The note row below the table is not a region.
        #expect(try harness.store.place(nuts: "STATISTICAL REGIONS (EFTA COUNTRIES, CANDIDATE COUNTRIES, POTENTIAL CANDIDATES, OTHER PARTNERS (EASTERN PARTNERSHIP ETC.):") == nil)
        // Imported again, nothing changes.
        let again = try harness.run("NUTS2021_eurostat_cp1252.excerpt.csv", profile: "nuts-2021")
        #expect(again.created == 0 && again.updated == 0 && again.unchanged == report.created)
    }

    @Test func nutsFromTheSpreadsheetMadeOfTheCSVGivesTheSamePlaces() throws {
        let harness = try ImportHarness()
        let csv = try harness.run("NUTS2021_eurostat_cp1252.excerpt.csv", profile: "nuts-2021")
        let xlsx = try harness.run("NUTS2021_eurostat.excerpt.xlsx", profile: "nuts-2021")
        #expect(xlsx.rejected.isEmpty && xlsx.created == 0 && xlsx.unchanged == csv.created)
        #expect(try harness.store.place(nuts: "DE111")?.within == "nuts-de11")
    }

    @Test func twinningHasItsYearSinceAndSource() throws {
        let harness = try ImportHarness()
        let report = try harness.run("ua_de_twinning_partners.excerpt.json", profile: "skew-municipal-partnerships")
        #expect(report.rejected.isEmpty && report.rowsSkipped > 0)
        let partnership = try #require(try harness.served(.partnership, "poltavsyka-leinfelden-echterdingen"))
        #expect(partnership["signed"] == .string("1988"))
        #expect(partnership["description"] == .string(
            "Kommunalpartnerschaft, registered by SKEW: https://skew.engagement-global.de/Liste-deutsch-ukrainischer-kommunalbeziehungen.html?partner=80"))
        guard case .array(let parties)? = partnership["parties"] else { Issue.record("no parties"); return }
        #expect(parties.count == 2)
        let poltava = try #require(try harness.served(.organisation, "poltavsyka-misyka-teritorialyna-gromada-ua"))
        #expect(poltava["names"] == .object(["de": .string("Poltawa")]) && poltava["country"] == .string("UA"))
        // One hromada with four German partners is one organisation, not four.
        let projects = try harness.store.partnerships(withParty: "poltavsyka-misyka-teritorialyna-gromada-ua")
        #expect(projects.count == 4)
        // Strategy mentions and news items are not registered partnerships.
        #expect(try harness.served(.partnership, "poltavsyka-kalmar") == nil)
    }

    @Test func kohesioBeneficiariesKeepCyrillicNamesAndCountries() throws {
        let harness = try ImportHarness()
        let report = try harness.run("kohesio_beneficiaries_CEE.excerpt.tsv", profile: "kohesio-beneficiaries")
        // `община Петрич` and `ОБЩИНА ПЕТРИЧ` fold to the same name in the same country: one organisation.
        #expect(report.rejected.isEmpty && report.created == report.rowsRead - 1)
        let zora = try #require(try harness.served(.organisation, "zora-es-eood-bg"))
        #expect(zora["name"] == .string("\"Зора-ЕС\" ЕООД") && zora["country"] == .string("BG"))
        #expect(zora["aliases"] == .array([.string("\"Zora-ES\" EOOD")]))
        let petrich = try #require(try harness.served(.organisation, "obshtina-petrich-bg"))
        #expect(petrich["kind"] == .string("municipality") && petrich["name"] == .string("община Петрич"))
        #expect(petrich["aliases"] == .array([.string("obshtina Petrich"), .string("OBShtINA PETRICh"), .string("ОБЩИНА ПЕТРИЧ")]))
    }

    @Test func interregPartnerRowsBecomeOneProjectWithItsPartners() throws {
        let harness = try ImportHarness()
        let report = try harness.run("se_interreg_partners_2021-2027.excerpt.json", profile: "interreg-partners-se")
        #expect(report.rejected.isEmpty && report.rowsSkipped == 0)
        let biogas = try #require(try harness.served(.project, "boost-nordic-biogas-interreg-aurora"))
        #expect(biogas["programme"] == .string("interreg-aurora") && biogas["status"] == .string("closed"))
        #expect(biogas["period"] == .object(["start": .string("2023-01-01"), "end": .string("2025-12-31")]))
        // Several rows name the same project (ICCE, MinImpact, SMART RURAL): one project with each row a partner.
        let projects = try harness.store.records(Project.self)
        let grouped = try #require(projects.first { $0.partners.count > 1 })
        #expect(Set(grouped.partners.map(\.organisation)).count == grouped.partners.count)
        #expect(grouped.evidence.count == grouped.partners.count)
        // BioFuel Region BFR AB is a partner of several projects and one organisation.
        #expect(try harness.store.projects(withPartner: "biofuel-region-bfr-ab-se").count >= 2)
        #expect(try harness.store.records(Organisation.self).filter { $0.name == "BioFuel Region BFR AB" }.count == 1)
        // An associated partner (AP) is a partner with its own role.
        let cinurgi = try #require(try harness.store.records(Project.self).first { $0.title == "CiNURGi" })
        #expect(cinurgi.partners.map(\.role) == ["associated"] && cinurgi.partners.first?.listedName == "Jordbruksverket")
    }
}
