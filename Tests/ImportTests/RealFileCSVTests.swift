import Foundation
import Import
import Testing

/// The CSV/TSV reader over excerpts of the real files, byte for byte as published.
@Suite struct RealFileCSVTests {
    @Test func kohesioTSVKeepsUnescapedQuotesAndTrailingTabs() throws {
        let (reader, rows) = try ImportFixtures.csvRows(ImportFixtures.source("kohesio_beneficiaries_CEE.excerpt.tsv"))
        #expect(reader.encoding.encoding == .utf8 && reader.warnings.isEmpty)
        #expect(reader.dialect == CSVDialect(delimiter: UInt8(ascii: "\t"), quoting: false, hasHeader: true))
        #expect(reader.header?.names.prefix(3) == ["Country", "Region", "Beneficiary Name"])
        #expect(rows.allSatisfy { $0.fields.count == 8 && $0.fields[7].isEmpty })
        let zora = try #require(rows.first { $0[column: "Transliterated Name"] == "\"Zora-ES\" EOOD" })
        #expect(zora.line == 3)
        #expect(zora[column: "Beneficiary Name"] == "\"Зора-ЕС\" ЕООД")
        #expect(zora[column: "EU Contribution"] == "86694.45")
        #expect(rows.first { $0[2] == "\"ЛЕТА СТИЛ\" ЕООД" }?.line == 23)
        #expect(rows.first { $0[2]?.hasPrefix("ФОНДАЦИЯ \"ЦЕНТЪР") == true }?.line == 26)
        #expect(rows.first { $0.line == 43 }?[column: "EU Contribution"] == "")
        #expect(rows.contains { $0[0] == "Poland" } && rows.contains { $0[0] == "Slovenia" })
        #expect(zora.location(ofColumn: 2).description == "line 3, column 3 (Beneficiary Name)")
    }

    @Test func nutsCSVIsReadAsWindows1252WithAWarning() throws {
        let (reader, rows) = try ImportFixtures.csvRows(ImportFixtures.source("NUTS2021_eurostat_cp1252.excerpt.csv"))
        #expect(reader.encoding.encoding == .windows1252)
        #expect(reader.warnings.first?.description == "NUTS2021_eurostat_cp1252.excerpt.csv, line 2: not valid UTF-8 (first at this line); read as Windows-1252; give --encoding if that is wrong")
        #expect(reader.dialect.delimiter == UInt8(ascii: ",") && reader.dialect.quoting && reader.dialect.hasHeader)
        #expect(rows.first?[1] == "Belgique/België")
        let norfolk = try #require(rows.first { $0[column: "Code 2021"] == "UKH16" })
        let name = try #require(norfolk[column: "NUTS level 3"])
        #expect(name == "North\u{00A0}and West Norfolk")
        #expect(TextNormalizer.normalize(name) == "North and West Norfolk")
        #expect(norfolk[column: "NUTS level"] == "3")
        let stuttgart = try #require(rows.first { $0[0] == "DE111" })
        #expect(stuttgart[4] == "Stuttgart, Stadtkreis" && stuttgart.fields.count == 14)
        #expect(rows.contains { $0[0]?.hasPrefix("Statistical regions (EFTA countries") == true })
        #expect(!rows.contains { $0.fields.allSatisfy(\.isEmpty) })
        #expect(rows.first { $0[0] == "BG" }?[1] == "????????\u{00A0}")
    }

    @Test func metroRegionsCSVHasABOMSemicolonsAndCRLF() throws {
        let (reader, rows) = try ImportFixtures.csvRows(ImportFixtures.source("eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv"))
        #expect(reader.encoding.byteOrderMarkLength == 3)
        #expect(reader.header?.names == ["metroreg", "label", "y1990", "y2000", "y2010", "y2020", "y2023"])
        let berlin = try #require(rows.first)
        #expect(berlin.line == 2 && berlin[column: "metroreg"] == "DE001MC")
        #expect(berlin[column: "y2023"] == "5.481.613")
        #expect(berlin[column: "y1990"] == ":")
        #expect(try NumberParser().parse(#require(berlin[column: "y2023"])) == 5_481_613)
        #expect(rows.first { $0[0] == "DE003M" }?[1] == "München")
        #expect(rows.allSatisfy { $0.fields.count == 7 && !($0.fields.last ?? "").hasSuffix("\r") })
    }

    @Test func erdfOperationsWithDoubledQuotesAndLineBreaksInFields() throws {
        let (reader, rows) = try ImportFixtures.csvRows(ImportFixtures.source("erdf_thueringen_2014-2020_operations.excerpt.csv"))
        #expect(reader.dialect == CSVDialect(delimiter: UInt8(ascii: ";"), quoting: true, hasHeader: true))
        #expect(rows.count == 40 && rows.allSatisfy { $0.fields.count == 10 })
        let auszeit = try #require(rows.first)
        #expect(auszeit[column: "beneficiary name"] == "\"Auszeit\" Bistro und Pension Inh. Ulrike Lescher-Warnke")
        #expect(auszeit[column: "Beginns des Vorhabens"] == "15.07.2015")
        let amount = try #require(auszeit[column: "total eligible expenditure allocated to the operation"])
        #expect(amount == "40.000,00 €")
        #expect(try MoneyParser().parse(amount) == MoneyParser.Amount(cents: 4_000_000, currency: "EUR"))
        #expect(try PercentageParser().parse(#require(auszeit[column: "Union co-financing rate"])) == Decimal(string: "0.8"))
        #expect(try DateParser(formats: ["dd.mm.yyyy"]).parse(#require(auszeit[column: "operation end date"])).description == "2016-12-31")
        #expect(auszeit[column: "Land -country"] == "Deutschland")
        #expect(auszeit[9]?.hasSuffix("(„KMU“)") == true)
        let fund = try #require(rows.first { $0[0] == "Thüringen-\nDynamik-\nDarlehensfonds" })
        #expect(fund[column: "operation start date"] == "01.04.2015")
        let afterFund = try #require(rows.first { $0.line > fund.line })
        #expect(afterFund.line == fund.line + 3)
    }
}
