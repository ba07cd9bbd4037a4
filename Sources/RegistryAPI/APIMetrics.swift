import CoreMetrics
import HTTPServer
import Prometheus
import Registry
import Locking

/// The service's metrics, recorded through swift-metrics into a Prometheus registry of its own and served
/// as Prometheus text at `/metrics`: requests by route, method and status, a latency histogram by route,
/// open connections, and the database size.
public final class APIMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let openConnections: CoreMetrics.Gauge
    private let databaseBytes: CoreMetrics.Gauge
    private let storageSize: @Sendable () -> Int?
    private let connectionCount = Mutex<(@Sendable () -> Int)?>(nil)
    /// The counter and timer of each route, method and status, made once: making them through the factory
    /// on every request costs more than recording.
    private let handles = Mutex<[RequestKey: RequestHandles]>([:])

    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct RequestHandles: @unchecked Sendable {
        // swift-metrics handles are thread-safe reference types that predate Sendable annotations.
        var requests: CoreMetrics.Counter
        var duration: CoreMetrics.Timer
    }

    /// `storageSize` reads the database's size on disk, nil when it has none.
    init(storageSize: @escaping @Sendable () -> Int?) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        ]
        self.factory = factory
        self.storageSize = storageSize
        openConnections = CoreMetrics.Gauge(label: "http_open_connections", factory: factory)
        databaseBytes = CoreMetrics.Gauge(label: "database_size_bytes", factory: factory)
    }

    /// Tells the metrics where to read the number of open connections from (the server, once it exists).
    public func observeConnections(_ count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    /// Records one answered request; pass it the server's access-log entries.
    public func record(_ entry: AccessLogEntry) {
        let route = entry.route.flatMap { $0.isEmpty ? nil : $0 } ?? "unmatched"
        // Label values must come from small fixed sets: a client's made-up method must not add a series.
        let method = APIMetrics.knownMethods.contains(entry.method) ? entry.method : "other"
        let key = RequestKey(route: route, method: method, status: entry.status)
        let handles = self.handles.withLock { handles in
            if let existing = handles[key] { return existing }
            let made = RequestHandles(
                requests: CoreMetrics.Counter(label: "http_requests_total",
                                              dimensions: [("route", route), ("method", method), ("status", String(entry.status))],
                                              factory: factory),
                duration: CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            handles[key] = made
            return made
        }
        handles.requests.increment()
        handles.duration.recordNanoseconds(Int64(entry.duration.components.seconds) * 1_000_000_000
                                           + entry.duration.components.attoseconds / 1_000_000_000)
    }

    /// The Prometheus text exposition of every metric, with the gauges read now.
    func exposition() -> [UInt8] {
        if let count = connectionCount.withLock({ $0 }) { openConnections.record(count()) }
        if let bytes = storageSize() { databaseBytes.record(bytes) }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
