/// Breadth-first search over the steps of a ``CooperationNetwork``, from both ends at once, keeping every
/// parent of every node so that all shortest chains can be counted and listed.
///
/// Steps are derived from the edges as the search goes (co-parties of a partnership are not stored as
/// pairs), so a partnership or project with many members costs memory linear in its members. Every step
/// has an inverse through the same record (`partner_in`/`has_partner`, `co_party` both ways, …), so the
/// search from the far end runs over the same steps. Each round widens the side whose frontier is
/// smaller by one level; the first level that reaches nodes the other side has reached holds the middle
/// nodes of every shortest chain (their distances from the two ends add up to the shortest length). On a
/// registry where every organisation is a few steps from most others, this reads thousands of nodes
/// where a search from one end would read all of them.
struct ShortestPathSearch {
    /// A step as the search sees it: node indices and the relation.
    struct Step: Hashable {
        var from: Int
        var to: Int
        var via: Int
        var relation: CooperationStep.Relation
        var fromRole: String?
        var toRole: String?
    }

    let network: CooperationNetwork

    /// The steps that leave node `index`, each once, in a stable order.
    func steps(from index: Int) -> [Step] {
        var steps: [Step] = []
        var seen = Set<Step>()
        func emit(_ to: Int, via: Int, _ relation: CooperationStep.Relation, fromRole: String? = nil, toRole: String? = nil) {
            guard to != index else { return }
            let step = Step(from: index, to: to, via: via, relation: relation, fromRole: fromRole, toRole: toRole)
            if seen.insert(Step(from: index, to: to, via: via, relation: relation)).inserted { steps.append(step) }
        }
        for slot in network.incidenceRange(of: index) {
            let incidence = network.incidence(at: slot)
            let relation = network.relations[incidence.edge]
            let other = incidence.neighbour
            switch relation {
            case .partyOf, .partnerIn, .memberOf:
                let (direct, inverse, shared): (CooperationStep.Relation, CooperationStep.Relation, CooperationStep.Relation) =
                    switch relation {
                    case .partyOf: (.partyOf, .hasParty, .coParty)
                    case .partnerIn: (.partnerIn, .hasPartner, .coPartner)
                    default: (.memberOf, .hasMember, .coMember)
                    }
                let role = network.role(ofEdge: incidence.edge)
                guard incidence.outgoing else {
                    emit(other, via: index, inverse, toRole: role)
                    continue
                }
                emit(other, via: other, direct, fromRole: role)
                for fellowSlot in network.incidenceRange(of: other) {
                    let fellow = network.incidence(at: fellowSlot)
                    guard !fellow.outgoing, fellow.neighbour != index, network.relations[fellow.edge] == relation else { continue }
                    emit(fellow.neighbour, via: other, shared, fromRole: role, toRole: network.role(ofEdge: fellow.edge))
                }
            case .partOf:
                if incidence.outgoing { emit(other, via: other, .partOf) } else { emit(other, via: index, .hasPart) }
            case .officeOf:
                if incidence.outgoing { emit(other, via: other, .officeOf) } else { emit(other, via: index, .hasOffice) }
            case .predecessorOf:
                if incidence.outgoing { emit(other, via: other, .predecessorOf) } else { emit(other, via: index, .successorOf) }
            case .programme, .roleIn, .actsFor:
                continue
            }
        }
        return steps
    }

    /// One end's search: distances and step-path counts from that end, and the steps that reach each node.
    struct Side {
        var distance: [Int]
        var count: [Int]
        var parents: [Int: [Step]] = [:]
        var frontier: [Int]
        var depth = 0

        init(start: Int, nodes: Int) {
            distance = Array(repeating: -1, count: nodes)
            count = Array(repeating: 0, count: nodes)
            distance[start] = 0
            count[start] = 1
            frontier = [start]
        }
    }

