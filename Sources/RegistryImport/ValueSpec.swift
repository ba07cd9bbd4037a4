import Import
import JSONOutput

/// What a mapping says one value of a record is: where it comes from, how its text is read, and what to do with it.
struct ValueSpec: Sendable {
    /// Where the value comes from.
    indirect enum Source: Sendable {
        /// The first of the columns (CSV, TSV, XLSX) or JSON paths that has a value.
        case field([String])
        /// The same value on every record.
        case constant(JSONValue)
        /// Text with `{column}` or `{path}` placeholders; missing when a placeholder is.
        case template([TemplatePart])
        /// The id of the record another entry of `records` made from the same row.
        case record(String)
        /// An object of values; missing when every member is.
        case object([(name: String, spec: ValueSpec)])
        /// An array of the values that are not missing.
        case list([ValueSpec])
    }

    /// A piece of a template: literal text or a field reference.
    enum TemplatePart: Sendable {
        case literal(String)
        case field(String)
    }

    var source: Source
    var conversion: Conversion = .text
    /// Texts (after trimming) replaced by values before conversion: `{"LP": "lead", "PP": "partner"}`.
    var map: [String: JSONValue]?
    /// Texts that mean "no value"; the mapping's own when nil.
    var missing: MissingMarkers?
    /// A row without the value is rejected.
    var required = false
    /// A list merged into the record's list (rows grouped into one record each add theirs) instead of replacing it.
    var append = false
    /// Splits the text into a list at this separator (`;` between aliases).
    var split: String?
    /// A character that, before the separator or before itself, makes it part of the value (`\;`): how a
    /// Brobygger CSV download joins a list whose values hold the separator.
    var escape: Character?

    /// Every column or path the spec may read.
    var fields: [String] {
        switch source {
        case .field(let names): names
        case .constant, .record: []
        case .template(let parts): parts.compactMap { if case .field(let name) = $0 { name } else { nil } }
        case .object(let members): members.flatMap(\.spec.fields)
        case .list(let elements): elements.flatMap(\.fields)
        }
    }
}
