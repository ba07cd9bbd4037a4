/// Whether a migration file has been applied to the database, and when.
public struct MigrationStatus: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case applied
        case pending
        /// Applied, but the file changed since.
        case edited
        /// Applied, but the file is gone.
        case missing
    }

    public var version: Int
    public var fileName: String
    public var state: State
    /// ISO 8601 timestamp of the application, for applied migrations.
    public var appliedAt: String?
    public var checksum: String

    public init(version: Int, fileName: String, state: State, appliedAt: String?, checksum: String) {
        self.version = version
        self.fileName = fileName
        self.state = state
        self.appliedAt = appliedAt
        self.checksum = checksum
    }
}
