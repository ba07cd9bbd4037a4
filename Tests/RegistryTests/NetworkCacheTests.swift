import Dispatch
import Foundation
import Locking
import struct Synchronization.Atomic
import Testing
import TestSupport
@testable import Registry

/// The network cache under changes: a build serves the requests that arrived before its read began, and no
/// request gets a network older than the data at its arrival.
@Suite struct NetworkCacheTests {
    /// A network of one organisation named `name`, to tell builds apart.
    static func network(_ name: String) -> CooperationNetwork {
        CooperationNetwork(nodes: [NetworkNode(kind: .organisation, id: "only", name: name)], edges: [])
    }

    static func name(of network: CooperationNetwork) -> String? { network.nodes.first?.name }

    /// Requests made on threads of their own: the networks they got and the builds they made.
    final class Requests: Sendable {
        let cache = NetworkCache()
        let builds = Atomic<Int>(0)
        /// The name of the network each request got, by the request's label.
        let results = Mutex<[String: String]>([:])
        let group = DispatchGroup()

        /// Calls `cache.network` on a thread of its own, after `before` there, building a network named `name` if it must.
        func start(_ label: String, building name: String, before: @escaping @Sendable () -> Void = {}) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                let answer = try? cache.network {
                    builds.add(1, ordering: .relaxed)
                    before()
                    return NetworkCacheTests.network(name)
                }
                results.withLock { $0[label] = answer.flatMap(NetworkCacheTests.name(of:)) ?? "failed" }
            }
        }
    }

    @Test func aBuildServesTheRequestsThatArrivedBeforeAChangeAndOnlyThose() throws {
        let requests = Requests()
        let cache = requests.cache
        let started = DispatchSemaphore(value: 0), gate = DispatchSemaphore(value: 0)
        requests.start("builder", building: "first") {
            started.signal()
            gate.wait()
        }
        #expect(started.wait(timeout: .now() + 10) == .success)
        // Arrives while the first build reads data it may use: nothing changed since the build began.
        requests.start("early", building: "early's own")
        #expect(Self.eventually { cache.waitingCount == 2 })
        cache.removeAll()
        // Arrives after a change the first build cannot hold: it needs a build that began after it.
        requests.start("late", building: "second")
        #expect(Self.eventually { cache.waitingCount == 3 })
        gate.signal()
        #expect(requests.group.wait(timeout: .now() + 10) == .success)

        #expect(requests.results.withLock { $0 } == ["builder": "first", "early": "first", "late": "second"])
        #expect(requests.builds.load(ordering: .relaxed) == 2)
        #expect(cache.waitingCount == 0)

        // The second build began after the change, so it stays until the next one.
        let cached = try cache.network { Self.network("unexpected") }
        #expect(Self.name(of: cached) == "second")
        cache.removeAll()
        #expect(Self.name(of: try cache.network { Self.network("third") }) == "third")
    }

    @Test func aNetworkBuiltFromDataThatChangedDuringTheBuildIsNotKept() throws {
        let cache = NetworkCache()
        let first = try cache.network {
            cache.removeAll()
            return Self.network("first")
        }
        #expect(Self.name(of: first) == "first")
        #expect(Self.name(of: try cache.network { Self.network("second") }) == "second")
    }

    @Test func aFailedBuildLeavesTheNextRequestToBuild() throws {
        let cache = NetworkCache()
        #expect(throws: CocoaError.self) { try cache.network { throw CocoaError(.fileReadUnknown) } }
        #expect(cache.waitingCount == 0)
        #expect(Self.name(of: try cache.network { Self.network("built") }) == "built")
    }

    /// Polls `condition` for up to five seconds.
    static func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            usleep(1_000)
        }
        return condition()
    }
}
