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
        let text = Array(lowered.utf8)
        for (marker, kind) in markers where contains(marker, in: text, of: lowered) { return kind }
        return .association
    }

    /// Words that tell an organisation's kind in its lowercased name; the first that the name holds wins.
    public static let nameMarkers: [(marker: String, kind: OrganisationKind)] = [
        ("fundacja", .foundation), ("foundation", .foundation), ("stiftung", .foundation),
        ("gmbh", .company), ("company", .company), ("a/s", .company),
        ("agency", .agency), ("institute", .agency), ("amt für", .agency),
        ("district of", .district), ("landkreis", .district), ("kreis", .district),
        ("municipality", .municipality), ("city of", .municipality), ("община", .municipality),
        ("kommune", .municipality), ("stadt", .municipality), ("stad", .municipality),
        ("region", .regionalAuthority), ("association", .association), ("verein", .association),
    ]

    /// ``nameMarkers`` as UTF-8.
    private static let markers = nameMarkers.map { (Array($0.marker.utf8), $0.kind) }

    /// Whether `text` (the UTF-8 of `string`) holds `marker` as whole characters: its bytes, ending where a
    /// character ends (`община` is not in `общинӑ`, whose last letter is `а` with a combining breve). Comparing
    /// bytes rather than Foundation's `contains` matters: an import infers the kind of every partner it reads.
    private static func contains(_ marker: [UInt8], in text: [UInt8], of string: String) -> Bool {
        guard let first = marker.first, text.count >= marker.count else { return false }
        var start = 0
        while start + marker.count <= text.count {
            if text[start] == first, marker.indices.allSatisfy({ text[start + $0] == marker[$0] }) {
                let end = string.utf8.index(string.utf8.startIndex, offsetBy: start + marker.count)
                if String.Index(end, within: string) != nil { return true }
            }
            start += 1
        }
        return false
    }
}
