/// What a database records of the migrations applied to it (`schema_migration`), set against the migration
/// files: the checks and the status report that every engine shares, whatever SQL reads the table.
struct MigrationLedger {
    /// One row of `schema_migration`.
    struct Entry {
        var fileName: String
        var checksum: String
        var appliedAt: String
    }

    /// The migration files.
    var migrations: [Migration]
    /// The rows of `schema_migration`, by version.
    var recorded: [Int: Entry]

    /// Why the database cannot be migrated further: a migration applied earlier whose file changed or is gone.
    var problem: MigrationError? {
        for (version, row) in recorded.sorted(by: { $0.key < $1.key }) {
            guard let migration = migrations.first(where: { $0.version == version }) else {
                return .missing(fileName: row.fileName)
            }
            if migration.checksum != row.checksum {
                return .edited(fileName: migration.fileName, recorded: row.checksum, actual: migration.checksum)
            }
        }
        return nil
    }

    /// The migrations not applied yet, in order.
    var pending: [Migration] {
        migrations.filter { recorded[$0.version] == nil }
    }

    /// The state of every migration, known from the files or from the database.
    var statuses: [MigrationStatus] {
        var rows: [MigrationStatus] = migrations.map { migration in
            guard let row = recorded[migration.version] else {
                return MigrationStatus(
                    version: migration.version, fileName: migration.fileName, state: .pending, appliedAt: nil,
                    checksum: migration.checksum)
            }
            return MigrationStatus(
                version: migration.version, fileName: migration.fileName,
                state: row.checksum == migration.checksum ? .applied : .edited, appliedAt: row.appliedAt,
                checksum: migration.checksum)
        }
        for (version, row) in recorded where !migrations.contains(where: { $0.version == version }) {
            rows.append(MigrationStatus(
                version: version, fileName: row.fileName, state: .missing, appliedAt: row.appliedAt, checksum: row.checksum))
        }
        return rows.sorted { $0.version < $1.version }
    }
}
