/// Brings a ``CooperationNetwork`` up to date after a few records changed, without reading the rest again: the
/// changed records' nodes and the edges that reach them, as the database holds them now, replace the ones the
/// network had, and everything else is copied over in order. The result is the network a build from the same
/// data makes (``NetworkQueries/update(_:changed:rows:)`` reads the rows).
///
/// Each edge is stated by a record that it reaches, so the edges a change can add, alter or remove all reach a
/// changed record; and an edge between two unchanged records stays as it was (its ends are still nodes). The
/// copy is linear in the network's size, with no hashing or sorting of what did not change.
struct CooperationNetworkUpdate {
    /// The records whose nodes and edges are replaced.
    let changed: Set<NetworkNode.Key>
    /// The changed records that exist now.
    private var nodes: [NetworkNode] = []
    /// The edges that reach a changed record now, in the order they were read.
    private var edges: [NetworkEdge] = []

    init(changed: Set<NetworkNode.Key>) {
        self.changed = changed
    }

    /// Adds a changed record's node.
    mutating func addNode(kind: RecordKind, id: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer,
                          country: UnsafeRawBufferPointer?) {
        nodes.append(NetworkNode(kind: kind, id: String(decoding: id, as: UTF8.self), name: String(decoding: name, as: UTF8.self),
                                 country: country.map { String(decoding: $0, as: UTF8.self) }))
    }

    /// Adds an edge that reaches a changed record.
    mutating func addEdge(sourceKind: RecordKind, source: UnsafeRawBufferPointer, targetKind: RecordKind,
                          target: UnsafeRawBufferPointer, relation: NetworkRelation, role: UnsafeRawBufferPointer?) {
        edges.append(NetworkEdge(source: NetworkNode.Key(kind: sourceKind, id: String(decoding: source, as: UTF8.self)),
                                 target: NetworkNode.Key(kind: targetKind, id: String(decoding: target, as: UTF8.self)),
                                 relation: relation, role: role.map { String(decoding: $0, as: UTF8.self) }))
    }

