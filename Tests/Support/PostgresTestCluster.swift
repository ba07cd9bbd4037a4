import Foundation
import PostgresClient

/// A PostgreSQL server of a test's own, which the test may stop and start again: a new cluster in a temporary
/// directory, on a free port of 127.0.0.1 (its unix socket in that directory), as `scripts/with-postgres` makes
/// one. Tests that take the database away from a running server use it, since stopping the shared one would
/// fail every other test. ``remove()`` stops it and deletes its directory.
public final class PostgresTestCluster: Sendable {
    /// The cluster could not be made or started; the output of the command that failed says why.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The cluster's `postgres` database, as the superuser `brobygger`.
    public let url: PostgresURL
    private let directory: URL
    private let binaries: String
    private let port: Int
    /// `runuser`, which runs the server's commands as the `postgres` user when the tests run as root (PostgreSQL
    /// refuses to run as root); nil otherwise.
    private let runuser: String?

    public init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let newest = versions.max(by: { $0.compare($1, options: .numeric) == .orderedAscending }),
              case let binaries = "/usr/lib/postgresql/\(newest)/bin",
              FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            throw Failure(description: "PostgreSQL's server is not installed: run scripts/install-deps")
        }
        self.binaries = binaries
        directory = try Fixtures.temporaryDirectory()
        if getuid() == 0 {
            guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
                throw Failure(description: "runuser is not installed, and PostgreSQL does not run as root")
            }
            self.runuser = runuser
            try FileManager.default.setAttributes([.ownerAccountName: "postgres"], ofItemAtPath: directory.path)
        } else {
            runuser = nil
        }
        port = try LoopbackPort.free()
        url = try PostgresURL(parsing: "postgres://brobygger@127.0.0.1:\(port)/postgres")
        try run("initdb", ["-D", directory.appendingPathComponent("data").path, "-U", "brobygger", "--auth=trust",
                           "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        try start()
    }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try run("pg_ctl", ["start", "-D", directory.appendingPathComponent("data").path, "-w", "-t", "30",
                           "-l", directory.appendingPathComponent("server.log").path,
                           "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory.path) -c fsync=off"])
    }

    /// Stops the server at once (`-m fast`: sessions are ended, not waited for) and waits until it is down.
    public func stop() throws {
        try run("pg_ctl", ["stop", "-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w"])
    }

    /// Stops the server if it runs and deletes its directory.
    public func remove() {
        try? stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs one of the server's commands and waits for it, its output in `command.log` of the directory.
    /// (``ChildProcess`` says why not Foundation's `Process`: `pg_ctl start` leaves the server running with the
    /// descriptors `Process` gives the child, and its wait would never end.)
    private func run(_ command: String, _ arguments: [String]) throws {
        let tool = binaries + "/" + command
        let (executable, all) = runuser.map { ($0, ["-u", "postgres", "--", tool] + arguments) } ?? (tool, arguments)
        let log = directory.appendingPathComponent(command + ".log").path
        let process = try ChildProcess(executable, all, output: log, error: log)
        guard process.wait(timeout: .seconds(60)) else {
            process.signal(SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "\(command) did not finish within 60 s")
        }
        guard process.terminationStatus == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure(description: "\(command) failed (status \(process.terminationStatus)): \(output)")
        }
    }
}
