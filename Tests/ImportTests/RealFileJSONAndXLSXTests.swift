import Foundation
import Import
import Testing

/// The JSON and XLSX readers over excerpts of the real files (the XLSX made from the NUTS excerpt by LibreOffice).
@Suite struct RealFileJSONAndXLSXTests {
    @Test func swedishPartnersAreAFlatArray() throws {
        let reader = try JSONReader(ImportFixtures.source("se_interreg_partners_2021-2027.excerpt.json"))
        var rows: [JSONRow] = []
        try reader.forEach { rows.append($0) }
        #expect(rows.count == 22)
        #expect(rows[0].path == "[0]")
        #expect(rows[0].text(at: try JSONPath("organisationsnamn")) == "BioFuel Region BFR AB")
        #expect(rows[0].text(at: try JSONPath("nuts2")) == "Övre Norrland")
        #expect(rows[0].text(at: try JSONPath("partnerbudget")) == "149355")
        let noType = try #require(rows.first { $0.text(at: try JSONPath("projektnamn")) == "CiNURGi" })
        #expect(noType.text(at: try JSONPath("partnerbudget")) == "0")
        let type = try JSONPath("organisationstyp")
        #expect(noType.value(at: type) == .null && noType.text(at: type) == nil)
        #expect(noType.text(at: try JSONPath("projektår")) == "2023")
    }

    @Test func jsonNumbersStayExactDecimalText() throws {
        let source = ImportSource.bytes(Array("[{\"budget\": 333746.87, \"count\": 12345678901234, \"ok\": true}]".utf8), name: "n.json")
        var row: JSONRow?
        try JSONReader(source).forEach { row = $0 }
        let budget = try #require(row?.text(at: JSONPath("budget")))
        #expect(budget == "333746.87")
        #expect(try MoneyParser(defaultCurrency: "EUR").parse(budget).cents == 33_374_687)
        #expect(row?.text(at: try JSONPath("count")) == "12345678901234")
        #expect(row?.value(at: try JSONPath("ok")) == .bool(true))
    }

    @Test func twinningsAreRowsAtAPathWithTheirHromada() throws {
        let hromadas = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "hromadas")
        var names: [String] = []
        try hromadas.forEach { names.append($0.text(at: try JSONPath("name")) ?? "") }
        #expect(names.first == "Полтавська міська територіальна громада" && names.count == 3)

        let partners = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "hromadas[*].partners")
        var rows: [JSONRow] = []
        try partners.forEach { rows.append($0) }
        let first = try #require(rows.first)
        #expect(first.path == "hromadas[0].partners[0]")
        #expect(first.text(at: try JSONPath("partner_name")) == "Leinfelden-Echterdingen")
        #expect(first.text(at: try JSONPath("since")) == "1988")
        #expect(first.text(at: try JSONPath("source")) == "skew")
        #expect(first.text(at: try JSONPath("^.katottg")) == "UA53080370000025447")
        #expect(try DateParser(formats: ["yyyy"]).parse(#require(first.text(at: JSONPath("since")))) == CalendarDate(year: 1988, month: nil, day: nil))
        #expect(first.location(of: try JSONPath("since")).description == "hromadas[0].partners[0].since")
        let since = try JSONPath("since")
        #expect(rows.contains { $0.value(at: since) == .null })

        let root = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "sources")
        var sources: [String?] = []
        try root.forEach { sources.append($0.text(at: try JSONPath("id"))) }
        #expect(sources.prefix(2) == ["skew", "cities4cities"])
    }

    @Test func rowsPathErrorsNameThePath() throws {
        let missing = ImportFixtures.importError { _ = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "data.items").forEach { _ in } }
        #expect(missing?.description == "ua_de_twinning_partners.excerpt.json, the document's root: no value at the rows path \"data.items\"")
        let notArray = ImportFixtures.importError { _ = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "coverage").forEach { _ in } }
        #expect(notArray?.reason == .rowsNotAnArray(path: "coverage"))
        #expect(ImportFixtures.importError { _ = try JSONReader(ImportFixtures.source("ua_de_twinning_partners.excerpt.json"), rows: "a[x]") }?.reason
            == .invalidPath("\"[x]\" is neither an index nor [*] in \"a[x]\""))
        let broken = ImportSource.bytes(Array("[{\"a\": 1},".utf8), name: "broken.json")
        #expect(ImportFixtures.importError { _ = try JSONReader(broken) }.map { "\($0.reason)".hasPrefix("not valid JSON") } == true)
    }

    @Test func libreOfficeXLSXOfTheNUTSExcerpt() throws {
        let reader = try XLSXReader(ImportFixtures.source("NUTS2021_eurostat.excerpt.xlsx"))
        #expect(reader.sheetNames == ["nuts"] && reader.sheet == "nuts")
        var rows: [TabularRow] = []
        try reader.forEach { rows.append($0) }
        let (_, csvRows) = try ImportFixtures.csvRows(ImportFixtures.source("NUTS2021_eurostat_cp1252.excerpt.csv"))
        #expect(rows.count == csvRows.count)
        let belgium = try #require(rows.first)
        #expect(belgium.line == 2 && belgium[column: "Country"] == "Belgique/België")
        #expect(belgium[column: "NUTS level"] == "0" && belgium[column: "Region order"] == "1")
        let region = try #require(rows.first { $0[0] == "BE1" })
        #expect(region[1] == "" && region[2] == "Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest" && region[5] == "1")
        let norfolk = try #require(rows.first { $0[0] == "UKH16" })
        #expect(norfolk[4] == "North\u{00A0}and West Norfolk")
        #expect(norfolk.location(ofColumn: 4).description == "sheet nuts, cell E\(norfolk.line)")
        for (xlsx, csv) in zip(rows, csvRows) {
            #expect(xlsx[0] == csv[0] && xlsx[4] ?? "" == csv[4] ?? "")
        }
    }
}