    /// `network` with the changed records' nodes and edges replaced by those added.
    func apply(to network: CooperationNetwork) -> CooperationNetwork {
        let nodeCount = network.kinds.count
        // The old nodes that go: every changed record's, whether it still exists or not.
        var replaced = [Bool](repeating: false, count: nodeCount)
        for key in changed { if let index = network.index(of: key) { replaced[index] = true } }

        // The changed records' nodes in key order (kind, then the id's bytes); a repeated key keeps the first.
        var added: [NetworkNode] = []
        var seen: Set<NetworkNode.Key> = []
        for node in nodes where changed.contains(node.key) && seen.insert(node.key).inserted { added.append(node) }
        added.sort { Self.precedes($0.key, $1.key) }

        // Merge the kept old nodes with the added ones, numbering both anew.
        var kinds: [RecordKind] = [], ids = PackedStrings(), names = PackedStrings(), countries: [Int32] = []
        kinds.reserveCapacity(nodeCount + added.count)
        ids.reserveCapacity(strings: nodeCount + added.count, bytes: network.ids.bytes.count)
        names.reserveCapacity(strings: nodeCount + added.count, bytes: network.names.bytes.count)
        countries.reserveCapacity(nodeCount + added.count)
        var countryNames = network.countryNames
        var countryNumbers = Dictionary(uniqueKeysWithValues: countryNames.enumerated().map { ($1, Int32($0)) })
        var newNumber = [Int32](repeating: -1, count: nodeCount)
        var addedNumbers: [NetworkNode.Key: Int32] = [:]
        // Kept old nodes are copied in runs, between the replaced and the added ones.
        var newCount: Int32 = 0, runStart = 0
        func copyRun(to end: Int) {
            guard end > runStart else { return }
            kinds.append(contentsOf: network.kinds[runStart..<end])
            ids.append(runStart..<end, of: network.ids)
            names.append(runStart..<end, of: network.names)
            countries.append(contentsOf: network.countries[runStart..<end])
            runStart = end
        }
        var old = 0, next = 0
        while old < nodeCount || next < added.count {
            if old < nodeCount, replaced[old] {
                copyRun(to: old)
                old += 1
                runStart = old
            } else if old < nodeCount, next == added.count || Self.compare(network, old, added[next].key) < 0 {
                newNumber[old] = newCount
                newCount += 1
                old += 1
            } else {
                copyRun(to: old)
                let node = added[next]
                addedNumbers[node.key] = newCount
                newCount += 1
                kinds.append(node.kind)
                ids.append(node.id)
                names.append(node.name)
                countries.append(node.country.map { country in
                    if let number = countryNumbers[country] { return number }
                    countryNames.append(country)
                    countryNumbers[country] = Int32(countryNames.count - 1)
                    return Int32(countryNames.count - 1)
                } ?? -1)
                next += 1
            }
        }
        copyRun(to: old)

        // The added edges as the build takes them: ends found (an edge to no node is left out), sorted by source,
        // target, relation and the order they were read in, repeats merged into one listing their roles.
        func number(_ key: NetworkNode.Key) -> Int32? {
            if changed.contains(key) { return addedNumbers[key] }
            return network.index(of: key).map { newNumber[$0] }
        }
        var roleNames = network.roleNames
        var roleNumbers = Dictionary(uniqueKeysWithValues: roleNames.enumerated().map { ($1, Int32($0)) })
        func roleNumber(_ role: String?) -> Int32 {
            guard let role else { return -1 }
            if let number = roleNumbers[role] { return number }
            roleNames.append(role)
            roleNumbers[role] = Int32(roleNames.count - 1)
            return Int32(roleNames.count - 1)
        }
        var addedKeys: [UInt128] = []
        for (order, edge) in edges.enumerated() {
            guard let source = number(edge.source), let target = number(edge.target), source != target else { continue }
            addedKeys.append(Self.sortKey(source: source, target: target, relation: edge.relation, order: order))
        }
        addedKeys.sort()
        var addedEdges: [(key: UInt128, role: String?)] = []
        for key in addedKeys {
            let role = edges[Int(UInt32(truncatingIfNeeded: key))].role
            if let last = addedEdges.last, last.key >> 32 == key >> 32 {
                addedEdges[addedEdges.count - 1].role = CooperationNetworkBuilder.merged(last.role, role)
            } else {
                addedEdges.append((key, role))
            }
        }

        // Merge the kept old edges (renumbered, which keeps their order) with the added ones: none is both, since
        // every added edge reaches a changed record and no kept one does.
        let edgeCount = network.sources.count
        var sources: [Int32] = [], targets: [Int32] = [], relations: [NetworkRelation] = [], roles: [Int32] = []
        sources.reserveCapacity(edgeCount + addedEdges.count)
        targets.reserveCapacity(edgeCount + addedEdges.count)
        relations.reserveCapacity(edgeCount + addedEdges.count)
        roles.reserveCapacity(edgeCount + addedEdges.count)
        var edge = 0, nextAdded = 0
        while edge < edgeCount || nextAdded < addedEdges.count {
            if edge < edgeCount, replaced[Int(network.sources[edge])] || replaced[Int(network.targets[edge])] {
                edge += 1
                continue
            }
            let keptKey = edge < edgeCount
                ? Self.sortKey(source: newNumber[Int(network.sources[edge])], target: newNumber[Int(network.targets[edge])],
                               relation: network.relations[edge], order: 0)
                : nil
            if let keptKey, nextAdded == addedEdges.count || keptKey >> 32 < addedEdges[nextAdded].key >> 32 {
                sources.append(Int32(truncatingIfNeeded: keptKey >> 96))
                targets.append(Int32(truncatingIfNeeded: (keptKey >> 64) & 0xffff_ffff))
                relations.append(network.relations[edge])
                roles.append(network.roles[edge])
                edge += 1
            } else {
                let (key, role) = addedEdges[nextAdded]
                sources.append(Int32(truncatingIfNeeded: key >> 96))
                targets.append(Int32(truncatingIfNeeded: (key >> 64) & 0xffff_ffff))
                relations.append(CooperationNetworkBuilder.relationsByName[Int((key >> 32) & 0xff)])
                roles.append(roleNumber(role))
                nextAdded += 1
            }
        }

        return CooperationNetwork(
            kinds: kinds, ids: ids, names: names, countries: countries, countryNames: countryNames,
            sources: sources, targets: targets, relations: relations, roles: roles, roleNames: roleNames)
    }

    /// An edge as one integer that sorts as the build sorts edges: source, target, relation, then `order`.
    private static func sortKey(source: Int32, target: Int32, relation: NetworkRelation, order: Int) -> UInt128 {
        UInt128(UInt32(source)) << 96 | UInt128(UInt32(target)) << 64
            | UInt128(relation.rank) << 32 | UInt128(UInt32(order))
    }

    /// Whether `first` comes before `second` in the network's order of nodes.
    private static func precedes(_ first: NetworkNode.Key, _ second: NetworkNode.Key) -> Bool {
        if first.kind.networkOrder != second.kind.networkOrder { return first.kind.networkOrder < second.kind.networkOrder }
        return first.id.utf8.lexicographicallyPrecedes(second.id.utf8)
    }

    /// The order of node `index` of `network` and the node with `key`: negative, zero or positive.
    private static func compare(_ network: CooperationNetwork, _ index: Int, _ key: NetworkNode.Key) -> Int {
        let order = network.kinds[index].networkOrder
        if order != key.kind.networkOrder { return order - key.kind.networkOrder }
        var id = key.id
        return id.withUTF8 { network.ids.compare(index, UnsafeRawBufferPointer($0)) }
    }
}
