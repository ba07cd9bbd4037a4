import ArgumentParser
import Foundation
import Registry

/// Opens the store for a `token` sub-command and runs its work there; a failure is reported on standard
/// error as `<command>: <reason>` and ends the process with status 1.
enum TokenStoreAccess {
    static func run<T>(_ command: String, database: DatabaseOption, migrations: MigrationsOption,
                       _ body: (any RegistryStorage) throws -> T) throws -> T {
        do {
            let store: any RegistryStorage
            switch try database.location() {
            case .sqlite(let path):
                guard path != ":memory:" else { throw ValidationError("tokens need a database file; :memory: would forget them") }
                store = try RegistryStore.open(path: path, migrationsDirectory: try migrations.directory())
            case .postgres(let url):
                store = try PostgresRegistryStore.open(url: url, migrationsDirectory: try migrations.directory(), poolSize: 1)
            }
            return try body(store)
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("\(command): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
