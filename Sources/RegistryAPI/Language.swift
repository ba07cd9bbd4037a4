import HTTPServer

/// The languages labels are served in, negotiated from `?lang=` or `Accept-Language` (RFC 9110, 12.5.4).
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case danish = "da"
    case german = "de"

    /// `?lang=` wins (400 when unsupported); otherwise the best `Accept-Language` match; English by default.
    public static func negotiate(_ request: Request) throws -> Language {
        if let requested = request.query("lang") {
            guard let language = Language(rawValue: requested.lowercased()) else {
                throw APIError.invalidParameter("lang", reason: "unsupported language `\(requested)`; use en, da or de.")
            }
            return language
        }
        var best: (language: Language, quality: Double)?
        for element in request.headers.listElements(for: "Accept-Language") {
            let parts = element.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: " \t").lowercased() else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: " \t").split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "q" { quality = Double(pair[1]) ?? 0 }
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            let language = tag == "*" ? Language.english : Language(rawValue: primary)
            guard let language, quality > 0 else { continue }
            if best == nil || quality > (best?.quality ?? 0) { best = (language, quality) }
        }
        return best?.language ?? .english
    }
}
