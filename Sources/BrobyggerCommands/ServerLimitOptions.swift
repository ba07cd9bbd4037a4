import ArgumentParser
import HTTPServer
import RegistryAPI

/// The server's limits and timeouts as options, each with an environment variable.
struct ServerLimitOptions: ParsableArguments {
    @Option(help: "Longest request line in bytes (env MAX_REQUEST_LINE; default 8192).")
    var maxRequestLine: Int?

    @Option(help: "Largest header section in bytes (env MAX_HEADER_SIZE; default 32768).")
    var maxHeaderSize: Int?

    @Option(help: "Most header fields per request (env MAX_HEADER_COUNT; default 100).")
    var maxHeaderCount: Int?

    @Option(help: "Largest request body in bytes (env MAX_BODY_SIZE; default 8388608).")
    var maxBodySize: Int?

    @Option(help: "Largest file POST /v1/imports takes, in megabytes (env IMPORT_BODY_LIMIT_MB; default 64).")
    var importBodyLimitMB: Int?

    @Option(help: "Most connections open at once; more get a 503 (env MAX_CONNECTIONS; default 10000).")
    var maxConnections: Int?

    @Option(help: "Time to receive a request head (env HEADER_TIMEOUT; default 10s).")
    var headerTimeout: DurationArgument?

    @Option(help: "Idle keep-alive time (env IDLE_TIMEOUT; default 60s).")
    var idleTimeout: DurationArgument?

    @Option(help: "Longest stall while a body arrives (env BODY_TIMEOUT; default 30s).")
    var bodyTimeout: DurationArgument?

    @Option(help: "Time to receive a whole request body (env BODY_DEADLINE; default 120s).")
    var bodyDeadline: DurationArgument?

    @Option(help: "Longest stall while a response is written (env WRITE_TIMEOUT; default 30s).")
    var writeTimeout: DurationArgument?

    @Option(help: "Graceful shutdown deadline for in-flight requests (env SHUTDOWN_DEADLINE; default 10s).")
    var shutdownDeadline: DurationArgument?

    @Option(help: "Event-loop threads (env EVENT_LOOPS; default: one per processor).")
    var eventLoops: Int?

    @Option(help: "Worker queues for handlers that may block (env WORKERS; default: two per processor).")
    var workers: Int?

    @Option(help: "Megabytes of cached registry representations answered without a handler; 0 turns the cache off (env CACHE_SIZE_MB; default 16).")
    var cacheSizeMB: Int?

    /// The largest `--import-body-limit-mb`, 1 TiB: more would overflow once counted in bytes.
    static let maxImportBodyLimitMB = 1 << 20

    /// `base` with every limit given by flag or environment variable.
    func apply(to base: ServerConfiguration,
               environment: EnvironmentValue.Environment = EnvironmentValue.process) throws -> ServerConfiguration {
        var configuration = base
        func positive(_ flag: Int?, _ name: String, _ option: String, _ current: Int) throws -> Int {
            let value = try EnvironmentValue.resolve(flag, name, default: current, environment: environment) { Int($0) }
            guard value > 0 else { throw ValidationError("--\(option) must be positive, not \(value).") }
            return value
        }
        func duration(_ flag: DurationArgument?, _ name: String, _ current: Duration) throws -> Duration {
            try EnvironmentValue.resolve(flag?.duration, name, default: current, environment: environment) { DurationArgument.parse($0) }
        }
        configuration.limits.maxRequestLineLength = try positive(maxRequestLine, "MAX_REQUEST_LINE", "max-request-line",
                                                                 base.limits.maxRequestLineLength)
        configuration.limits.maxHeaderSectionSize = try positive(maxHeaderSize, "MAX_HEADER_SIZE", "max-header-size",
                                                                 base.limits.maxHeaderSectionSize)
        configuration.limits.maxHeaderCount = try positive(maxHeaderCount, "MAX_HEADER_COUNT", "max-header-count",
                                                           base.limits.maxHeaderCount)
        configuration.limits.maxBodySize = try positive(maxBodySize, "MAX_BODY_SIZE", "max-body-size", base.limits.maxBodySize)
        // The whole file is held in memory while the import waits and runs: the limit bounds that, not the registry.
        let importMegabytes = try positive(importBodyLimitMB, "IMPORT_BODY_LIMIT_MB", "import-body-limit-mb",
                                           (base.limits.maxBodySizeByPath[RegistryAPI.importsPath] ?? RegistryAPI.defaultImportBodyLimit) / (1024 * 1024))
        guard importMegabytes <= Self.maxImportBodyLimitMB else {
            throw ValidationError("--import-body-limit-mb must be at most \(Self.maxImportBodyLimitMB), not \(importMegabytes).")
        }
        configuration.limits.maxBodySizeByPath[RegistryAPI.importsPath] = importMegabytes * 1024 * 1024
        configuration.maxConnections = try positive(maxConnections, "MAX_CONNECTIONS", "max-connections", base.maxConnections)
        configuration.headerTimeout = try duration(headerTimeout, "HEADER_TIMEOUT", base.headerTimeout)
        configuration.idleTimeout = try duration(idleTimeout, "IDLE_TIMEOUT", base.idleTimeout)
        configuration.bodyStallTimeout = try duration(bodyTimeout, "BODY_TIMEOUT", base.bodyStallTimeout)
        configuration.bodyDeadline = try duration(bodyDeadline, "BODY_DEADLINE", base.bodyDeadline)
        configuration.writeStallTimeout = try duration(writeTimeout, "WRITE_TIMEOUT", base.writeStallTimeout)
        configuration.shutdownDeadline = try duration(shutdownDeadline, "SHUTDOWN_DEADLINE", base.shutdownDeadline)
        configuration.eventLoopCount = try positive(eventLoops, "EVENT_LOOPS", "event-loops", base.eventLoopCount)
        configuration.workerCount = try positive(workers, "WORKERS", "workers", base.workerCount)
        let cacheMegabytes = try EnvironmentValue.resolve(cacheSizeMB, "CACHE_SIZE_MB", default: 16, environment: environment) { Int($0) }
        guard cacheMegabytes >= 0 else { throw ValidationError("--cache-size-mb must not be negative.") }
        configuration.responseCache = cacheMegabytes > 0 ? ResponseCache(maxBytes: cacheMegabytes * 1024 * 1024) : nil
        return configuration
    }
}
