import Registry

/// How each row becomes one record (or adds to one): its kind, its fields, and the natural key that makes it the
/// same record in every row and every import.
struct RecordMapping: Sendable {
    /// What rows become.
    enum Target: Sendable, Equatable {
        case record(RecordKind)
        /// A NUTS region of the gazetteer: fields `nuts`, `level`, `name`.
        case place
    }

    /// The name other entries use to refer to this record's id (`{"record": "beneficiary"}`).
    var name: String
    var target: Target
    /// Field names (served form, snake_case) whose values identify the record; the id is made from them. An `id`
    /// field overrides both.
    var key: [String]
    var fields: [(name: String, spec: ValueSpec)]
    /// Whether the record is left out of a row that lacks its key (an optional second organisation) instead of the
    /// row being rejected.
    var optional: Bool
}
