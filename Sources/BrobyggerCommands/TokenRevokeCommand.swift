import ArgumentParser
import Foundation
import Registry

/// `brobygger token revoke`: revokes a token for good; its name stays taken, and its changes attributed to it.
struct TokenRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token: it stops working at once, and its name is never reused."
    )

    @Argument(help: "The token's name.")
    var name: String

    @OptionGroup var database: DatabaseOption

    @OptionGroup var migrations: MigrationsOption

    mutating func run() throws {
        let name = self.name
        let token = try TokenStoreAccess.run("token revoke", database: database, migrations: migrations) { store in
            try store.revokeToken(named: name, now: Date())
        }
        print("revoked '\(token.name)' (\(token.scope.rawValue)) at \(token.revokedAt?.formatted(.iso8601) ?? "-")")
    }
}
