import Foundation
import Testing
import TestSupport
@testable import Registry

@Suite struct FactSheetParserTests {
    let text: String
    let sheet: FactSheet

    init() throws {
        text = try String(contentsOf: Fixtures.seeds.appendingPathComponent("documents/cityregio-ii.de.txt"), encoding: .utf8)
        sheet = try FactSheetParser().parse(text)
    }

    @Test func readsAcronymAndTitle() {
        #expect(sheet.acronym?.value == "CITYREGIO II")
        #expect(sheet.title?.value == "Regional economic development through co-operation within city-regions")
    }

    @Test func readsMoneyExactly() {
        #expect(sheet.totalBudget?.value == Money(cents: 160_374_700, currency: "EUR"))
        #expect(sheet.funding?.value == Money(cents: 120_281_025, currency: "EUR"))
        #expect(sheet.coFinancingRate?.value == Rate(partsPerMillion: 750_000))
    }

    @Test func readsDeclaredCountsAndPeriod() throws {
        #expect(sheet.partnerCount?.value == 14)
        #expect(sheet.countryCount?.value == 5)
        let period = try #require(sheet.period?.value)
        #expect(period.start == nil)
        #expect(period.end == ISODate(year: 2008, month: 3, day: 31))
        #expect(sheet.period?.quote == "bis 31.03.2008")
    }

    @Test func readsFifteenPartnersWithTheLeadInPilsen() throws {
        #expect(sheet.partners.count == 15)
        let lead = try #require(sheet.partners.first)
        #expect(lead.value.isLead)
        #expect(lead.value.name == "Urban Planning and Development Institute of the City of Pilsen")
        #expect(sheet.partners.dropFirst().allSatisfy { !$0.value.isLead })
        #expect(sheet.partners.last?.value.name == "District of Leipziger Land")
        #expect(sheet.partners.map(\.value.name).contains("Община Варна"))
    }

    @Test func reportsEmptyFields() {
        let empty = Set(sheet.emptyFields.map(\.value))
        #expect(empty == [.status, .programme, .role, .categories])
        #expect(sheet.categories.isEmpty)
    }

    @Test func locatesEveryValueInTheText() {
        let locator = EvidenceLocator(text: text)
        var located: [Located<String>] = [sheet.acronym, sheet.title, sheet.homepage].compactMap { $0 }
        located += sheet.description + sheet.sections.flatMap(\.paragraphs)
        for value in located {
            #expect(locator.text(in: value.range) == value.quote)
        }
        for partner in sheet.partners {
            #expect(locator.text(in: partner.range) == partner.quote)
        }
        #expect(sheet.totalBudget.map { locator.text(in: $0.range) } == "1.603.747\u{00A0}€")
    }

    @Test func findsTheMisspeltAcronym() {
        #expect(sheet.acronymVariants.map(\.value) == ["CITYREGIO Il"])
    }

    @Test func readsHomepageDescriptionAndResults() {
        #expect(sheet.homepage?.value == "https://keep.eu/project-ext/161/")
        #expect(sheet.description.count == 1)
        #expect(sheet.description.first?.value.hasPrefix("CITYREGIO Il ist ein direktes Nachfolgeprojekt") == true)
        #expect(sheet.sections.map(\.heading.value) == ["Praktische Ergebnisse", "Konkrete Ergebnisse für Leipzig"])
        #expect(FactSheetParser.results(of: sheet).count == 3)
    }

    @Test func parsesEnglishAndDanishSheets() throws {
        let english = """
            DEMO

            A demonstration project

            Programme: Interreg North Sea
            Duration: 01/01/2016 - 31/12/2019
            Total budget: 2,500,000.50 EUR
            ERDF: 1,250,000.25 EUR
            Co-financing rate: 50 %
            Partners: 3
            Countries: 2

            Partners
            - Lead partner: City of Aarhus
            - Hamburg Port Authority
            - Region Syddanmark
            """
        let sheet = try FactSheetParser().parse(english)
        #expect(sheet.period?.value == Period(start: ISODate("2016-01-01"), end: ISODate("2019-12-31")))
        #expect(sheet.totalBudget?.value.cents == 250_000_050)
        #expect(sheet.funding?.value.cents == 125_000_025)
        #expect(sheet.coFinancingRate?.value.partsPerMillion == 500_000)
        #expect(sheet.partners.map(\.value.isLead) == [true, false, false])
        #expect(sheet.partners.first?.value.name == "City of Aarhus")

        let danish = "PROJ\n\nEt projekt\n\nSamlet budget: 250.000 kr.\nVarighed: fra 01.03.2015\nDeltagende lande: 2\n"
        let danishSheet = try FactSheetParser().parse(danish)
        #expect(danishSheet.totalBudget?.value == Money(cents: 25_000_000, currency: "DKK"))
        #expect(danishSheet.period?.value == Period(start: ISODate("2015-03-01"), end: nil))
        #expect(danishSheet.countryCount?.value == 2)
    }

