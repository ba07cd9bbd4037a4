/// Collects the nodes and then the edges of a ``CooperationNetwork`` one at a time, without holding a value
/// per node or edge: ids and names go into packed strings, roles and countries are numbered, and edges are
/// kept as node numbers until ``build()`` sorts them.
///
/// Add every node before the edges that reach it: an edge whose ends are not (yet) nodes is left out.
struct CooperationNetworkBuilder {
    /// An edge as node numbers in the order nodes were added.
    private struct Link {
        var source: Int32
        var target: Int32
        var role: Int32
        /// The relation's place in the order of relation names.
        var relation: UInt8
    }

    private var keys: [NetworkNode.Key] = []
    private var names = PackedStrings()
    private var countryNumbers: [Int32] = []
    private var countries = StringInterner()
    private var numberByKey: [NetworkNode.Key: Int32] = [:]
    private var links: [Link] = []
    private var roles = StringInterner()

    /// The relations in the order of their names, and each relation's place in it.
    static let relationsByName = NetworkRelation.allCases.sorted { $0.rawValue < $1.rawValue }
    private static let relationRanks = Dictionary(uniqueKeysWithValues: relationsByName.enumerated().map { ($1, UInt8($0)) })

    init() {}

    /// Adds a node; a second node with the same kind and id is left out.
    mutating func addNode(kind: RecordKind, id: String, name: String, country: String?) {
        let key = NetworkNode.Key(kind: kind, id: id)
        guard numberByKey[key] == nil else { return }
        numberByKey[key] = Int32(keys.count)
        keys.append(key)
        names.append(name)
        countryNumbers.append(countries.number(country))
    }

    /// Adds an edge between two nodes added before; left out when either is not a node, or both ends are one.
    mutating func addEdge(source: NetworkNode.Key, target: NetworkNode.Key, relation: NetworkRelation, role: String?) {
        guard let sourceNumber = numberByKey[source], let targetNumber = numberByKey[target], sourceNumber != targetNumber else {
            return
        }
        links.append(Link(source: sourceNumber, target: targetNumber, role: roles.number(role),
                          relation: CooperationNetworkBuilder.relationRanks[relation] ?? 0))
    }

    /// The network: nodes in key order, edges sorted by source, target and relation, repeats merged into one
    /// whose role lists theirs in the order they were added.
    consuming func build() -> CooperationNetwork {
        // Nodes in key order; `rank[number]` is the place of the node added as `number`.
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var rank = [Int32](repeating: 0, count: keys.count)
        for (place, number) in order.enumerated() { rank[number] = Int32(place) }
        numberByKey = [:]

        var ids = PackedStrings()
        var sortedNames = PackedStrings()
        ids.reserveCapacity(strings: keys.count, bytes: keys.count * 16)
        sortedNames.reserveCapacity(strings: keys.count, bytes: names.bytes.count)
        var kinds: [RecordKind] = []
        kinds.reserveCapacity(keys.count)
        var nodeCountries: [Int32] = []
        nodeCountries.reserveCapacity(keys.count)
        for number in order {
            kinds.append(keys[number].kind)
            ids.append(keys[number].id)
            sortedNames.append(number, of: names)
            nodeCountries.append(countryNumbers[number])
        }
        keys = []
        names = PackedStrings()
        countryNumbers = []

        // Edges by node place; `links` is in the order edges were added, and the sort keeps that order
        // among repeats through their position.
        var positions = [Int32](repeating: 0, count: links.count)
        for index in links.indices {
            links[index].source = rank[Int(links[index].source)]
            links[index].target = rank[Int(links[index].target)]
            positions[index] = Int32(index)
        }
        rank = []
        let unsorted = links
        positions.sort { first, second in
            let a = unsorted[Int(first)], b = unsorted[Int(second)]
            return (a.source, a.target, a.relation, first) < (b.source, b.target, b.relation, second)
        }
        var sources: [Int32] = [], targets: [Int32] = [], relations: [NetworkRelation] = [], edgeRoles: [Int32] = []
        sources.reserveCapacity(links.count)
        targets.reserveCapacity(links.count)
        relations.reserveCapacity(links.count)
        edgeRoles.reserveCapacity(links.count)
        var previous: Link?
        for position in positions {
            let link = unsorted[Int(position)]
            if let previous, previous.source == link.source, previous.target == link.target, previous.relation == link.relation {
                let last = edgeRoles.count - 1
                edgeRoles[last] = mergedRole(edgeRoles[last], link.role)
            } else {
                sources.append(link.source)
                targets.append(link.target)
                relations.append(CooperationNetworkBuilder.relationsByName[Int(link.relation)])
                edgeRoles.append(link.role)
            }
            previous = link
        }
        links = []
        positions = []

        return CooperationNetwork(
            kinds: kinds, ids: ids, names: sortedNames, countries: nodeCountries, countryNames: countries.strings,
            sources: sources, targets: targets, relations: relations, roles: edgeRoles, roleNames: roles.strings)
    }

    /// The number of the role that lists `first`'s roles and then `second`, unless it is among them.
    private mutating func mergedRole(_ first: Int32, _ second: Int32) -> Int32 {
        guard first >= 0 else { return second }
        guard second >= 0 else { return first }
        let firstRoles = roles.strings[Int(first)], secondRole = roles.strings[Int(second)]
        let listed = firstRoles.components(separatedBy: ", ")
        return listed.contains(secondRole) ? first : roles.number((listed + [secondRole]).joined(separator: ", "))
    }
}