    /// All shortest chains from `source` to `target`, at most `limit` listed.
    func paths(from source: Int, to target: Int, maxLength: Int, limit: Int) -> CooperationPaths {
        let nodes = network.nodes
        let nodeCount = nodes.count
        guard source != target else {
            return CooperationPaths(from: nodes[source], to: nodes[target], length: 0, count: 1, paths: [CooperationPath(steps: [])])
        }
        var forward = Side(start: source, nodes: nodeCount)
        var backward = Side(start: target, nodes: nodeCount)
        var middle: [Int] = []
        while middle.isEmpty, forward.depth + backward.depth < maxLength, !forward.frontier.isEmpty, !backward.frontier.isEmpty {
            if forward.frontier.count <= backward.frontier.count {
                middle = widen(&forward, toward: backward)
            } else {
                middle = widen(&backward, toward: forward)
            }
        }
        guard !middle.isEmpty else {
            return CooperationPaths(from: nodes[source], to: nodes[target], length: nil, count: 0, paths: [])
        }
        middle.sort()
        var count = 0
        for node in middle {
            let (product, overflow) = forward.count[node].multipliedReportingOverflow(by: backward.count[node])
            let (sum, sumOverflow) = count.addingReportingOverflow(product)
            count = overflow || sumOverflow ? Int.max : sum
        }

        // Each chain: a way from the source to a middle node, then one from it to the target.
        var found: [CooperationPath] = []
        var head: [Step] = []
        var tail: [Step] = []
        func walkToTarget(_ node: Int) {
            guard found.count < limit else { return }
            if node == target {
                found.append(CooperationPath(steps: (head.reversed() + tail).map(resolve)))
                return
            }
            for step in backward.parents[node] ?? [] {
                tail.append(ShortestPathSearch.inverse(step))
                walkToTarget(step.from)
                tail.removeLast()
                if found.count >= limit { return }
            }
        }
        func walkToSource(_ node: Int, middle: Int) {
            guard found.count < limit else { return }
            if node == source {
                walkToTarget(middle)
                return
            }
            for step in forward.parents[node] ?? [] {
                head.append(step)
                walkToSource(step.from, middle: middle)
                head.removeLast()
                if found.count >= limit { return }
            }
        }
        for node in middle where found.count < limit { walkToSource(node, middle: node) }
        return CooperationPaths(from: nodes[source], to: nodes[target], length: forward.depth + backward.depth,
                                count: count, paths: found)
    }

    /// Widens `side` by one level; returns the nodes of the new level that `other` has reached.
    private func widen(_ side: inout Side, toward other: Side) -> [Int] {
        side.depth += 1
        var next: [Int] = []
        var met: [Int] = []
        for node in side.frontier {
            for step in steps(from: node) {
                let to = step.to
                if side.distance[to] < 0 {
                    side.distance[to] = side.depth
                    next.append(to)
                    if other.distance[to] >= 0 { met.append(to) }
                }
                guard side.distance[to] == side.depth else { continue }
                side.parents[to, default: []].append(step)
                let (sum, overflow) = side.count[to].addingReportingOverflow(side.count[node])
                side.count[to] = overflow ? Int.max : sum
            }
        }
        side.frontier = next
        return met
    }

    /// The same link taken the other way: through the same record, with the inverse relation.
    static func inverse(_ step: Step) -> Step {
        let relation: CooperationStep.Relation = switch step.relation {
        case .coParty: .coParty
        case .coPartner: .coPartner
        case .coMember: .coMember
        case .partyOf: .hasParty
        case .hasParty: .partyOf
        case .partnerIn: .hasPartner
        case .hasPartner: .partnerIn
        case .memberOf: .hasMember
        case .hasMember: .memberOf
        case .partOf: .hasPart
        case .hasPart: .partOf
        case .officeOf: .hasOffice
        case .hasOffice: .officeOf
        case .predecessorOf: .successorOf
        case .successorOf: .predecessorOf
        }
        return Step(from: step.to, to: step.from, via: step.via, relation: relation, fromRole: step.toRole, toRole: step.fromRole)
    }

    private func resolve(_ step: Step) -> CooperationStep {
        CooperationStep(
            from: network.node(at: step.from), to: network.node(at: step.to), via: network.node(at: step.via),
            relation: step.relation, fromRole: step.fromRole, toRole: step.toRole)
    }
}
