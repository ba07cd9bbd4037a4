/// What a project fact sheet states, each value with the passage it was read from.
public struct FactSheet: Sendable, Hashable {
    /// A listed partner.
    public struct Partner: Sendable, Hashable {
        public var name: String
        public var isLead: Bool
    }

    /// A section of prose under a heading (`Praktische Ergebnisse`).
    public struct Section: Sendable, Hashable {
        public var heading: Located<String>
        public var paragraphs: [Located<String>]
    }

    public var acronym: Located<String>?
    public var title: Located<String>?
    /// Every labelled line, its value possibly empty, keyed by field.
    public var fields: [FactSheetField: Located<String>] = [:]
    public var period: Located<Period>?
    public var totalBudget: Located<Money>?
    public var funding: Located<Money>?
    public var coFinancingRate: Located<Rate>?
    public var partnerCount: Located<Int>?
    public var countryCount: Located<Int>?
    public var categories: [String] = []
    public var homepage: Located<String>?
    /// The paragraphs between the fields and the first heading.
    public var description: [Located<String>] = []
    public var sections: [Section] = []
    public var partners: [Located<Partner>] = []
    /// Labelled fields that carry no value (`Status:`, `Kategorien: ,`).
    public var emptyFields: [Located<FactSheetField>] = []
    /// Spellings of the acronym that differ from it only by look-alike characters (`CITYREGIO Il`).
    public var acronymVariants: [Located<String>] = []

    public init() {}
}
