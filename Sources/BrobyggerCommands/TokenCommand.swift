import ArgumentParser

/// `brobygger token`: makes, lists and revokes the access tokens of the API's write side.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API access tokens.",
        discussion: """
            A token is shown once, when it is created; the database keeps only its SHA-256. Scopes: read (personal \
            contact details), write (changes to records) and admin (everything, token management included); each \
            implies the ones before it.
            """,
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )
}
