/// Breadth-first search over the steps of a ``CooperationNetwork``, keeping every parent of every node
/// so that all shortest chains can be counted and listed.
///
/// Steps are derived from the edges as the search goes (co-parties of a partnership are not stored as
/// pairs), so a partnership or project with many members costs memory linear in its members.
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
        for incidence in network.adjacency[index] {
            let edge = network.edges[incidence.edge]
            let other = incidence.neighbour
            switch edge.relation {
            case .partyOf, .partnerIn, .memberOf:
                let (direct, inverse, shared): (CooperationStep.Relation, CooperationStep.Relation, CooperationStep.Relation) =
                    switch edge.relation {
                    case .partyOf: (.partyOf, .hasParty, .coParty)
                    case .partnerIn: (.partnerIn, .hasPartner, .coPartner)
                    default: (.memberOf, .hasMember, .coMember)
                    }
                guard incidence.outgoing else {
                    emit(other, via: index, inverse, toRole: edge.role)
                    continue
                }
                emit(other, via: other, direct, fromRole: edge.role)
                for fellow in network.adjacency[other] where !fellow.outgoing && fellow.neighbour != index {
                    let fellowEdge = network.edges[fellow.edge]
                    guard fellowEdge.relation == edge.relation else { continue }
                    emit(fellow.neighbour, via: other, shared, fromRole: edge.role, toRole: fellowEdge.role)
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

    /// All shortest chains from `source` to `target`, at most `limit` listed.
    func paths(from source: Int, to target: Int, maxLength: Int, limit: Int) -> CooperationPaths {
        let nodes = network.nodes
        guard source != target else {
            return CooperationPaths(from: nodes[source], to: nodes[target], length: 0, count: 1, paths: [CooperationPath(steps: [])])
        }
        var distance = Array(repeating: -1, count: nodes.count)
        var parents = Array(repeating: [Step](), count: nodes.count)
        var count = Array(repeating: 0, count: nodes.count)
        distance[source] = 0
        count[source] = 1
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty, distance[target] < 0, depth < maxLength {
            depth += 1
            var next: [Int] = []
            for node in frontier {
                for step in steps(from: node) {
                    if distance[step.to] < 0 {
                        distance[step.to] = depth
                        next.append(step.to)
                    }
                    guard distance[step.to] == depth else { continue }
                    parents[step.to].append(step)
                    let (sum, overflow) = count[step.to].addingReportingOverflow(count[node])
                    count[step.to] = overflow ? Int.max : sum
                }
            }
            frontier = next
        }
        guard distance[target] >= 0 else {
            return CooperationPaths(from: nodes[source], to: nodes[target], length: nil, count: 0, paths: [])
        }
        var found: [CooperationPath] = []
        var trail: [Step] = []
        func walk(_ node: Int) {
            guard found.count < limit else { return }
            if node == source {
                found.append(CooperationPath(steps: trail.reversed().map(resolve)))
                return
            }
            for step in parents[node] {
                trail.append(step)
                walk(step.from)
                trail.removeLast()
                if found.count >= limit { return }
            }
        }
        walk(target)
        return CooperationPaths(from: nodes[source], to: nodes[target], length: distance[target], count: count[target], paths: found)
    }

    private func resolve(_ step: Step) -> CooperationStep {
        CooperationStep(
            from: network.nodes[step.from], to: network.nodes[step.to], via: network.nodes[step.via],
            relation: step.relation, fromRole: step.fromRole, toRole: step.toRole)
    }
}
