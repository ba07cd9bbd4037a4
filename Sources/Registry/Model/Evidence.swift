import Foundation

/// The passage of a source document that states a fact.
///
/// Offsets count **Unicode scalars** (code points) from the start of the document text, as a half-open
/// range `[start, end)`: a JSON client can slice `Array(text.unicodeScalars)[start..<end]`, and the
/// figures do not depend on the UTF-8 or UTF-16 encoding of the text. The seed loader recomputes them
/// from the quote at every load; in a seed file `document`, `start` and `end` may be left out.
public struct Evidence: Codable, Sendable, Hashable {
    /// The field of the record the passage supports (`"signed"`, `"parties"`); nil for the record as a whole.
    public var field: String?
    /// Id of the ``Document``.
    public var document: String
    /// The passage, verbatim.
    public var quote: String
    /// Offset of the first scalar of `quote`, in Unicode scalars.
    public var start: Int
    /// Offset one past the last scalar of `quote`, in Unicode scalars.
    public var end: Int

    public init(field: String?, document: String, quote: String, start: Int, end: Int) {
        self.field = field
        self.document = document
        self.quote = quote
        self.start = start
        self.end = end
    }

    /// Decoder user-info key holding the document id that evidence without `document` refers to.
    public static let defaultDocumentKey: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "brobygger.evidence.defaultDocument") else {
            preconditionFailure("a non-empty coding user-info key is always valid")
        }
        return key
    }()
       

    private enum CodingKeys: String, CodingKey { case field, document, quote, start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        field = try container.decodeIfPresent(String.self, forKey: .field)
        quote = try container.decode(String.self, forKey: .quote)
        if let document = try container.decodeIfPresent(String.self, forKey: .document) {
            self.document = document
        } else if let document = decoder.userInfo[Evidence.defaultDocumentKey] as? String {
            self.document = document
        } else {
            throw DecodingError.keyNotFound(
                CodingKeys.document,
                .init(codingPath: container.codingPath, debugDescription: "evidence names no document"))
        }
        start = try container.decodeIfPresent(Int.self, forKey: .start) ?? 0
        end = try container.decodeIfPresent(Int.self, forKey: .end) ?? 0
    }
}
