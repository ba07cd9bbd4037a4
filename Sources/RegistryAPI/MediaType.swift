import HTTPServer

/// The representations the API serves, and negotiation among them from `Accept` (RFC 9110, 12.5.1)
/// or an explicit `?format=` override.
public enum MediaType: String, Sendable, CaseIterable {
    case json = "application/json"
    case csv = "text/csv"
    /// Newline-delimited JSON: one entry per line.
    case ndjson = "application/x-ndjson"
    case graphML = "application/graphml+xml"
    case plainText = "text/plain"

    /// The `Content-Type` value, with charset for text types.
    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .ndjson: "application/x-ndjson"
        case .graphML: "application/graphml+xml; charset=utf-8"
        case .plainText: "text/plain; charset=utf-8"
        }
    }

    /// The value `?format=` names this type by.
    public var formatName: String {
        switch self {
        case .json: "json"
        case .csv: "csv"
        case .ndjson: "ndjson"
        case .graphML: "graphml"
        case .plainText: "text"
        }
    }

    /// Chooses the representation for a request among `offered` (first is the default):
    /// `?format=` wins; otherwise the `Accept` field with q-values; no `Accept` means the default.
    /// Throws 406 when the client accepts none of them, 400 for an unknown `format`.
    public static func negotiate(_ request: Request, offered: [MediaType]) throws -> MediaType {
        if let format = request.query("format") {
            guard let chosen = offered.first(where: { $0.formatName == format.lowercased() }) else {
                throw APIError.invalidParameter("format", reason:
                    "unknown format `\(format)`; this resource is available as \(offered.map(\.formatName).joined(separator: ", ")).")
            }
            return chosen
        }
        let ranges = AcceptHeader.parse(request.headers.values(for: "Accept").joined(separator: ","))
        guard !ranges.isEmpty else { return offered[0] }
        // Highest quality wins; among equals the more specific range, then the earlier offer.
        var best: (type: MediaType, quality: Double, specificity: Int)?
        for type in offered {
            guard let match = AcceptHeader.quality(of: type.rawValue, in: ranges), match.quality > 0 else { continue }
            if let current = best,
               match.quality < current.quality || (match.quality == current.quality && match.specificity <= current.specificity) {
                continue
            }
            best = (type, match.quality, match.specificity)
        }
        guard let best else {
            throw HTTPError(.notAcceptable, kind: "not-acceptable",
                            detail: "This resource is available as \(offered.map(\.rawValue).joined(separator: ", ")).")
        }
        return best.type
    }
}

/// Parsing of `Accept`-style fields: media ranges with q-values.
enum AcceptHeader {
    struct Range {
        var type: Substring
        var subtype: Substring
        var quality: Double
    }

    static func parse(_ value: String) -> [Range] {
        value.split(separator: ",").compactMap { element in
            let parts = element.split(separator: ";")
            guard let mediaRange = parts.first?.trimmingCharacters(in: " \t") else { return nil }
            let halves = mediaRange.split(separator: "/", maxSplits: 1)
            guard halves.count == 2 else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.trimmingCharacters(in: " \t").split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "q" {
                    quality = min(1, max(0, Double(pair[1]) ?? 0))
                }
            }
            return Range(type: Substring(halves[0].lowercased()), subtype: Substring(halves[1].lowercased()), quality: quality)
        }
    }

    /// The quality the most specific matching range gives a media type, and how specific it was (2 exact, 1 type/*, 0 */*).
    static func quality(of mediaType: String, in ranges: [Range]) -> (quality: Double, specificity: Int)? {
        let halves = mediaType.split(separator: "/", maxSplits: 1)
        guard halves.count == 2 else { return nil }
        var best: (quality: Double, specificity: Int)?
        for range in ranges {
            let specificity: Int
            if range.type == halves[0] && range.subtype == halves[1] {
                specificity = 2
            } else if range.type == halves[0] && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if let current = best, current.specificity >= specificity { continue }
            best = (range.quality, specificity)
        }
        return best
    }
}

extension StringProtocol {
    func trimmingCharacters(in characters: String) -> String {
        var start = startIndex, end = endIndex
        while start < end, characters.contains(self[start]) { start = index(after: start) }
        while end > start, characters.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
