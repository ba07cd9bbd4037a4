import ArgumentParser
import Foundation
import Registry

/// `brobygger token list`: every token's name, scope and dates; never a token or its hash.
struct TokenListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tokens: name, scope, created, last used (to about a minute) and revoked."
    )

    @OptionGroup var database: DatabaseOption

    @OptionGroup var migrations: MigrationsOption

    mutating func run() throws {
        let tokens = try TokenStoreAccess.run("token list", database: database, migrations: migrations) { try $0.tokens() }
        for line in TokenListCommand.table(tokens) { print(line) }
    }

    /// A header and one line per token, in aligned columns; `-` where a date is absent.
    static func table(_ tokens: [AccessToken]) -> [String] {
        func date(_ date: Date?) -> String { date?.formatted(.iso8601) ?? "-" }
        let rows = [["NAME", "SCOPE", "CREATED", "LAST USED", "REVOKED"]] + tokens.map {
            [$0.name, $0.scope.rawValue, date($0.createdAt), date($0.lastUsedAt), date($0.revokedAt)]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