    @Test func namesTheLineOfAMalformedValue() {
        let broken = "X\n\nTitle\n\nGesamtbudget: 1.60.747 €\n"
        #expect(throws: FactSheetError.self) { try FactSheetParser().parse(broken) }
        do {
            _ = try FactSheetParser().parse(broken)
        } catch {
            #expect(error.line == 5)
        }
    }
}

@Suite struct EuropeanNumberTests {
    @Test(arguments: [
        ("1.603.747", Int64(160_374_700)), ("1.202.810,25", 120_281_025), ("1,603,747.00", 160_374_700),
        ("810,5", 81_050), ("12.5", 1_250), ("1.603", 160_300), ("0", 0), ("1 603 747", 160_374_700),
        ("1\u{202F}603\u{202F}747,10", 160_374_710),
    ])
    func readsHundredths(text: String, expected: Int64) throws {
        #expect(try EuropeanNumber.hundredths(text) == expected)
    }

    @Test(arguments: ["", "1,2,3", "1.60.747", "12,345", "1,234.5.6", "abc", "1.202.810,255", ",5", "5,"])
    func refusesMalformedNumbers(text: String) {
        if text == "12,345" {
            // One separator with three digits after it is a thousands separator.
            #expect((try? EuropeanNumber.hundredths(text)) == 1_234_500)
        } else {
            #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.hundredths(text) }
        }
    }

    @Test func readsMoneyAndPercentages() throws {
        #expect(try EuropeanNumber.money("1.603.747 €") == Money(cents: 160_374_700, currency: "EUR"))
        #expect(try EuropeanNumber.money("EUR 1,202,810.25") == Money(cents: 120_281_025, currency: "EUR"))
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.money("1.603.747") }
        #expect(try EuropeanNumber.percentage("75 %") == Rate(partsPerMillion: 750_000))
        #expect(try EuropeanNumber.percentage("62,5%") == Rate(partsPerMillion: 625_000))
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.percentage("175 %") }
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.percentage("75") }
    }

    @Test func readsPeriods() throws {
        #expect(try EuropeanNumber.period("bis 31.03.2008") == Period(end: ISODate("2008-03-31")))
        #expect(try EuropeanNumber.period("until 31/03/2008") == Period(end: ISODate("2008-03-31")))
        #expect(try EuropeanNumber.period("ab 1.2005") == Period(start: ISODate("2005-01")))
        #expect(try EuropeanNumber.period("01.01.2005 – 31.03.2008") == Period(start: ISODate("2005-01-01"), end: ISODate("2008-03-31")))
        #expect(try EuropeanNumber.period("2005-01-01 - 2008-03-31") == Period(start: ISODate("2005-01-01"), end: ISODate("2008-03-31")))
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.period("bis 31.02.2008") }
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.period("31.03.2008 – 01.01.2005") }
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.period("31.03.2008") }
        #expect(throws: EuropeanNumber.Malformed.self) { try EuropeanNumber.period("irgendwann") }
    }

    /// The quick test that rules out where a look-alike acronym cannot begin never rules out one that the full
    /// comparison would find: for every ASCII character, alone or as the start of a longer character, whatever
    /// its normalised form begins with is let through.
    @Test func theFirstScalarTestRulesOutOnlyWhatCannotMatch() throws {
        for value in UInt8(0x20)...UInt8(0x7E) {
            let scalar = Unicode.Scalar(value)
            for suffix in ["", "\u{301}", "\u{308}", "x"] {
                let normalised = FactSheetParser.normalise(String(Character(scalar)) + suffix)
                let first = try #require(normalised.unicodeScalars.first)
                #expect(FactSheetParser.mayBegin(first, scalar), "\(scalar) + \(suffix.debugDescription) → \(normalised)")
            }
        }
        #expect(!FactSheetParser.mayBegin("C", "x"))
        #expect(FactSheetParser.mayBegin("I", "l") && FactSheetParser.mayBegin("L", "l") && FactSheetParser.mayBegin("O", "0"))
        #expect(FactSheetParser.mayBegin("C", "ç"), "a scalar that is not ASCII is left to the full comparison")
    }
}
