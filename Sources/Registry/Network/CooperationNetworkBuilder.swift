/// Collects the nodes and then the edges of a ``CooperationNetwork`` one at a time, without holding a value
/// per node or edge: ids and names go into packed strings, found again through a hash index of their bytes;
/// roles and countries are numbered; and edges are kept as node numbers until ``build()`` sorts them.
///
/// Ids, names and roles come in as UTF-8 bytes, as the database hands them over, so that reading a network of
/// a million edges makes no `String` per row.
///
/// Add every node before the edges that reach it: an edge whose ends are not (yet) nodes is left out.
struct CooperationNetworkBuilder {
    private var kinds: [RecordKind] = []
    private var ids = PackedStrings()
    private var names = PackedStrings()
    private var countryNumbers: [Int32] = []
    private var countries = StringInterner()
    /// Finds a node's number from its kind and id.
    private var nodeIndex = PackedStringIndex()

    /// The edges as node numbers in the order nodes were added, in the order edges were added.
    private var linkSources: [Int32] = []
    private var linkTargets: [Int32] = []
    private var linkRelations: [UInt8] = []
    private var linkRoles: [Int32] = []
    private var roles = StringInterner()

    /// The relations in the order of their names: relation `rank` is at `rank`.
    static let relationsByName = NetworkRelation.allCases.sorted { $0.rawValue < $1.rawValue }

    init() {}

    /// Adds a node; a second node with the same kind and id is left out.
    mutating func addNode(kind: RecordKind, id: UnsafeRawBufferPointer, name: UnsafeRawBufferPointer,
                          country: UnsafeRawBufferPointer?) {
        let hash = PackedStringIndex.hash(id, seed: UInt64(kind.networkOrder))
        guard number(kind: kind, id: id, hash: hash) == nil else { return }
        _ = nodeIndex.insert(hash: hash)
        kinds.append(kind)
        ids.append(id)
        names.append(name)
        countryNumbers.append(countries.number(country))
    }

    /// Adds an edge between two nodes added before; left out when either is not a node, or both ends are one.
    mutating func addEdge(sourceKind: RecordKind, source: UnsafeRawBufferPointer, targetKind: RecordKind,
                          target: UnsafeRawBufferPointer, relation: NetworkRelation, role: UnsafeRawBufferPointer?) {
        guard let sourceNumber = number(kind: sourceKind, id: source), let targetNumber = number(kind: targetKind, id: target),
              sourceNumber != targetNumber else {
            return
        }
        linkSources.append(sourceNumber)
        linkTargets.append(targetNumber)
        linkRelations.append(relation.rank)
        linkRoles.append(roles.number(role))
    }

    /// Adds a node given as strings.
    mutating func addNode(kind: RecordKind, id: String, name: String, country: String?) {
        Self.withUTF8(id) { id in
            Self.withUTF8(name) { name in
                Self.withUTF8(country) { country in addNode(kind: kind, id: id, name: name, country: country) }
            }
        }
    }

    /// Adds an edge given as keys and strings.
    mutating func addEdge(source: NetworkNode.Key, target: NetworkNode.Key, relation: NetworkRelation, role: String?) {
        Self.withUTF8(source.id) { sourceID in
            Self.withUTF8(target.id) { targetID in
                Self.withUTF8(role) { role in
                    addEdge(sourceKind: source.kind, source: sourceID, targetKind: target.kind, target: targetID,
                            relation: relation, role: role)
                }
            }
        }
    }

    private static func withUTF8<T>(_ string: String?, _ body: (UnsafeRawBufferPointer?) -> T) -> T {
        guard var string else { return body(nil) }
        return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    private static func withUTF8<T>(_ string: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        var string = string
        return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    private func number(kind: RecordKind, id: UnsafeRawBufferPointer,
                        hash: UInt64? = nil) -> Int32? {
        nodeIndex.find(hash: hash ?? PackedStringIndex.hash(id, seed: UInt64(kind.networkOrder))) {
            kinds[Int($0)] == kind && ids.equals(Int($0), id)
        }
    }

    /// The network: nodes in key order, edges sorted by source, target and relation, repeats merged into one
    /// whose role lists theirs in the order they were added.
    consuming func build() -> CooperationNetwork {
        // Nodes in key order (kind, then the id's bytes); `rank[number]` is the place of the node added as `number`.
        let order = kinds.indices.sorted { first, second in
            let a = kinds[first].networkOrder, b = kinds[second].networkOrder
            return a != b ? a < b : ids.precedes(first, second)
        }
        var rank = [Int32](repeating: 0, count: kinds.count)
        for (place, number) in order.enumerated() { rank[number] = Int32(place) }
        nodeIndex = PackedStringIndex()

        var sortedIDs = PackedStrings()
        var sortedNames = PackedStrings()
        sortedIDs.reserveCapacity(strings: kinds.count, bytes: ids.bytes.count)
        sortedNames.reserveCapacity(strings: kinds.count, bytes: names.bytes.count)
        var sortedKinds: [RecordKind] = []
        sortedKinds.reserveCapacity(kinds.count)
        var nodeCountries: [Int32] = []
        nodeCountries.reserveCapacity(kinds.count)
        for number in order {
            sortedKinds.append(kinds[number])
            sortedIDs.append(number, of: ids)
            sortedNames.append(number, of: names)
            nodeCountries.append(countryNumbers[number])
        }
        kinds = []
        ids = PackedStrings()
        names = PackedStrings()
        countryNumbers = []

        // Edges by node place, then relation, then the order they were added in (so that repeats keep it).
        var keys = linkSources.indices.map { index in
            EdgeSortKey(source: rank[Int(linkSources[index])], target: rank[Int(linkTargets[index])],
                        relationRank: linkRelations[index], order: index)
        }.sorted()
        rank = []
        linkSources = []
        linkTargets = []
        linkRelations = []

        var sources: [Int32] = [], targets: [Int32] = [], relations: [NetworkRelation] = [], edgeRoles: [Int32] = []
        sources.reserveCapacity(keys.count)
        targets.reserveCapacity(keys.count)
        relations.reserveCapacity(keys.count)
        edgeRoles.reserveCapacity(keys.count)
        var previous: EdgeSortKey?
        for key in keys {
            let role = linkRoles[key.order]
            if let previous, previous.isSameEdge(as: key) {
                let last = edgeRoles.count - 1
                edgeRoles[last] = mergedRole(edgeRoles[last], role)
            } else {
                sources.append(key.source)
                targets.append(key.target)
                relations.append(key.relation)
                edgeRoles.append(role)
            }
            previous = key
        }
        keys = []
        linkRoles = []

        return CooperationNetwork(
            kinds: sortedKinds, ids: sortedIDs, names: sortedNames, countries: nodeCountries, countryNames: countries.all,
            sources: sources, targets: targets, relations: relations, roles: edgeRoles, roleNames: roles.all)
    }

    /// The number of the role that lists `first`'s roles and then `second`, unless it is among them.
    private mutating func mergedRole(_ first: Int32, _ second: Int32) -> Int32 {
        guard first >= 0 else { return second }
        guard second >= 0 else { return first }
        return roles.number(Self.merged(roles.strings[Int(first)], roles.strings[Int(second)]) ?? "")
    }

    /// The role of an edge stated twice: `first`'s roles and then `second`, unless it is among them.
    static func merged(_ first: String?, _ second: String?) -> String? {
        guard let first else { return second }
        guard let second else { return first }
        let listed = first.components(separatedBy: ", ")
        return listed.contains(second) ? first : (listed + [second]).joined(separator: ", ")
    }
}
