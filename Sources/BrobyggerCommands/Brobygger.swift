import ArgumentParser

/// The `brobygger` command: the registry server and its operator tools. The executable only runs it.
public struct Brobygger: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "brobygger",
        abstract: "A registry of cross-border cooperation in Europe, served over HTTP.",
        version: "0.1.0",
        subcommands: [ServeCommand.self, CheckSeedsCommand.self, MigrateCommand.self, SynthesizeCommand.self, BackupCommand.self,
                      TokenCommand.self, ImportCommand.self, CopyCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    public init() {}
}
