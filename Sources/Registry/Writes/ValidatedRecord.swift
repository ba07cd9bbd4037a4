import Foundation
import JSONOutput

/// The record a write's body makes, as every write checks it: API writes on either engine and imports alike.
enum ValidatedRecord {
    /// The record `body` makes as the record `id` of `kind`, as every write checks it (API writes and imports
    /// alike): validated, its `id` member the record's own or absent, decoded, and its evidence located in its
    /// documents. Throws ``WriteError/invalid(_:)`` listing every problem.
    static func decode<R: RegistryRecord>(_ type: R.Type, kind: RecordKind, id: String, body: [String: JSONValue],
                                          lookup: any RegistryLookup, decoder: JSONTextDecoder) throws -> R {
        var problems = try RecordValidator.problems(of: body, kind: kind, lookup: lookup)
        if case .string(let given)? = body["id"] {
            if !Slug.isValid(given) {
                problems.insert(FieldProblem(pointer: "/id", reason: "`\(given)` is not a slug (lowercase ASCII letters and digits joined by single hyphens); try `\(Slug.make(given))`"), at: 0)
            } else if given != id {
                problems.insert(FieldProblem(pointer: "/id", reason: "is `\(given)` but the record is `\(id)`; an id cannot be changed"), at: 0)
            }
        } else if let given = body["id"], given != .null {
            problems.insert(FieldProblem(pointer: "/id", reason: "must be a string"), at: 0)
        }
        guard problems.isEmpty else { throw WriteError.invalid(problems) }

        var members = body
        members["id"] = .string(id)
        members["origin"] = nil
        var record: R
        do {
            record = try decoder.decode(R.self, fromValue: .object(members))
        } catch {
            throw WriteError.invalid([FieldProblem(pointer: "", reason: "cannot be read as \(kind.rawValue): \(error)")])
        }
        record.evidence = try record.evidence.map { evidence in
            // Validation found every quote, so each is located.
            guard let text = try lookup.documentText(evidence.document) else {
                throw WriteError.invalid([FieldProblem(pointer: "/evidence", reason: "a passage names no source document")])
            }
            let locator = EvidenceLocator(text: text)
            // Offsets that point at the quote stay (a quote may occur more than once); others are recomputed.
            if evidence.end > evidence.start, locator.text(in: evidence.start..<evidence.end) == evidence.quote { return evidence }
            guard let located = locator.locate(evidence.quote) else {
                throw WriteError.invalid([FieldProblem(pointer: "/evidence", reason: "a quote does not occur in its document")])
            }
            return Evidence(field: evidence.field, document: evidence.document, quote: evidence.quote,
                            start: located.lowerBound, end: located.upperBound)
        }
        return record
    }
}
