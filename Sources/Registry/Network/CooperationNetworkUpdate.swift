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
        var countryNumbers = StringInterner(numbering: network.countryNames)
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
                countries.append(node.country.map { countryNumbers.number($0) } ?? -1)
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
        var roleNumbers = StringInterner(numbering: network.roleNames)
        var addedKeys: [EdgeSortKey] = []
        for (order, edge) in edges.enumerated() {
            guard let source = number(edge.source), let target = number(edge.target), source != target else { continue }
            addedKeys.append(EdgeSortKey(source: source, target: target, relationRank: edge.relation.rank, order: order))
        }
        addedKeys.sort()
        var addedEdges: [(key: EdgeSortKey, role: String?)] = []
        for key in addedKeys {
            let role = edges[key.order].role
            if let last = addedEdges.last, last.key.isSameEdge(as: key) {
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
            let kept = edge < edgeCount
                ? EdgeSortKey(source: newNumber[Int(network.sources[edge])], target: newNumber[Int(network.targets[edge])],
                              relationRank: network.relations[edge].rank, order: 0)
                : nil
            if let kept, nextAdded == addedEdges.count || kept.edgePrecedes(addedEdges[nextAdded].key) {
                sources.append(kept.source)
                targets.append(kept.target)
                relations.append(network.relations[edge])
                roles.append(network.roles[edge])
                edge += 1
            } else {
                let (key, role) = addedEdges[nextAdded]
                sources.append(key.source)
                targets.append(key.target)
                relations.append(key.relation)
                roles.append(role.map { roleNumbers.number($0) } ?? -1)
                nextAdded += 1
            }
        }

        return CooperationNetwork(
            kinds: kinds, ids: ids, names: names, countries: countries, countryNames: countryNumbers.all,
            sources: sources, targets: targets, relations: relations, roles: roles, roleNames: roleNumbers.all)
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
