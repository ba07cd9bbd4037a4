import Synchronization

/// The cooperation network built once and kept until the data changes: building it reads every
/// organisation, project and link, which takes seconds on a registry of hundreds of thousands of records.
///
/// One build runs at a time; requests that arrive meanwhile wait for it rather than start their own.
final class NetworkCache: Sendable {
    private struct State {
        var network: CooperationNetwork?
        /// Moves on at each change: a network built from data read before then is not kept.
        var generation = 0
    }

    private let state = Mutex(State())
    /// Held while a network is built.
    private let building = Mutex(())

    /// The cached network, or the one `build` makes (then cached, unless the data changed meanwhile).
    func network(build: () throws -> CooperationNetwork) throws -> CooperationNetwork {
        if let cached = state.withLock({ $0.network }) { return cached }
        return try building.withLock { _ in
            let (cached, generation) = state.withLock { ($0.network, $0.generation) }
            if let cached { return cached }
            let built = try build()
            state.withLock { state in
                if state.generation == generation { state.network = built }
            }
            return built
        }
    }

    /// Forgets the network.
    func removeAll() {
        state.withLock { state in state = State(generation: state.generation + 1) }
    }
}
