import JSONOutput
import PostgresClient

extension PostgresRegistryStore {
    /// What is wrong with `body` as a record of `kind`, as a write would find it, without writing.
    public func problems(of body: JSONValue, kind: RecordKind) throws -> [FieldProblem] {
        guard case .object(let members) = body else { return [FieldProblem(pointer: "", reason: "must be a JSON object")] }
        return try read { connection in
            try RecordValidator.problems(of: members, kind: kind, lookup: PostgresRecordLookup(connection: connection))
        }
    }

    /// Whether the record has a seed version that `reset` would put back.
    public func hasSeedVersion(_ kind: RecordKind, id: String) throws -> Bool {
        try read { connection in
            try connection.query("SELECT EXISTS (SELECT 1 FROM seed_override WHERE record_kind = $1 AND record_id = $2)",
                                 [.text(kind.rawValue), .text(id)])[0].get(0, as: Bool.self)
        }
    }

    /// The size of the database in bytes (`pg_database_size`), for the metrics; nil when it cannot be read.
    public func storageSize() -> Int? {
        try? read { try $0.query("SELECT pg_database_size(current_database())")[0].get(0, as: Int.self) }
    }
}
