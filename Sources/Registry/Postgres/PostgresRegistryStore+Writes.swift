import PostgresClient

extension PostgresRegistryStore {
    /// Makes one change of one record through the API. Not there yet on PostgreSQL: every write is refused.
    public func write(_ kind: RecordKind, _ write: RecordWrite, author: String, reason: String?,
                      expecting: String? = nil) throws -> WriteResult {
        throw PostgresError(.server, "writing records to PostgreSQL is not available yet", sqlState: "0A000")
    }
}
