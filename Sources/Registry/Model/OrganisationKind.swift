/// What sort of body an ``Organisation`` is.
public enum OrganisationKind: String, Codable, Sendable, Hashable, CaseIterable {
    case municipality
    case district
    case regionalAuthority
    case federalState
    case province
    case nationalAuthority
    case agency
    case company
    case foundation
    case association
    case network
    case commission
    case office

    /// A best guess from an organisation's listed name, as written on a project fact sheet.
    public static func inferred(fromName name: String) -> OrganisationKind {
        let lowered = name.lowercased()
        let rules: [(String, OrganisationKind)] = [
            ("fundacja", .foundation), ("foundation", .foundation), ("stiftung", .foundation),
            ("gmbh", .company), ("company", .company), ("a/s", .company),
            ("agency", .agency), ("institute", .agency), ("amt für", .agency),
            ("district of", .district), ("landkreis", .district), ("kreis", .district),
            ("municipality", .municipality), ("city of", .municipality), ("община", .municipality),
            ("kommune", .municipality), ("stadt", .municipality), ("stad", .municipality),
            ("region", .regionalAuthority), ("association", .association), ("verein", .association),
        ]
        for (marker, kind) in rules where lowered.contains(marker) {
            return kind
        }
        return .association
    }
}
