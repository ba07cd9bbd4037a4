import GRDB

extension RegistryStore {
    /// The path of the database file, or nil for an in-memory database.
    public var databasePath: String? {
        let path = database.path
        return path.isEmpty || path == ":memory:" ? nil : path
    }
}
