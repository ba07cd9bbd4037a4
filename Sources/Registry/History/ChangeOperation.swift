/// What a change did to a record.
public enum ChangeOperation: String, Sendable, Codable, CaseIterable {
    case create
    case replace
    /// A merge patch.
    case update
    case delete
    /// Put back to the seeds' version.
    case reset
    /// An import of a file: one entry for every record it created or changed.
    case `import`
}
