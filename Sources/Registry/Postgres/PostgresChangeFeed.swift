import Foundation
import PostgresClient
import Synchronization

/// Tells every instance on one PostgreSQL database that the registry's data changed, so that none keeps serving
/// what another replaced: a write sends a notification on ``channel`` in its transaction (PostgreSQL delivers it
/// at commit, to every session listening), and each instance listens on a connection of its own.
///
/// A notification sent while the listening connection was down is lost; so whenever the feed (re)connects, it
/// reports a change anyway: the caches are dropped once too often rather than kept stale.
final class PostgresChangeFeed: Sendable {
    /// The channel writes notify.
    static let channel = "brobygger_changes"
    /// How long the feed waits between attempts to reconnect, and at most for a notification before it checks
    /// whether it should stop.
    static let pause: Duration = .milliseconds(500)

    private let url: PostgresURL
    private let onChange: @Sendable () -> Void
    private let state = Mutex((stopped: false, connected: false))

    init(url: PostgresURL, onChange: @escaping @Sendable () -> Void) {
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

    /// Sends the notification that the data changed, in `connection`'s transaction.
    static func notify(on connection: PostgresConnection) throws {
        try connection.notify(channel)
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func run() {
        while !stopped {
            do {
                let connection = try PostgresConnection(url: url)
                try connection.listen(Self.channel)
                state.withLock { $0.connected = true }
                // What was committed while no connection listened is not known: count it as a change.
                onChange()
                while !stopped {
                    guard try connection.nextNotification(timeout: Self.pause) != nil else { continue }
                    // Several writes may have notified at once: one drop of the caches covers them all.
                    while try connection.nextNotification(timeout: .zero) != nil {}
                    onChange()
                }
            } catch {
                state.withLock { $0.connected = false }
                Thread.sleep(forTimeInterval: 0.5)
            }
        }
        state.withLock { $0.connected = false }
    }
}
