import HTTPServer
import Registry

/// The JSON of one record's item (`GET /v1/{kind}/{id}`): made in one place for reads, for the answers of
/// writes, and for checking a write's `If-Match` against the entity tags the item was served with.
enum ItemRepresentation {
    /// The item's bytes; nil when there is no such record.
    static func render(_ kind: RecordKind, id: String, language: Language, personal: Bool,
                       context: APIContext) throws -> [UInt8]? {
        try context.store.itemParts(kind, id: id, language: language.rawValue, personal: personal).map {
            ItemDocument(parts: $0, kind: kind, id: id).json()
        }
    }

    /// The record as served (in full) when one of the entity tags of `If-Match` is that of its item in some
    /// language, for either audience (`*` matches any current record); nil when none is, or when there is no record.
    static func matching(_ kind: RecordKind, id: String, ifMatch: [Substring], context: APIContext) throws -> String? {
        try context.store.snapshot {
            guard let full = try context.store.servedRecord(kind, id: id, language: Language.english.rawValue, personal: true) else {
                return nil
            }
            for language in Language.allCases {
                for personal in kind == .person ? [true, false] : [true] {
                    guard let item = try render(kind, id: id, language: language, personal: personal, context: context) else { return nil }
                    if EntityTag.matches(APIContext.entityTag(for: item), ifMatch: ifMatch) { return full.json }
                }
            }
            return nil
        }
    }
}
