import Testing
@testable import Registry

/// Masking contact values in free text: every occurrence, leftmost first and without overlap, one mask character per
/// Unicode scalar, values under five bytes left alone.
@Suite struct PersonalDataMaskTests {
    /// The masking as a plain scan, byte by byte, to compare with.
    static func scanned(_ text: String, values: [String]) -> String {
        var result = Array(text.utf8)
        for value in values where value.utf8.count >= 5 {
            let needle = Array(value.utf8)
            let replacement = Array(String(repeating: "•", count: value.unicodeScalars.count).utf8)
            var output: [UInt8] = []
            var index = 0
            while index < result.count {
                if index + needle.count <= result.count, result[index..<(index + needle.count)].elementsEqual(needle) {
                    output += replacement
                    index += needle.count
                } else {
                    output.append(result[index])
                    index += 1
                }
            }
            result = output
        }
        return String(decoding: result, as: UTF8.self)
    }

    @Test(arguments: [
        ("Write to anna@example.dk or call +45 12 34 56 78.", ["+45 12 34 56 78", "anna@example.dk"]),
        ("anna@example.dk", ["anna@example.dk"]),
        ("anna@example.dkanna@example.dk, anna@example.dk", ["anna@example.dk"]),
        ("aaaaaaaaaaa", ["aaaaa"]),
        ("Ærø Kommune, ærø@kommune.dk, Ærø", ["ærø@kommune.dk", "Ærø"]),
        ("nothing personal here", ["anna@example.dk", "+45 12 34 56 78"]),
        ("", ["anna@example.dk"]),
        ("short 1234 and 12345", ["1234", "12345"]),
        ("b.berg@region.se then berg@region.se", ["b.berg@region.se", "berg@region.se"]),
    ])
    func masksAsAPlainScanDoes(text: String, values: [String]) {
        let masked = String(decoding: PersonalData.mask(Array(text.utf8), values: values), as: UTF8.self)
        #expect(masked == Self.scanned(text, values: values))
        for value in values where value.utf8.count >= 5 {
            #expect(!masked.contains(value))
        }
    }

    @Test func aMaskedTextKeepsItsScalarCount() {
        let text = "Kontakt: ærø@kommune.dk (Ærø)."
        let masked = String(decoding: PersonalData.mask(Array(text.utf8), values: ["ærø@kommune.dk"]), as: UTF8.self)
        #expect(masked.unicodeScalars.count == text.unicodeScalars.count)
        #expect(masked == "Kontakt: " + String(repeating: "•", count: 14) + " (Ærø).")
    }
}
