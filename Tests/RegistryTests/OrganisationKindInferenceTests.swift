import Foundation
import Registry
import Testing

/// An organisation's kind guessed from its name by comparing bytes gives what Foundation's `contains` gave.
@Suite struct OrganisationKindInferenceTests {
    /// The guess as it was made with Foundation's `contains`: the reference.
    private static func byFoundation(_ name: String) -> OrganisationKind {
        let lowered = name.lowercased()
        return OrganisationKind.nameMarkers.first { lowered.contains($0.marker) }?.kind ?? .association
    }

    @Test func namesOfEveryKind() {
        let names: [(String, OrganisationKind)] = [
            ("Община Пловдив", .municipality), ("ОБЩИНА БЛАГОЕВГРАД", .municipality), ("Local Economic Development Agency -LEDA, Razlog", .agency),
            ("Fundacja Rozwoju", .foundation), ("Stadt Flensburg", .municipality), ("Malmö stad", .municipality),
            ("Region Skåne", .regionalAuthority), ("Landkreis Görlitz", .district), ("Amt für Umwelt", .agency),
            ("AMT FÜR UMWELT", .agency), ("Sønderborg Kommune", .municipality), ("Siemens GmbH", .company),
            ("Novo A/S", .company), ("КАБРОН И ПЕКЕНЬО ООД", .association), ("", .association),
            // `а` with a combining breve is another letter: `община` is not in it.
            ("Общинӑ", .association), ("Общинӑ Пловдив стадт", .association), ("Kreis\u{0301}", .association),
        ]
        for (name, kind) in names {
            #expect(OrganisationKind.inferred(fromName: name) == kind, "\(name)")
            #expect(Self.byFoundation(name) == kind, "reference: \(name)")
        }
    }

    @Test func randomNamesAgreeWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["община", "Община", "stad", "Stadt", "kreis", "REGION", "amt für", "a/s", "verein", " ", "-", "x",
                      "é", "e\u{0301}", "\u{0306}", "\u{0301}", "ӑ", "Ł", "😀", "🇩🇪", "ß", "İ", "ﬀ", "gmbh", "city of"]
        for _ in 0..<2_000 {
            let name = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(OrganisationKind.inferred(fromName: name) == Self.byFoundation(name), "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
