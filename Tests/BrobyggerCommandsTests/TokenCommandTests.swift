@testable import BrobyggerCommands
import Foundation
import Registry
import Testing
import TestSupport

/// `brobygger token …` run as the built executable on a real database file.
@Suite struct TokenCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `brobygger` executable built beside this test bundle.
    static var executable: URL {
        get throws {
            let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), Bundle.main.bundleURL]
                .map { $0.appendingPathComponent("brobygger") }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates.map(\.path).joined(separator: ", ")])
            }
            return found
        }
    }

    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `brobygger token <arguments> --database <database>` and waits for it.
    static func token(_ arguments: [String], database: URL) throws -> Run {
        try brobygger(["token"] + arguments + ["--database", database.path,
                                               "--migrations", repository.appendingPathComponent("migrations").path])
    }

    /// Runs the built `brobygger` with `arguments` and waits for it, its output and errors captured.
    static func brobygger(_ arguments: [String]) throws -> Run {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("stdout"), error = directory.appendingPathComponent("stderr")
        let process = try ChildProcess(try executable.path, arguments, output: output.path, error: error.path)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: OutputFile.text(at: output.path),
                   error: OutputFile.text(at: error.path))
    }

    static func temporaryDatabase() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("registry.sqlite")
    }

    @Test func createPrintsTheTokenAloneOnOneLineAndItAuthenticates() throws {
        let database = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let run = try Self.token(["create", "--name", "ci-deploy", "--scope", "write"], database: database)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasSuffix("\n"))
        let lines = run.output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "standard output: \(run.output)")
        let secret = String(lines[0])
        #expect(secret.hasPrefix("bby_") && secret.count == TokenSecret.length)
        #expect(!run.error.contains(secret))
        #expect(run.error.contains("ci-deploy"))

        let store = try RegistryStore.open(path: database.path, migrationsDirectory: Self.repository.appendingPathComponent("migrations"))
        let presented = try #require(TokenSecret(presented: secret))
        let token = try #require(try store.authenticate(presented))
        #expect(token.name == "ci-deploy" && token.scope == .write)
    }

    @Test func listShowsNamesScopesAndDatesButNeverATokenAndRevokeRevokes() throws {
        let database = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        let created = try Self.token(["create", "--name", "editor", "--scope", "admin"], database: database)
        #expect(created.status == 0)
        let secret = created.output.trimmingCharacters(in: .newlines)

        let list = try Self.token(["list"], database: database)
        #expect(list.status == 0)
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("NAME") == true)
        let fields = lines.last?.split(separator: " ").map(String.init) ?? []
        #expect(fields.count == 5 && fields[0] == "editor" && fields[1] == "admin", "\(fields)")
        #expect(fields.last == "-" && fields.dropLast().last == "-", "never used, not revoked: \(fields)")
        #expect(!list.output.contains(secret) && !list.output.contains("bby_"))

        let revoke = try Self.token(["revoke", "editor"], database: database)
        #expect(revoke.status == 0, "\(revoke.error)")
        #expect(revoke.output.contains("revoked 'editor'"))
        let after = try Self.token(["list"], database: database)
        let revokedAt = after.output.split(separator: "\n").last?.split(separator: " ").last.map(String.init)
        #expect(revokedAt.flatMap { try? Date($0, strategy: .iso8601) } != nil, "\(after.output)")
    }

    @Test func mistakesAreClearErrorsWithAFailingStatus() throws {
        let database = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: database.deletingLastPathComponent()) }
        #expect(try Self.token(["create", "--name", "taken", "--scope", "read"], database: database).status == 0)

        let taken = try Self.token(["create", "--name", "taken", "--scope", "admin"], database: database)
        #expect(taken.status != 0)
        #expect(taken.output.isEmpty)
        #expect(taken.error.contains("a token named 'taken' exists already"))

        let unknown = try Self.token(["revoke", "nobody"], database: database)
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("no token named 'nobody'"))

        let badScope = try Self.token(["create", "--name", "other", "--scope", "owner"], database: database)
        #expect(badScope.status != 0)
        #expect(badScope.output.isEmpty)
        #expect(badScope.error.contains("read, write or admin"))

        let badName = try Self.token(["create", "--name", "no spaces", "--scope", "read"], database: database)
        #expect(badName.status != 0)
        #expect(badName.error.contains("is not a token name"))
    }

    @Test func theTokenCommandsShareTheDatabaseOption() throws {
        let environment = ["DATABASE_PATH": "/srv/registry.sqlite"]
        let create = try TokenCreateCommand.parse(["--name", "n", "--scope", "admin"])
        #expect(create.scope == .admin)
        #expect(try create.database.path(environment: environment) == "/srv/registry.sqlite")
        #expect(try TokenListCommand.parse(["--database", "x.sqlite"]).database.path(environment: environment) == "x.sqlite")
        #expect(try TokenRevokeCommand.parse(["n"]).name == "n")
        #expect(throws: (any Error).self) { try TokenCreateCommand.parse(["--name", "n", "--scope", "root"]) }
    }
}
