/// What a search hit is: a record of one ``RecordKind`` or a source document.
public enum SearchType: String, Codable, Sendable, Hashable, CaseIterable {
    case project
    case partnership
    case region
    case organisation
    case programme
    case person
    case theme
    case document

    /// The search type of records of `kind`.
    public init(_ kind: RecordKind) {
        switch kind {
        case .project: self = .project
        case .partnership: self = .partnership
        case .region: self = .region
        case .organisation: self = .organisation
        case .programme: self = .programme
        case .person: self = .person
        case .theme: self = .theme
        }
    }

    /// The record kind, or nil for documents.
    public var recordKind: RecordKind? { RecordKind(rawValue: rawValue) }

    /// The plural used in URLs (`organisations`, `people`, `documents`).
    public var plural: String { recordKind?.plural ?? "documents" }
}
