import Foundation

/// Times as query parameters give them: RFC 3339 date-times (`2026-11-30T19:30:04Z`, `…04.5+01:00`).
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        // A date-time has a `T`, a time and a zone; the formatter alone would accept less.
        guard text.count >= 20, text.count <= 40, text.uppercased().contains("T") else { return nil }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
