import Locking

/// Counts failed authentications per client address in fixed windows, and says when an address has failed
/// too often: it is then answered `429` until its window ends, without its credentials being looked at.
///
/// The table is bounded: when it is full, the address whose window began first is forgotten, so an attack
/// from many addresses costs memory in proportion to `capacity`, not to the number of addresses, and each
/// failure costs amortised constant time.
final class AuthenticationThrottle: Sendable {
    /// The failures an address may make within one window.
    let limit: Int
    /// How long a window lasts from an address's first failure in it.
    let window: Duration
    /// The most addresses remembered.
    let capacity: Int

    private struct Entry {
        var start: ContinuousClock.Instant
        var failures: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Addresses in the order their windows began (oldest from `head`); an address whose window began
        /// again appears twice, and only the position matching its entry's start counts.
        var order: [(address: String, start: ContinuousClock.Instant)] = []
        var head = 0
    }

    private let state = Mutex(State())

    init(limit: Int, window: Duration, capacity: Int = 10_000) {
        self.limit = max(1, limit)
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// How long `address` must wait before it is heard again; nil when it may try now.
    func retryAfter(for address: String, now: ContinuousClock.Instant = .now) -> Duration? {
        state.withLock { state in
            guard let entry = state.entries[address], entry.failures >= limit else { return nil }
            let end = entry.start + window
            return end > now ? end - now : nil
        }
    }

    /// Counts a failed authentication from `address`.
    func recordFailure(from address: String, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            if var entry = state.entries[address], entry.start + window > now {
                entry.failures += 1
                state.entries[address] = entry
                return
            }
            state.entries[address] = Entry(start: now, failures: 1)
            state.order.append((address, now))
            while state.entries.count > capacity, state.head < state.order.count {
                let oldest = state.order[state.head]
                state.head += 1
                if state.entries[oldest.address]?.start == oldest.start { state.entries[oldest.address] = nil }
            }
            // Windows that ended are dropped from the front as they are passed, and the order is compacted
            // once mostly consumed, so neither structure outgrows the table.
            while state.head < state.order.count, state.order[state.head].start + window <= now {
                let ended = state.order[state.head]
                state.head += 1
                if state.entries[ended.address]?.start == ended.start { state.entries[ended.address] = nil }
            }
            if state.head > 1024, state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// The number of addresses remembered.
    var count: Int { state.withLock { $0.entries.count } }
}
