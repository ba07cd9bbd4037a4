/// A stored record an import writes anew (``ImportStatements/replaceRows(_:)``): its new version, stored and served,
/// and whether its served form changed, which replaces its search entry and findings too.
struct ReplacedRow {
    var record: any RegistryRecord
    var data: String
    var served: String
    var servedChanged: Bool

    var kind: RecordKind { type(of: record).kind }
}
