import Foundation

/// A finished command: exit status and captured output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var timedOut: Bool
}

/// Runs external clients (`curl`, `python3`) with their input and output in temporary files, killing them if
/// they outlive a deadline so that a test can never hang on them.
public enum ExternalProcess {
    /// A tool the tests need is not installed.
    public struct Missing: Error, CustomStringConvertible {
        public var name: String

        public var description: String { "\(name) is not installed: scripts/install-deps installs what the tests need" }
    }

    /// The installed `name` (in `/usr/bin` or `/usr/local/bin`, where `scripts/install-deps` puts it). Throws
    /// ``Missing`` otherwise: a test that needs a tool fails without it instead of passing untested.
    public static func locate(_ name: String) throws -> String {
        let candidates = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"]
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Missing(name: name)
        }
        return path
    }

    /// Runs `executable` with `arguments`, `input` on its standard input, to its end or until `timeout` has passed.
    public static func run(_ executable: String, _ arguments: [String], input: [UInt8] = [],
                           timeout: Duration = .seconds(30)) throws -> ProcessResult {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdinURL = directory.appendingPathComponent("stdin")
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        try Data(input).write(to: stdinURL)

        let process = try ChildProcess(executable, arguments, input: stdinURL.path, output: stdoutURL.path,
                                       error: stderrURL.path)
        let timedOut = !process.wait(timeout: timeout)
        if timedOut { process.signal(SIGTERM) }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: OutputFile.text(at: stdoutURL.path),
                             stderr: OutputFile.text(at: stderrURL.path),
                             timedOut: timedOut)
    }
}
