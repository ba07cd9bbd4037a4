/// The cooperation network: organisations, regions, partnerships, projects, programmes and people as
/// nodes, and what the registry states about them as directed edges (see ``NetworkRelation``).
///
/// Build it from a store with ``RegistryStore/cooperationNetwork()``; it is an immutable value, safe to
/// share between threads. ``paths(from:to:maxLength:limit:)`` finds the shortest chains of cooperation
/// between two parties, each step naming the partnership, project or region that links them.
///
/// A registry's network has hundreds of thousands of nodes and over a million edges, so it is kept in flat
/// arrays rather than a value per node and edge: node ids and names packed into byte buffers, roles and
/// countries numbered, edges as node numbers, and each node's edges as a range of one array (compressed
/// sparse rows). ``nodes`` and ``edges`` make ``NetworkNode`` and ``NetworkEdge`` values as they are read.
public struct CooperationNetwork: Sendable {
    /// The nodes' kinds, ids, names and countries (a number into `countryNames`, -1 for none), ordered by
    /// kind (organisations, regions, partnerships, projects, programmes, people), then by the bytes of the id.
    let kinds: [RecordKind]
    let ids: PackedStrings
    let names: PackedStrings
    let countries: [Int32]
    let countryNames: [String]
    /// Where each kind's nodes begin, by ``RecordKind/networkOrder``, and where the last ends.
    let kindStarts: [Int]

    /// The edges' ends (node numbers), relations and roles (a number into `roleNames`, -1 for none), ordered
    /// by source, target and relation.
    let sources: [Int32]
    let targets: [Int32]
    let relations: [NetworkRelation]
    let roles: [Int32]
    let roleNames: [String]

    /// The edges of node `n` are `incidences[incidenceStarts[n]..<incidenceStarts[n + 1]]`, in edge order,
    /// each as its edge number times two, plus one when the edge leaves the node.
    let incidenceStarts: [Int32]
    let incidences: [Int32]

    /// Identifies the network's nodes and edges: two networks with the same ones have the same fingerprint, on
    /// any run or machine; networks that differ have different ones but by rare chance. Made once, with the
    /// network, for the entity tags of its downloads.
    public let fingerprint: UInt64

    /// An edge as seen from one of its ends.
    struct Incidence: Sendable {
        /// The node at the other end.
        var neighbour: Int
        /// The edge's number.
        var edge: Int
        /// Whether the edge leaves the node (the node is its source).
        var outgoing: Bool
    }

    /// A network of `nodes` and `edges`. Duplicate nodes keep the first; edges whose ends are not among
    /// the nodes, and edges repeating a source, target and relation, are left out (their roles merged).
    public init(nodes: [NetworkNode], edges: [NetworkEdge]) {
        var builder = CooperationNetworkBuilder()
        for node in nodes { builder.addNode(kind: node.kind, id: node.id, name: node.name, country: node.country) }
        for edge in edges { builder.addEdge(source: edge.source, target: edge.target, relation: edge.relation, role: edge.role) }
        self = builder.build()
    }

    /// The network of nodes and edges already in order (``CooperationNetworkBuilder/build()``).
    init(kinds: [RecordKind], ids: PackedStrings, names: PackedStrings, countries: [Int32], countryNames: [String],
         sources: [Int32], targets: [Int32], relations: [NetworkRelation], roles: [Int32], roleNames: [String]) {
        self.kinds = kinds
        self.ids = ids
        self.names = names
        (self.countryNames, self.countries) = Self.numberedInOrder(countryNames, countries)
        self.sources = sources
        self.targets = targets
        self.relations = relations
        (self.roleNames, self.roles) = Self.numberedInOrder(roleNames, roles)

        let orders = RecordKind.allCases.map(\.networkOrder)
        var kindStarts = [Int](repeating: 0, count: (orders.max() ?? 0) + 2)
        for kind in kinds { kindStarts[kind.networkOrder + 1] += 1 }
        for order in kindStarts.indices.dropFirst() { kindStarts[order] += kindStarts[order - 1] }
        self.kindStarts = kindStarts

        // Each node's edges in edge order: count them, then fill each node's range from its start.
        var starts = [Int32](repeating: 0, count: kinds.count + 1)
        for edge in sources.indices {
            starts[Int(sources[edge]) + 1] += 1
            starts[Int(targets[edge]) + 1] += 1
        }
        for node in starts.indices.dropFirst() { starts[node] += starts[node - 1] }
        var next = starts
        var incidences = [Int32](repeating: 0, count: sources.count * 2)
        for edge in sources.indices {
            let source = Int(sources[edge]), target = Int(targets[edge])
            incidences[Int(next[source])] = Int32(edge) * 2 + 1
            next[source] += 1
            incidences[Int(next[target])] = Int32(edge) * 2
            next[target] += 1
        }
        incidenceStarts = starts
        self.incidences = incidences

        var fingerprint = Fingerprint()
        fingerprint.add(kinds.map { UInt8($0.networkOrder) })
        ids.add(to: &fingerprint)
        names.add(to: &fingerprint)
        // The names as numbered in their order (above), not as given.
        fingerprint.add(self.countries)
        fingerprint.add(self.countryNames)
        fingerprint.add(sources)
        fingerprint.add(targets)
        // Relations by their rank, one word each, without a string per edge.
        for relation in relations { fingerprint.add(UInt64(relation.rank)) }
        fingerprint.add(self.roles)
        fingerprint.add(self.roleNames)
        self.fingerprint = fingerprint.value
    }

