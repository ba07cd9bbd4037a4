import Foundation

/// The cooperation network: organisations, regions, partnerships, projects, programmes and people as
/// nodes, and what the registry states about them as directed edges (see ``NetworkRelation``).
///
/// Build it from a store with ``RegistryStore/cooperationNetwork()``; it is an immutable value, safe to
/// share between threads. ``paths(from:to:maxLength:limit:)`` finds the shortest chains of cooperation
/// between two parties, each step naming the partnership, project or region that links them.
public struct CooperationNetwork: Sendable {
    /// Every node, ordered by kind (organisations, regions, partnerships, projects, programmes, people), then id.
    public let nodes: [NetworkNode]
    /// Every edge, ordered by source, target and relation; no two share source, target and relation.
    public let edges: [NetworkEdge]

    /// An edge as seen from one of its ends.
    struct Incidence: Sendable {
        /// The node at the other end.
        var neighbour: Int
        /// The index into `edges`.
        var edge: Int
        /// Whether the edge leaves the node (the node is its source).
        var outgoing: Bool
    }

    let indexByKey: [NetworkNode.Key: Int]
    let adjacency: [[Incidence]]

    /// A network of `nodes` and `edges`. Duplicate nodes keep the first; edges whose ends are not among
    /// the nodes, and edges repeating a source, target and relation, are left out (their roles merged).
    public init(nodes: [NetworkNode], edges: [NetworkEdge]) {
        var unique: [NetworkNode.Key: NetworkNode] = [:]
        for node in nodes where unique[node.key] == nil { unique[node.key] = node }
        let sortedNodes = unique.values.sorted { $0.key < $1.key }
        var indexByKey: [NetworkNode.Key: Int] = [:]
        for (index, node) in sortedNodes.enumerated() { indexByKey[node.key] = index }

        // Edges as node indices (nodes are in key order, so index order is key order), sorted by source,
        // target, relation and then by their order in `edges`, so that repeats lie together, their roles
        // merged in the order given.
        struct Link {
            var source: Int32
            var target: Int32
            /// The relation's place in the order of relation names.
            var relation: UInt8
            var position: Int32
        }
        let relationRanks = Dictionary(uniqueKeysWithValues: NetworkRelation.allCases.sorted { $0.rawValue < $1.rawValue }
            .enumerated().map { ($1, UInt8($0)) })
        var links: [Link] = []
        links.reserveCapacity(edges.count)
        for (position, edge) in edges.enumerated() {
            guard let source = indexByKey[edge.source], let target = indexByKey[edge.target], source != target else { continue }
            links.append(Link(source: Int32(source), target: Int32(target), relation: relationRanks[edge.relation] ?? 0,
                              position: Int32(position)))
        }
        links.sort {
            ($0.source, $0.target, $0.relation, $0.position) < ($1.source, $1.target, $1.relation, $1.position)
        }
        var sortedEdges: [NetworkEdge] = []
        sortedEdges.reserveCapacity(links.count)
        var previous: Link?
        for link in links {
            let edge = edges[Int(link.position)]
            if let previous, previous.source == link.source, previous.target == link.target, previous.relation == link.relation {
                sortedEdges[sortedEdges.count - 1].role = CooperationNetwork.merge(sortedEdges[sortedEdges.count - 1].role, edge.role)
            } else {
                sortedEdges.append(edge)
            }
            previous = link
        }

        var adjacency = Array(repeating: [Incidence](), count: sortedNodes.count)
        for (index, edge) in sortedEdges.enumerated() {
            guard let source = indexByKey[edge.source], let target = indexByKey[edge.target] else { continue }
            adjacency[source].append(Incidence(neighbour: target, edge: index, outgoing: true))
            adjacency[target].append(Incidence(neighbour: source, edge: index, outgoing: false))
        }
        self.nodes = sortedNodes
        self.edges = sortedEdges
        self.indexByKey = indexByKey
        self.adjacency = adjacency
    }

    /// The node with `key`, or nil.
    public func node(_ key: NetworkNode.Key) -> NetworkNode? {
        indexByKey[key].map { nodes[$0] }
    }

    /// The kinds a path may start or end at, in the order an unqualified id is looked up.
    public static let partyKinds: [RecordKind] = [.organisation, .region, .partnership, .project]

    /// The organisation, region, partnership or project with `id`, looked up in that order; `id` may
    /// also be qualified by its kind (`region:north-sea`).
    public func party(withID id: String) -> NetworkNode? {
        if let colon = id.firstIndex(of: ":"), let kind = RecordKind(rawValue: String(id[..<colon])),
           CooperationNetwork.partyKinds.contains(kind) {
            return node(NetworkNode.Key(kind: kind, id: String(id[id.index(after: colon)...])))
        }
        for kind in CooperationNetwork.partyKinds {
            if let node = node(NetworkNode.Key(kind: kind, id: id)) { return node }
        }
        return nil
    }

    /// The edges that leave or reach the node with `key`.
    public func edges(of key: NetworkNode.Key) -> [NetworkEdge] {
        guard let index = indexByKey[key] else { return [] }
        return adjacency[index].map { edges[$0.edge] }
    }

    /// The shortest chains of cooperation between two parties (organisations, regions, partnerships or
    /// projects, by id as ``party(withID:)`` reads it).
    ///
    /// Every shortest chain is found (breadth-first search keeping all parents), up to `limit` of them
    /// in a stable order; chains longer than `maxLength` steps are not looked for. A chain passes
    /// through organisations and regions, which partnerships, projects and regions link, and through
    /// projects that continue one another; programmes and people do not link parties.
    ///
    /// Throws ``NetworkError/unknownParty(_:)`` naming an id that is not in the network.
    public func paths(from: String, to: String, maxLength: Int = 10, limit: Int = 20) throws -> CooperationPaths {
        guard let source = party(withID: from) else { throw NetworkError.unknownParty(from) }
        guard let target = party(withID: to) else { throw NetworkError.unknownParty(to) }
        guard let sourceIndex = indexByKey[source.key], let targetIndex = indexByKey[target.key] else {
            throw NetworkError.unknownParty(from)
        }
        return ShortestPathSearch(network: self).paths(
            from: sourceIndex, to: targetIndex, maxLength: max(0, maxLength), limit: max(0, limit))
    }

    static func merge(_ first: String?, _ second: String?) -> String? {
        guard let first else { return second }
        guard let second else { return first }
        let roles = first.components(separatedBy: ", ")
        return roles.contains(second) ? first : (roles + [second]).joined(separator: ", ")
    }
}
