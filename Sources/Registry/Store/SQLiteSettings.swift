import CSQLiteSettings

/// SQLite's process-wide settings, applied by the `CSQLiteSettings` target as the program is loaded, before
/// anything opens a connection: SQLite's memory statistics are off, so that readers on different threads do not
/// take one process-wide mutex for every allocation.
public enum SQLiteSettings {
    /// SQLite's result code when the settings were refused (`SQLITE_MISUSE` once SQLite has started); nil
    /// when they hold.
    public static var failure: Int32? {
        let result = brobygger_sqlite_settings_result()
        return result == 0 ? nil : result
    }
}
