extension RegistryRecord {
    /// The record's name in a language (an ISO 639-1 code): its translation where it has one (`names`, a
    /// theme's `labels` falling back to English and then to its id), else its display name.
    public func localizedName(in language: String) -> String {
        switch self {
        case let theme as Theme: theme.labels[language] ?? theme.labels["en"] ?? theme.id
        case let organisation as Organisation: organisation.names[language] ?? organisation.name
        case let region as Region: region.names[language] ?? region.name
        case let programme as Programme: programme.names[language] ?? programme.name
        case let partnership as Partnership: partnership.names[language] ?? partnership.name
        default: displayName
        }
    }
}
