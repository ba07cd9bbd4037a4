import Foundation
import Import
import Testing

/// The value parsers the mappings use: exact results, and a clear reason for every refusal.
@Suite struct ValueParserTests {
    private func decimal(_ text: String) -> Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }

    @Test func numbersWithTheirSeparators() throws {
        let auto = NumberParser()
        #expect(try auto.parse("4.921.641") == 4_921_641)
        #expect(try auto.parse("40.000,00") == 40_000)
        #expect(try auto.parse("1,234.5") == decimal("1234.5"))
        #expect(try auto.parse("1 234,56") == decimal("1234.56"))
        #expect(try auto.parse("86694.45") == decimal("86694.45"))
        #expect(try auto.parse("-0,5") == decimal("-0.5"))
        #expect(try auto.parse("1.5") == decimal("1.5"))
        #expect(try NumberParser(decimalSeparator: ",").parse("1.234") == 1234)
        #expect(try NumberParser(decimalSeparator: ".").parse("1.234") == decimal("1.234"))
        #expect(throws: ValueError(text: "1.234", expected: "a number", reason: "\".\" may group thousands or mark decimals here; say which separator is decimal")) {
            try auto.parse("1.234")
        }
        #expect(throws: ValueError(text: "4.92.641", expected: "a number", reason: "thousands must be grouped by three")) { try auto.parse("4.92.641") }
        #expect(throws: ValueError(text: "12a", expected: "a number", reason: "\"a\" is neither a digit nor a separator")) { try auto.parse("12a") }
        #expect(throws: ValueError(text: "", expected: "a number", reason: "it is empty")) { try auto.parse("") }
    }

    @Test func moneyInExactCents() throws {
        let parser = MoneyParser()
        #expect(try parser.parse("40.000,00 €") == MoneyParser.Amount(cents: 4_000_000, currency: "EUR"))
        #expect(try parser.parse("120.000.000,00 €") == MoneyParser.Amount(cents: 12_000_000_000, currency: "EUR"))
        #expect(try parser.parse("EUR 1,234.5") == MoneyParser.Amount(cents: 123_450, currency: "EUR"))
        #expect(try parser.parse("98.466,50 €").cents == 9_846_650)
        #expect(try MoneyParser(defaultCurrency: "EUR").parse("127024.68") == MoneyParser.Amount(cents: 12_702_468, currency: "EUR"))
        #expect(throws: ValueError(text: "127024.68", expected: "an amount of money", reason: "no currency symbol or code, and no default currency")) {
            try parser.parse("127024.68")
        }
        #expect(throws: ValueError(text: "1,2345 €", expected: "an amount of money", reason: "more than two decimals")) { try parser.parse("1,2345 €") }
    }

    @Test func percentagesAsExactFractions() throws {
        #expect(try PercentageParser().parse("80%") == decimal("0.8"))
        #expect(try PercentageParser().parse("12,5 %") == decimal("0.125"))
        #expect(try PercentageParser(bareNumbersAreFractions: true).parse("0.75") == decimal("0.75"))
        #expect(throws: ValueError(text: "80", expected: "a percentage", reason: "it has no percent sign")) { try PercentageParser().parse("80") }
        #expect(throws: ValueError(text: "x%", expected: "a percentage", reason: "\"x\" is neither a digit nor a separator")) { try PercentageParser().parse("x%") }
    }

    @Test func datesByFormat() throws {
        let german = DateParser(formats: ["dd.mm.yyyy"])
        #expect(try german.parse("15.07.2015").description == "2015-07-15")
        #expect(try german.parse("1.4.2015") == CalendarDate(year: 2015, month: 4, day: 1))
        #expect(try DateParser().parse("2023-01-01").description == "2023-01-01")
        #expect(try DateParser(formats: ["yyyy-mm-dd", "yyyy"]).parse("1988").description == "1988")
        #expect(throws: ValueError(text: "29.02.2015", expected: "a date as dd.mm.yyyy", reason: "month 2 of 2015 has no day 29")) {
            try german.parse("29.02.2015")
        }
        #expect(try german.parse("29.02.2016").description == "2016-02-29")
        #expect(throws: ValueError(text: "15.13.2015", expected: "a date as dd.mm.yyyy", reason: "there is no month 13")) { try german.parse("15.13.2015") }
        #expect(throws: ValueError(text: "2015-07-15", expected: "a date as dd.mm.yyyy", reason: "it does not match")) { try german.parse("2015-07-15") }
    }

    @Test func missingMarkers() throws {
        let missing = MissingMarkers()
        #expect(missing.isMissing(":") && missing.isMissing("") && missing.isMissing(" - ") && missing.isMissing(nil))
        #expect(!missing.isMissing("0"))
        #expect(try missing.value(":", NumberParser().parse) == nil)
        #expect(try missing.value("5.481.613", NumberParser().parse) == 5_481_613)
    }

    @Test func headerNamesMatchLooselyAndByEitherLanguage() {
        let header = ColumnHeader(["Ende des Vorhabens  - operation end date", "Land -country", "Bezeichnung der Interventionskategorie-  name of category", "Unions-Kofinanz-ierungs-satz  pro Prioritätsachse - Union co-financing rate"])
        #expect(header.index(of: "operation end date") == 0)
        #expect(header.index(of: "Ende des Vorhabens") == 0)
        #expect(header.index(of: "ende des vorhabens - operation end date") == 0)
        #expect(header.index(of: "country") == 1)
        #expect(header.index(of: "name of category") == 2)
        #expect(header.index(of: "union co-financing rate") == 3)
        #expect(header.index(of: "budget") == nil)
    }
}
