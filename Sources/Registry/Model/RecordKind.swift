/// The kinds of record the registry holds; the raw value is the table name.
public enum RecordKind: String, Codable, Sendable, Hashable, CaseIterable {
    case theme
    case organisation
    case region
    case programme
    case partnership
    case project
    case person

    /// The plural used in summaries and URLs (`organisations`).
    public var plural: String {
        switch self {
        case .person: "people"
        default: rawValue + "s"
        }
    }
}
