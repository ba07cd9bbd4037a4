import Synchronization

/// The cooperation network built once and kept until the data changes: building it reads every
/// organisation, project and link, which takes seconds on a registry of hundreds of thousands of records.
///
/// One build runs at a time, and each serves every request that arrived before it began: a request waits for
/// the build under way only when that build read the data after the request's arrival, else for the next one.
/// Under a stream of changes a request so waits for at most two builds, and the requests that arrive during one
/// build share the next, rather than each waiting for a build of its own after the others'.
final class NetworkCache: Sendable {
    /// A network and the generation of the data it was read from.
    private struct Built {
        var network: CooperationNetwork
        var generation: Int
    }

    private struct State {
        /// The newest network built.
        var latest: Built?
        /// Moves on at each change.
        var generation = 0
        /// Requests waiting for a build, which a network older than the data may still serve.
        var waiting = 0

        /// Lets go of a network older than the data once no request may still take it.
        mutating func dropStale() {
            if waiting == 0, let latest, latest.generation < generation { self.latest = nil }
        }
    }

    private let state = Mutex(State())
    /// Held while a network is built.
    private let building = Mutex(())

    /// A network read from data no older than the data at the call: the cached one, one another request is
    /// building, or the one `build` makes (then cached). `build` must read the data as it is when it is called.
    func network(build: () throws -> CooperationNetwork) throws -> CooperationNetwork {
        let (arrival, cached) = state.withLock { state -> (Int, CooperationNetwork?) in
            if let latest = state.latest, latest.generation == state.generation { return (state.generation, latest.network) }
            state.waiting += 1
            return (state.generation, nil)
        }
        if let cached { return cached }
        defer {
            state.withLock { state in
                state.waiting -= 1
                state.dropStale()
            }
        }
        return try building.withLock { _ in
            // Read before `build` begins its read of the data: the network it makes holds every change counted so far.
            let (generation, current) = state.withLock { state in
                (state.generation, state.latest.flatMap { $0.generation >= arrival ? $0.network : nil })
            }
            if let current { return current }
            let built = try build()
            state.withLock { state in
                if generation > state.latest?.generation ?? -1 { state.latest = Built(network: built, generation: generation) }
            }
            return built
        }
    }

    /// The requests waiting for a network to be built.
    var waitingCount: Int { state.withLock { $0.waiting } }

    /// Forgets the network: the next request builds a new one.
    func removeAll() {
        state.withLock { state in
            state.generation += 1
            state.dropStale()
        }
    }
}
