import JSONOutput

/// Records are built as the registry's JSON values; the Import module's own `JSONValue` (rows of JSON files) is named
/// `Import.JSONValue` where it is meant.
typealias JSONValue = JSONOutput.JSONValue
