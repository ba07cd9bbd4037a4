#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Locking

/// A program the tests start (`brobygger`, `curl`, `python3`, PostgreSQL's tools), spawned with `posix_spawn`, its
/// standard input read from a file and its output written to files.
///
/// Not Foundation's `Process`: on Linux, `Process.run()` lists `/proc/self/fd` to close the child's inherited
/// descriptors and copies each directory entry whole, reading up to 255 bytes past the last one; with a thousand
/// descriptors open (the suite's servers and clients at full parallelism) the last entry ends its buffer, and the
/// copy reads past it (AddressSanitizer: heap-buffer-overflow in `findMaximumOpenFromProcSelfFD`; without it,
/// now and then, a segmentation fault of the whole suite). Its wait for the exit also ends only when every process
/// holding the descriptors it gives the child has ended, which never happens after `pg_ctl start`.
public final class ChildProcess: Sendable {
    /// The program could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The child's process id.
    public let pid: pid_t
    /// `waitpid`'s status once the child has ended and been reaped.
    private let waitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`: standard input from `input` (or `/dev/null`), standard output to
    /// `output` and standard error to `error` (each `/dev/null` when nil, created or truncated otherwise; the same
    /// path for both writes them to one file), `environment` added to this process's own.
    public init(_ executable: String, _ arguments: [String], input: String? = nil, output: String? = nil,
                error: String? = nil, environment: [String: String] = [:]) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let error, error == output {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, error ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        // Descriptors the tests open without close-on-exec must not reach the child (a server's listening socket
        // held open by a `curl` would outlive the server).
        _ = ChildProcess.closeFrom?(&actions, 3)

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else {
            throw Failure(description: "\(executable) could not be started: \(String(cString: strerror(code)))")
        }
        self.pid = pid
    }

    deinit {
        // A test that failed before stopping its child must not leave it running.
        if isRunning {
            kill(pid, SIGKILL)
            waitUntilExit()
        }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not
    /// declare; nil where the C library lacks it.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Whether the child is still running (it is reaped when it has ended).
    public var isRunning: Bool {
        waitStatus.withLock { waitStatus in
            guard waitStatus == nil else { return false }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { waitStatus = status }
            return result == 0
        }
    }

    /// Waits until the child has ended.
    public func waitUntilExit() {
        waitStatus.withLock { waitStatus in
            guard waitStatus == nil else { return }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            waitStatus = status
        }
    }

    /// Waits until the child has ended or `timeout` has passed; whether it ended.
    public func wait(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            usleep(5_000)
        }
        return true
    }

    /// Sends `signal` to the child, if it is still running.
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// As Foundation's `Process` tells it: the exit code of a child that exited, the number of the signal that
    /// ended one that was killed. Waits for the child to end.
    public var terminationStatus: Int32 {
        waitUntilExit()
        let status = waitStatus.withLock { $0 ?? 0 }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : signal
    }

    /// Whether a signal ended the child. Waits for the child to end.
    public var wasSignalled: Bool {
        waitUntilExit()
        return waitStatus.withLock { ($0 ?? 0) & 0x7F } != 0
    }
}
