/// How an import finds the registry's record with a row's natural key (a mapping's `key`, such as an
/// organisation's `name` and `country`) without reading every record of the kind: one field of the key that an
/// index serves, and the row's text of it. The records with that text are the only candidates; the rest of the key
/// is compared on them.
///
/// A key with no such field (or with no text for it in the row) has no probe: the import then reads every record
/// of the kind by its key once (``ImportSession/ids(_:byKey:probe:)`` without one).
public struct NaturalKeyProbe: Sendable, Equatable {
    /// Where an index finds a served field's text.
    enum Source: Sendable, Equatable {
        /// A typed column of the record's row that holds the served field as it is (`name`, `acronym`, `id`).
        case column(String)
        /// The served field itself, through an index on its expression (migration 0017).
        case servedField(String)
    }

    let source: Source
    /// The row's text of the field.
    let value: String

    /// The probe for the key `fields` of a record of `kind` with the row's texts `values` (in the order of
    /// `fields`), or nil when no field of the key with a text in the row is indexed.
    public init?(kind: RecordKind, fields: [String], values: [String?]) {
        for (field, value) in zip(fields, values) {
            guard let value, let source = Self.source(of: field, in: kind) else { continue }
            self.source = source
            self.value = value
            return
        }
        return nil
    }

    /// The index that finds records of `kind` by the served `field`, if one does.
    static func source(of field: String, in kind: RecordKind) -> Source? {
        switch (kind, field) {
        case (_, "id"): .column("id")
        // The `name` column holds the display name: an organisation's, region's, programme's, partnership's and
        // person's is their `name`; a project's is its acronym or else its title, and a theme has no `name`.
        case (.organisation, "name"), (.region, "name"), (.programme, "name"), (.partnership, "name"), (.person, "name"):
            .column("name")
        case (.project, "acronym"): .column("acronym")
        case (.project, "title"): .servedField("title")
        default: nil
        }
    }
}
