import ArgumentParser
import Dispatch
import Foundation
import HTTPServer
import Logging
import Registry
import RegistryAPI
import Locking

/// `brobygger serve`: runs the HTTP server until SIGTERM or SIGINT, then drains and exits 0.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the registry over HTTP.",
        discussion: """
            Every option can also be set through the environment variable named in its help; a flag wins over \
            the environment. Durations take a unit: 250ms, 10s, 2m (a bare number is seconds).
            """
    )

    @Option(help: "Address to listen on (env HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port to listen on; 0 picks a free one (env PORT; default 8080).")
    var port: Int?

    @OptionGroup var registry: RegistryOptions

    @Option(name: .customLong("database-mmap-mb"),
            help: "Megabytes of the database file read through a memory map; they count in resident memory (env DATABASE_MMAP_MB; default 0, none).")
    var memoryMapMB: Int?

    @Option(help: "Whether to have the operating system read the SQLite file into its page cache after start, when it fits in half the memory available, true or false (env WARM_FILE_CACHE; default true).")
    var warmFileCache: Bool?

    @Option(help: "Browser origins allowed to read the API, comma-separated; * for any (env CORS_ORIGINS; default none).")
    var corsOrigins: String?

    @Option(help: "Bad credentials one address may send within --auth-failure-window before it gets 429 (env AUTH_FAILURE_LIMIT; default 10).")
    var authFailureLimit: Int?

    @Option(help: "The window of --auth-failure-limit, from an address's first failure (env AUTH_FAILURE_WINDOW; default 60s).")
    var authFailureWindow: DurationArgument?

    @Option(help: "Whether PUT, PATCH and DELETE need If-Match, true or false (env REQUIRE_IF_MATCH; default true).")
    var requireIfMatch: Bool?

    @OptionGroup var profiles: ProfilesOption

    @OptionGroup var logging: LoggingOptions

    @OptionGroup var limits: ServerLimitOptions

    mutating func run() throws {
        SignalWatcher.blockInEveryThread([SIGTERM, SIGINT])
        MallocSettings.applyForServer()
        let logger = try logging.makeLogger(label: "brobygger")
        if let failure = SQLiteSettings.failure {
            logger.warning("SQLite refused its settings (result \(failure)): its memory statistics stay on, and readers wait on each other for every allocation")
        }
        var configuration = try limits.apply(to: ServerConfiguration())
        configuration.host = try EnvironmentValue.resolve(host, "HOST", default: "127.0.0.1") { $0 }
        configuration.port = try EnvironmentValue.resolve(port, "PORT", default: 8080) { Int($0) }
        guard (0...65_535).contains(configuration.port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(configuration.port).")
        }

        // A bad setting is a usage error, before anything is opened.
        let mapMegabytes = try EnvironmentValue.resolve(memoryMapMB, "DATABASE_MMAP_MB", default: 0) { Int($0) }
        guard mapMegabytes >= 0 else { throw ValidationError("--database-mmap-mb must not be negative.") }
        let warmsFileCache = try EnvironmentValue.resolve(warmFileCache, "WARM_FILE_CACHE", default: true) { Bool($0) }

        let started = ContinuousClock.now
        let location = try registry.database.location()
        let served: ServedRegistry
        do {
            served = try ServedRegistry.open(location, migrationsDirectory: try registry.migrationsDirectory(),
                                             seedsDirectory: try registry.seedsDirectory(), memoryMapBytes: mapMegabytes * 1024 * 1024,
                                             workerCount: configuration.workerCount)
        } catch {
            logger.critical("cannot load the registry: \(error)")
            StandardOutput.shared.flush()
            throw ExitCode(1)
        }

        var options = APIOptions()
        let origins = try EnvironmentValue.resolve(corsOrigins, "CORS_ORIGINS", default: "") { $0 }
        options.corsOrigins = origins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        options.authenticationFailureLimit = try EnvironmentValue.resolve(
            authFailureLimit, "AUTH_FAILURE_LIMIT", default: options.authenticationFailureLimit) { Int($0) }
        guard options.authenticationFailureLimit > 0 else { throw ValidationError("--auth-failure-limit must be positive.") }
        options.authenticationFailureWindow = try EnvironmentValue.resolve(
            authFailureWindow?.duration, "AUTH_FAILURE_WINDOW", default: options.authenticationFailureWindow) { DurationArgument.parse($0) }
        options.requireIfMatch = try EnvironmentValue.resolve(requireIfMatch, "REQUIRE_IF_MATCH", default: true) { Bool($0) }
        options.profileDirectory = try profiles.directory()
        let store = served.store
        var router = Router()
        let api = RegistryAPI(store: store, options: options)
        if let cache = configuration.responseCache { api.keepCurrent(cache) }
        // `brobygger import` and `brobygger token` may write to the file while the server runs; other instances
        // write to a PostgreSQL database.
        served.watchOtherWriters()
        api.install(on: &router)
        let metrics = api.metrics

        let requestLogger = logger
        let accessLog: @Sendable (AccessLogEntry) -> Void
        if logging.accessLog {
            accessLog = { entry in
                metrics.record(entry)
                AccessLog.write(entry, to: requestLogger)
            }
        } else {
            accessLog = { entry in metrics.record(entry) }
        }
        let server = Server(
            configuration: configuration,
            router: router,
            accessLog: accessLog,
            errorLog: { message in requestLogger.error("\(message)") }
        )
        metrics.observeConnections { server.openConnections }
        // Signals are watched before the server starts: one that came between readiness and the watcher would
        // be lost (ignored while the watcher is set up), leaving a server that a supervisor cannot stop.
        let deadline = configuration.shutdownDeadline
        let signals = SignalWatcher(signals: [SIGTERM, SIGINT]) { signal in
            logger.info("received \(signal == SIGTERM ? "SIGTERM" : "SIGINT"); draining",
                        metadata: ["deadline": "\(deadline)"])
            server.shutdown()
        }
        do {
            try server.start()
        } catch {
            logger.critical("cannot listen on \(configuration.host):\(configuration.port): \(error)")
            StandardOutput.shared.flush()
            throw ExitCode(1)
        }
        let startup = (ContinuousClock.now - started).fractionalMilliseconds
        let report = served.report
        for key in report.seedChangedUnderEdit {
            logger.warning("the seeds changed \(key), which was edited through the API: the edit stays; POST …/reset puts the new seed version")
        }
        let records = report.counts.values.reduce(0, +)
        logger.info(
            "listening on http://\(configuration.host):\(server.port), database \(served.description), \(records) records from \(report.documents) documents loaded, ready in \(startup) ms",
            metadata: [
                "event_loops": "\(configuration.eventLoopCount)",
                "workers": "\(configuration.workerCount)",
                "seeds_changed": "\(report.changed)",
            ]
        )
        // An in-memory database has no file to read.
        if warmsFileCache, case .sqlite(let path) = location, !path.isEmpty, path != ":memory:" {
            Self.warmFileCache(path, logger: logger)
        }
        // Every sort field of the large kinds ranked in the background, so that the first sorted list filtered by
        // text is placed as fast as the next (PostgreSQL sorts the matches itself).
        (store as? RegistryStore)?.prepareSortRankings()
        // The cooperation network takes seconds to build on a large registry: build it now, off the request
        // path, so that the first `/v1/network` request does not wait for it.
        let warmLogger = logger
        Thread.detachNewThread {
            let began = ContinuousClock.now
            do {
                let network = try store.cooperationNetwork()
                warmLogger.info("cooperation network ready: \(network.nodes.count) nodes, \(network.edges.count) edges, built in \((ContinuousClock.now - began).fractionalMilliseconds) ms")
            } catch {
                warmLogger.error("cannot build the cooperation network: \(error)")
            }
        }
        server.wait()
        signals.cancel()
        // The store may not be closed when the process ends (the network's build may still be reading it): empty
        // SQLite's write-ahead log now, or the next start reads it whole.
        Self.finish(served.finish, logger: logger)
        logger.info("stopped")
        StandardOutput.shared.flush()
    }

    /// Has the kernel read the database file into its page cache (``FileCacheWarmer``), on a thread of its own:
    /// the server answers meanwhile.
    private static func warmFileCache(_ path: String, logger: Logger) {
        Thread.detachNewThread {
            let began = ContinuousClock.now
            let files = FileCacheWarmer.databaseFiles(path)
            switch FileCacheWarmer.warm(files, room: FileCacheWarmer.roomOnThisMachine()) {
            case .warmed(let bytes):
                logger.info("database file read into the page cache: \(Self.megabytes(bytes)) in \((ContinuousClock.now - began).fractionalMilliseconds) ms")
            case .tooLarge(let bytes, let room?):
                logger.notice("database file left out of the page cache: \(Self.megabytes(bytes)) is more than half the memory available (\(Self.megabytes(room)) may be cached)")
            case .tooLarge(_, nil):
                logger.notice("database file left out of the page cache: the memory available is not known")
            case .failed(let reason):
                logger.warning("database file left out of the page cache: \(reason)")
            }
        }
    }

    /// Bytes as megabytes for a log line (`12.3 MB`).
    private static func megabytes(_ bytes: Int) -> String {
        "\((Double(bytes) / 100_000).rounded() / 10) MB"
    }

    /// How long a stop waits to empty the write-ahead log: a write through the API (an import) may still hold the
    /// writer after the drain, and the stop must not wait for it to end.
    static let finishWait: DispatchTimeInterval = .seconds(2)

    /// Runs `finish` (``ServedRegistry/finish``) for at most ``finishWait``, and says what came of it.
    private static func finish(_ finish: @escaping @Sendable () throws -> Bool, logger: Logger) {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Bool, any Error>?>(nil)
        Thread.detachNewThread {
            let result = Result { try finish() }
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + finishWait) == .success else {
            logger.notice("the database's write-ahead log is left as it is: a write still holds the database")
            return
        }
        switch outcome.withLock({ $0 }) {
        case .success(false)?: logger.notice("the database's write-ahead log is left as it is: readers still used it")
        case .failure(let error)?: logger.warning("cannot empty the database's write-ahead log: \(error)")
        case .success(true)?, nil: break
        }
    }
}