    /// `names` reduced to those `numbers` use, in the order of their bytes, and `numbers` (-1 for none) renumbered
    /// to match: so that networks with the same nodes and edges hold the same arrays, however they were made
    /// (built, or updated after changes, ``CooperationNetworkUpdate``).
    private static func numberedInOrder(_ names: [String], _ numbers: [Int32]) -> ([String], [Int32]) {
        var used = [Bool](repeating: false, count: names.count)
        for number in numbers where number >= 0 { used[Int(number)] = true }
        let order = names.indices.filter { used[$0] }.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        if order.elementsEqual(names.indices) { return (names, numbers) }
        var renumbered = [Int32](repeating: -1, count: names.count)
        for (place, number) in order.enumerated() { renumbered[number] = Int32(place) }
        return (order.map { names[$0] }, numbers.map { $0 < 0 ? -1 : renumbered[Int($0)] })
    }

    /// Every node, ordered by kind (organisations, regions, partnerships, projects, programmes, people), then id.
    public var nodes: NetworkNodes { NetworkNodes(network: self) }
    /// Every edge, ordered by source, target and relation; no two share source, target and relation.
    public var edges: NetworkEdges { NetworkEdges(network: self) }

    /// Node `index`.
    func node(at index: Int) -> NetworkNode {
        let country = countries[index]
        return NetworkNode(kind: kinds[index], id: ids[index], name: names[index],
                           country: country < 0 ? nil : countryNames[Int(country)])
    }

    /// The key of node `index`.
    func key(at index: Int) -> NetworkNode.Key {
        NetworkNode.Key(kind: kinds[index], id: ids[index])
    }

    /// Edge `index`.
    func edge(at index: Int) -> NetworkEdge {
        NetworkEdge(source: key(at: Int(sources[index])), target: key(at: Int(targets[index])), relation: relations[index],
                    role: role(ofEdge: index))
    }

    /// The role stated on edge `index`, if any.
    func role(ofEdge index: Int) -> String? {
        let role = roles[index]
        return role < 0 ? nil : roleNames[Int(role)]
    }

    /// The places in `incidences` of node `index`'s edges.
    func incidenceRange(of index: Int) -> Range<Int> {
        Int(incidenceStarts[index])..<Int(incidenceStarts[index + 1])
    }

    /// The edge at `slot` of `incidences`, as seen from the node whose range holds it.
    func incidence(at slot: Int) -> Incidence {
        let value = Int(incidences[slot])
        let edge = value >> 1, outgoing = value & 1 == 1
        return Incidence(neighbour: Int(outgoing ? targets[edge] : sources[edge]), edge: edge, outgoing: outgoing)
    }

    /// The number of the node with `key`, found by binary search among the nodes of its kind (in the byte order
    /// of their ids, as the builder sorted them).
    func index(of key: NetworkNode.Key) -> Int? {
        let order = key.kind.networkOrder
        guard order + 1 < kindStarts.count else { return nil }
        var id = key.id
        return id.withUTF8 { utf8 in
            let wanted = UnsafeRawBufferPointer(utf8)
            var low = kindStarts[order], high = kindStarts[order + 1]
            while low < high {
                let middle = (low + high) / 2
                let comparison = ids.compare(middle, wanted)
                if comparison == 0 { return middle }
                if comparison < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The node with `key`, or nil.
    public func node(_ key: NetworkNode.Key) -> NetworkNode? {
        index(of: key).map(node(at:))
    }

    /// The kinds a path may start or end at, in the order an unqualified id is looked up.
    public static let partyKinds: [RecordKind] = [.organisation, .region, .partnership, .project]

    /// The organisation, region, partnership or project with `id`, looked up in that order; `id` may
    /// also be qualified by its kind (`region:north-sea`).
    public func party(withID id: String) -> NetworkNode? {
        partyIndex(withID: id).map(node(at:))
    }

    private func partyIndex(withID id: String) -> Int? {
        if let colon = id.firstIndex(of: ":"), let kind = RecordKind(rawValue: String(id[..<colon])),
           CooperationNetwork.partyKinds.contains(kind) {
            return index(of: NetworkNode.Key(kind: kind, id: String(id[id.index(after: colon)...])))
        }
        for kind in CooperationNetwork.partyKinds {
            if let index = index(of: NetworkNode.Key(kind: kind, id: id)) { return index }
        }
        return nil
    }

    /// The edges that leave or reach the node with `key`.
    public func edges(of key: NetworkNode.Key) -> [NetworkEdge] {
        guard let index = index(of: key) else { return [] }
        return incidenceRange(of: index).map { edge(at: incidence(at: $0).edge) }
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
        guard let sourceIndex = partyIndex(withID: from) else { throw NetworkError.unknownParty(from) }
        guard let targetIndex = partyIndex(withID: to) else { throw NetworkError.unknownParty(to) }
        return ShortestPathSearch(network: self).paths(
            from: sourceIndex, to: targetIndex, maxLength: max(0, maxLength), limit: max(0, limit))
    }
}
