/// The labelled fields of a keep.eu-style project fact sheet, whatever the language of the label.
public enum FactSheetField: String, Sendable, Hashable, CaseIterable, Codable {
    case status
    case programme
    case period
    case role
    case totalBudget
    case funding
    case coFinancingRate
    case partnerCount
    case countryCount
    case categories
    case homepage

    /// Labels in German, English and Danish, lowercased.
    var labels: [String] {
        switch self {
        case .status: ["status", "projektstatus", "project status"]
        case .programme: ["förderprogramm", "programm", "programme", "program", "funding programme", "støtteprogram"]
        case .period: ["laufzeit", "projektlaufzeit", "duration", "project duration", "period", "periode", "projektperiode", "varighed"]
        case .role: ["rolle des aufbauwerks", "rolle", "role", "our role", "rolle i projektet"]
        case .totalBudget: ["gesamtbudget", "budget", "total budget", "project budget", "samlet budget", "totalbudget"]
        case .funding: ["förderung", "eu-förderung", "efre", "funding", "eu funding", "erdf", "eu-støtte", "eu-tilskud", "tilskud", "støtte"]
        case .coFinancingRate: ["förderquote", "kofinanzierungssatz", "co-financing rate", "cofinancing rate", "funding rate", "støtteprocent", "medfinansieringssats"]
        case .partnerCount: ["projektpartner", "partner", "partners", "project partners", "number of partners", "antal partnere", "projektpartnere"]
        case .countryCount: ["beteiligte länder", "länder", "countries", "participating countries", "deltagende lande", "lande"]
        case .categories: ["kategorien", "categories", "kategorier", "themen", "themes", "temaer"]
        case .homepage: ["homepage des projekts", "homepage", "website", "project website", "hjemmeside", "webseite"]
        }
    }

    /// The field a label names, or nil.
    static func named(_ label: String) -> FactSheetField? {
        let lowered = label.trimmingWhitespace.lowercased()
        return allCases.first { $0.labels.contains(lowered) }
    }

    /// Headings that open the partner list.
    static let partnerHeadings: Set<String> = [
        "projektpartner", "partner", "partners", "project partners", "projektpartnere", "partnere",
    ]

    /// Markers of the lead partner at the start of a list item, lowercased.
    static let leadMarkers = ["lead partner:", "leadpartner:", "lead-partner:", "federführender partner:", "hauptpartner:", "ledende partner:", "leadpartner -"]

    /// Words that make a heading a results section.
    static let resultWords = ["ergebnis", "result", "resultat"]
}
