import ArgumentParser
import Foundation
import Registry

/// `brobygger token create`: makes a token and prints it, alone on one line, the only time it is ever shown.
struct TokenCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it on standard output, once: only its SHA-256 is kept.",
        discussion: "Everything else goes to standard error, so `TOKEN=$(brobygger token create …)` captures the token alone."
    )

    @Option(help: "The token's name: \(AccessToken.nameRule). Names are never reused, not even after revocation.")
    var name: String

    @Option(help: "read, write or admin.", transform: { text in
        guard let scope = TokenScope(rawValue: text) else { throw ValidationError("--scope must be read, write or admin, not '\(text)'") }
        return scope
    })
    var scope: TokenScope

    @OptionGroup var database: DatabaseOption

    @OptionGroup var migrations: MigrationsOption

    mutating func run() throws {
        let name = self.name, scope = self.scope
        let made = try TokenStoreAccess.run("token create", database: database, migrations: migrations) { store in
            try store.createToken(name: name, scope: scope, now: Date())
        }
        print(made.secret.text)
        FileHandle.standardError.write(Data("token create: '\(made.token.name)' with scope \(made.token.scope.rawValue); this is the only time it is shown.\n".utf8))
    }
}
