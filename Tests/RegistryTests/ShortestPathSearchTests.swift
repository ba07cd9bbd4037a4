import Testing
@testable import Registry
import TestSupport

/// The search from both ends against a plain breadth-first search from the source, on generated networks
/// with every kind of link: same length, same number of chains, same chains.
@Suite struct ShortestPathSearchTests {
    static func network(seed: UInt64) -> CooperationNetwork {
        var random = SeededGenerator(seed: seed)
        func key(_ kind: RecordKind, _ number: Int) -> NetworkNode.Key { NetworkNode.Key(kind: kind, id: "\(kind.rawValue)-\(number)") }
        let organisations = 60, projects = 25, partnerships = 12, regions = 6
        var nodes: [NetworkNode] = []
        for number in 0..<organisations { nodes.append(NetworkNode(kind: .organisation, id: key(.organisation, number).id, name: "O\(number)")) }
        for number in 0..<projects { nodes.append(NetworkNode(kind: .project, id: key(.project, number).id, name: "P\(number)")) }
        for number in 0..<partnerships { nodes.append(NetworkNode(kind: .partnership, id: key(.partnership, number).id, name: "S\(number)")) }
        for number in 0..<regions { nodes.append(NetworkNode(kind: .region, id: key(.region, number).id, name: "R\(number)")) }
        var edges: [NetworkEdge] = []
        func organisation() -> NetworkNode.Key { key(.organisation, Int.random(in: 0..<organisations, using: &random)) }
        for project in 0..<projects {
            for partner in 0..<Int.random(in: 1...4, using: &random) {
                edges.append(NetworkEdge(source: organisation(), target: key(.project, project), relation: .partnerIn,
                                         role: partner == 0 ? "lead" : "partner"))
            }
            if project > 0 && Bool.random(using: &random) && Bool.random(using: &random) {
                edges.append(NetworkEdge(source: key(.project, project - 1), target: key(.project, project), relation: .predecessorOf))
            }
        }
        for partnership in 0..<partnerships {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                edges.append(NetworkEdge(source: organisation(), target: key(.partnership, partnership), relation: .partyOf, role: "signatory"))
            }
            if Bool.random(using: &random) {
                edges.append(NetworkEdge(source: key(.region, Int.random(in: 0..<regions, using: &random)),
                                         target: key(.partnership, partnership), relation: .partyOf))
            }
        }
        for region in 0..<regions {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                edges.append(NetworkEdge(source: organisation(), target: key(.region, region), relation: .memberOf))
            }
            edges.append(NetworkEdge(source: organisation(), target: key(.region, region), relation: .officeOf))
        }
        for _ in 0..<8 {
            edges.append(NetworkEdge(source: organisation(), target: organisation(), relation: .partOf))
        }
        return CooperationNetwork(nodes: nodes, edges: edges)
    }

    /// Every shortest chain by a breadth-first search from the source alone, and their number.
    static func reference(_ network: CooperationNetwork, from source: Int, to target: Int, maxLength: Int) -> (length: Int?, paths: [[String]]) {
        let search = ShortestPathSearch(network: network)
        var distance = Array(repeating: -1, count: network.nodes.count)
        var parents = Array(repeating: [ShortestPathSearch.Step](), count: network.nodes.count)
        distance[source] = 0
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty, distance[target] < 0, depth < maxLength {
            depth += 1
            var next: [Int] = []
            for node in frontier {
                for step in search.steps(from: node) {
                    if distance[step.to] < 0 {
                        distance[step.to] = depth
                        next.append(step.to)
                    }
                    if distance[step.to] == depth { parents[step.to].append(step) }
                }
            }
            frontier = next
        }
        guard distance[target] >= 0 else { return (nil, []) }
        var paths: [[String]] = []
        var trail: [ShortestPathSearch.Step] = []
        func walk(_ node: Int) {
            if node == source {
                paths.append(trail.reversed().map { describe($0, network) })
                return
            }
            for step in parents[node] {
                trail.append(step)
                walk(step.from)
                trail.removeLast()
            }
        }
        walk(target)
        return (distance[target], paths)
    }

    static func describe(_ step: ShortestPathSearch.Step, _ network: CooperationNetwork) -> String {
        "\(network.nodes[step.from].id) -[\(network.nodes[step.via].id)] \(step.relation.rawValue)"
            + "(\(step.fromRole ?? "")/\(step.toRole ?? ""))-> \(network.nodes[step.to].id)"
    }

    static func describe(_ step: CooperationStep) -> String {
        "\(step.from.id) -[\(step.via.id)] \(step.relation.rawValue)(\(step.fromRole ?? "")/\(step.toRole ?? ""))-> \(step.to.id)"
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func findsWhatASearchFromOneEndFinds(seed: UInt64) throws {
        let network = ShortestPathSearchTests.network(seed: seed)
        let parties = network.nodes.indices.filter { CooperationNetwork.partyKinds.contains(network.nodes[$0].kind) }
        var random = SeededGenerator(seed: seed &* 31)
        var connected = 0
        for _ in 0..<150 {
            let source = parties[Int.random(in: 0..<parties.count, using: &random)]
            let target = parties[Int.random(in: 0..<parties.count, using: &random)]
            let maxLength = Int.random(in: 1...8, using: &random)
            let expected = ShortestPathSearchTests.reference(network, from: source, to: target, maxLength: maxLength)
            let found = ShortestPathSearch(network: network).paths(from: source, to: target, maxLength: maxLength, limit: 100_000)
            let pair = "\(network.nodes[source].id) → \(network.nodes[target].id) within \(maxLength)"
            #expect(found.length == expected.length, "\(pair)")
            #expect(found.count == (source == target ? 1 : expected.paths.count), "\(pair)")
            if source != target {
                let chains = found.paths.map { $0.steps.map(ShortestPathSearchTests.describe) }
                #expect(Set(chains) == Set(expected.paths), "\(pair)")
                #expect(chains.count == expected.paths.count, "\(pair)")
                for chain in found.paths {
                    #expect(chain.steps.first?.from.key == network.nodes[source].key)
                    #expect(chain.steps.last?.to.key == network.nodes[target].key)
                    #expect(zip(chain.steps, chain.steps.dropFirst()).allSatisfy { $0.to == $1.from })
                }
                if expected.length ?? 0 >= 2 { connected += 1 }
            }
        }
        #expect(connected > 10, "the pairs include chains of several steps")
    }

    @Test func everyStepHasItsInverse() {
        let network = ShortestPathSearchTests.network(seed: 9)
        let search = ShortestPathSearch(network: network)
        for node in network.nodes.indices {
            for step in search.steps(from: node) {
                let inverse = ShortestPathSearch.inverse(step)
                #expect(search.steps(from: step.to).contains(inverse), "\(ShortestPathSearchTests.describe(step, network))")
                #expect(ShortestPathSearch.inverse(inverse) == step)
            }
        }
    }
}
