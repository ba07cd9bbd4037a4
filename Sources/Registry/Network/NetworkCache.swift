import Locking
import struct Synchronization.Atomic

/// The cooperation network built once and kept up to date as the data changes: building it reads every
/// organisation, project and link, which takes seconds on a registry of hundreds of thousands of records, while
/// bringing it up to date after a change of a few records (``RegistryChange/records(_:)``) reads only those
/// records and their links, and copies the rest.
///
/// One build or update runs at a time, and each serves every request that arrived before it began: a request
/// waits for the one under way only when that one read the data after the request's arrival, else for the next
/// one. Under a stream of changes a request so waits for at most two, and the requests that arrive during one
/// share the next, rather than each waiting for one of its own after the others'.
final class NetworkCache: Sendable {
    /// A network and the generation of the data it was read from.
    private struct Built {
        var network: CooperationNetwork
        var generation: Int
    }

    /// The most records changed since the newest network that an update reads; past it, a build reads
    /// everything again.
    static let updateLimit = 500

    private struct State {
        /// The newest network built or updated.
        var latest: Built?
        /// Moves on at each change.
        var generation = 0
        /// Requests waiting for a network, which a network older than the data may still serve.
        var waiting = 0
        /// The records changed, each with the generation its change made: those since `latest` was read (or,
        /// while there is none, since the last change not known record by record).
        var changes: [(generation: Int, key: NetworkNode.Key)] = []
        /// The generation of the newest change not known record by record (or of more records than an update
        /// reads): no network read before it can be updated.
        var lastUnknownChange = 0

        mutating func note(_ change: RegistryChange) {
            generation += 1
            if case .records(let keys) = change, changes.count + keys.count <= NetworkCache.updateLimit {
                for key in keys { changes.append((generation, key)) }
            } else {
                lastUnknownChange = generation
                changes = []
            }
            dropStale()
        }

        /// Keeps `network`, read at `generation`, when it is newer than the latest.
        mutating func keep(_ network: CooperationNetwork, readAt generation: Int) {
            guard generation > latest?.generation ?? -1 else { return }
            latest = Built(network: network, generation: generation)
            changes.removeAll { $0.generation <= generation }
        }

        /// The latest network and the records changed since it was read, when an update can bring it up to date.
        var updatable: (network: CooperationNetwork, changed: Set<NetworkNode.Key>)? {
            guard let latest, lastUnknownChange <= latest.generation else { return nil }
            return (latest.network, Set(changes.map(\.key)))
        }

        /// Lets go of a network older than the data once no request may still take it and no update can bring
        /// it up to date.
        mutating func dropStale() {
            if waiting == 0, let latest, lastUnknownChange > latest.generation { self.latest = nil }
        }
    }

    private let state = Mutex(State())
    /// Held while a network is built or updated; it holds whether one is (a lock's value may not be empty:
    /// ``Locking/Mutex``).
    private let building = Mutex(false)
    /// How many networks were built from all the data, and how many updated from an older one.
    let builds = Atomic<Int>(0), updates = Atomic<Int>(0)

    /// A network read from data no older than the data at the call: the cached one, one another request is
    /// building, or the one `build` makes (then cached). `build` must read the data as it is when it is called.
    func network(build: () throws -> CooperationNetwork) throws -> CooperationNetwork {
        try network(build: build, update: { _, _ in try build() })
    }

    /// A network read from data no older than the data at the call, as ``network(build:)`` gives, where an
    /// older network and the records changed since it was read are brought up to date by `update` when only
    /// known records changed (``RegistryChange/records(_:)``). `update` must read those records as they are
    /// when it is called, and take the rest from the network it is given.
    func network(build: () throws -> CooperationNetwork,
                 update: (CooperationNetwork, Set<NetworkNode.Key>) throws -> CooperationNetwork) throws -> CooperationNetwork {
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
        return try building.withLock { isBuilding in
            isBuilding = true
            defer { isBuilding = false }
            // Read before the data is: the network made holds every change counted so far (and perhaps later ones,
            // which are counted after and so read again by the next update, to the same effect).
            var (generation, current, updatable) = state.withLock { state in
                (state.generation, state.latest.flatMap { $0.generation >= arrival ? $0.network : nil }, state.updatable)
            }
            if let current { return current }
            let made: CooperationNetwork
            if let older = updatable.take() {
                made = try update(older.network, older.changed)
                updates.add(1, ordering: .relaxed)
            } else {
                made = try build()
                builds.add(1, ordering: .relaxed)
            }
            state.withLock { $0.keep(made, readAt: generation) }
            return made
        }
    }

    /// The requests waiting for a network to be built.
    var waitingCount: Int { state.withLock { $0.waiting } }

    /// Takes note of a change of the data: the next request gets a network read after it, updated from the
    /// newest one when `change` names its records, else built anew.
    func noteChange(_ change: RegistryChange) {
        state.withLock { $0.note(change) }
    }

    /// Forgets the network: the next request builds a new one.
    func removeAll() {
        noteChange(.unknown)
    }
}
