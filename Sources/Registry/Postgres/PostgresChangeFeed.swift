import Foundation
import PostgresClient
import Locking

/// Tells every instance on one PostgreSQL database that the registry's data changed, so that none keeps serving
/// what another replaced: a write sends a notification on ``channel`` in its transaction (PostgreSQL delivers it
/// at commit, to every session listening), and each instance listens on a connection of its own.
///
/// A notification's payload names the records the write changed (``RegistryChange/records(_:)``), one
/// `kind:id` per line, or is empty when the change is not known record by record.
///
/// A notification sent while the listening connection was down is lost; so whenever the feed (re)connects, it
/// reports a change of anything: the caches are dropped once too often rather than kept stale.
final class PostgresChangeFeed: Sendable {
    /// The channel writes notify.
    static let channel = "brobygger_changes"
    /// How long the feed waits between attempts to reconnect, and at most for a notification before it checks
    /// whether it should stop.
    static let pause: Duration = .milliseconds(500)

    private let url: PostgresURL
    private let onChange: @Sendable (RegistryChange) -> Void
    private let state = Mutex((stopped: false, connected: false))

    init(url: PostgresURL, onChange: @escaping @Sendable (RegistryChange) -> Void) {
        self.url = url
        self.onChange = onChange
    }

    /// Whether the feed listens now (false while PostgreSQL cannot be reached).
    var isListening: Bool { state.withLock { $0.connected } }

    /// Starts listening on a thread of its own until ``stop()``.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "brobygger.change-feed"
        thread.start()
    }

    /// Stops listening (within ``pause``).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    /// Sends the notification that the data changed as `change` says, in `connection`'s transaction.
    static func notify(_ change: RegistryChange = .unknown, on connection: PostgresConnection) throws {
        try connection.notify(channel, payload: payload(of: change))
    }

    /// The most bytes of a payload: PostgreSQL refuses one of 8,000 or more.
    static let payloadLimit = 7_000

    /// `change` as a notification's payload: its records' `kind:id`, one a line; empty for a change of anything
    /// (or of more records than a payload holds).
    static func payload(of change: RegistryChange) -> String {
        guard case .records(let keys) = change else { return "" }
        let payload = keys.map(\.description).joined(separator: "\n")
        return payload.utf8.count <= payloadLimit ? payload : ""
    }

    /// The change a notification's payload describes (``payload(of:)``); ``RegistryChange/unknown`` for an empty
    /// payload or one naming something that is not a record.
    static func change(fromPayload payload: String) -> RegistryChange {
        var keys: [NetworkNode.Key] = []
        for line in payload.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":"), let kind = RecordKind(rawValue: String(line[..<colon])) else {
                return .unknown
            }
            let id = String(line[line.index(after: colon)...])
            guard !id.isEmpty else { return .unknown }
            keys.append(NetworkNode.Key(kind: kind, id: id))
        }
        return keys.isEmpty ? .unknown : .records(keys)
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func run() {
        while !stopped {
            do {
                let connection = try PostgresConnection(url: url)
                try connection.listen(Self.channel)
                state.withLock { $0.connected = true }
                // What was committed while no connection listened is not known: count it as a change of anything.
                onChange(.unknown)
                while !stopped {
                    guard let first = try connection.nextNotification(timeout: Self.pause) else { continue }
                    // Several writes may have notified at once: one change covers them all.
                    var change = Self.change(fromPayload: first.payload)
                    while let next = try connection.nextNotification(timeout: .zero) {
                        change = Self.combined(change, Self.change(fromPayload: next.payload))
                    }
                    onChange(change)
                }
            } catch {
                state.withLock { $0.connected = false }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        state.withLock { $0.connected = false }
    }

    /// One change covering both.
    private static func combined(_ first: RegistryChange, _ second: RegistryChange) -> RegistryChange {
        guard case .records(let firstKeys) = first, case .records(let secondKeys) = second else { return .unknown }
        return .records(firstKeys + secondKeys)
    }
}
