import Testing
@testable import Registry

/// The network builder's parts that read ids as bytes: the hash index that finds a node again from its kind
/// and id, and the byte order that the nodes are sorted in and looked up by.
@Suite struct NetworkBuilderTests {
    /// Edges are sorted by their relation's rank, which must follow the relations' names: the order the network
    /// has always listed them in.
    @Test func aRelationsRankIsItsPlaceInTheOrderOfTheNames() {
        let byName = NetworkRelation.allCases.sorted { $0.rawValue < $1.rawValue }
        #expect(byName.map(\.rank) == Array(0..<UInt8(byName.count)))
        #expect(CooperationNetworkBuilder.relationsByName == byName)
    }

    @Test func theIndexFindsEveryStringItWasGivenAndNoOther() {
        var strings = PackedStrings()
        var index = PackedStringIndex()
        func find(_ string: String) -> Int32? {
            var string = string
            return string.withUTF8 { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                return index.find(hash: PackedStringIndex.hash(bytes)) { strings.equals(Int($0), bytes) }
            }
        }
        // Enough to make the table grow many times over, with ids that differ only in their last bytes.
        let count = 50_000
        for number in 0..<count {
            let id = "organisation-\(number)"
            #expect(find(id) == nil)
            strings.append(id)
            var copy = id
            let hash = copy.withUTF8 { PackedStringIndex.hash(UnsafeRawBufferPointer($0)) }
            #expect(index.insert(hash: hash) == Int32(number))
        }
        #expect(index.count == count)
        for number in stride(from: 0, to: count, by: 7) { #expect(find("organisation-\(number)") == Int32(number)) }
        #expect(find("organisation-\(count)") == nil)
        #expect(find("") == nil)
        #expect(find("organisation-") == nil)
    }

    @Test func theSameIdOfTwoKindsIsTwoNodes() throws {
        let network = CooperationNetwork(
            nodes: [NetworkNode(kind: .organisation, id: "hamburg", name: "City"), NetworkNode(kind: .region, id: "hamburg", name: "Region"),
                    NetworkNode(kind: .organisation, id: "hamburg", name: "Left out")],
            edges: [NetworkEdge(source: NetworkNode.Key(kind: .organisation, id: "hamburg"),
                                target: NetworkNode.Key(kind: .region, id: "hamburg"), relation: .memberOf, role: nil)])
        #expect(network.nodes.map(\.name) == ["City", "Region"])
        #expect(network.edges.count == 1)
    }

    /// Ids of any bytes (upper case, digits, and characters of several UTF-8 lengths) come out sorted by their
    /// bytes, and each is found again by its key, which a search in another order than the sort's would miss.
    @Test func everyNodeIsFoundAgainWhateverItsIdHolds() throws {
        let ids = ["b", "a", "B", "Z", "0", "z-9", "ä", "å", "é", "ø", "ζ", "中", "😀", "a-b", "a_b", "ab", "a", ""]
        var nodes: [NetworkNode] = []
        for kind in [RecordKind.project, .organisation, .region] {
            for id in ids { nodes.append(NetworkNode(kind: kind, id: id, name: "\(kind.rawValue) \(id)")) }
        }
        let network = CooperationNetwork(nodes: nodes, edges: [])
        let unique = Set(ids)
        #expect(network.nodes.count == unique.count * 3)
        for kind in [RecordKind.project, .organisation, .region] {
            let listed = network.nodes.filter { $0.kind == kind }.map(\.id)
            #expect(listed == unique.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            for id in unique {
                #expect(network.node(NetworkNode.Key(kind: kind, id: id))?.name == "\(kind.rawValue) \(id)", "\(kind.rawValue) \(id)")
            }
        }
        #expect(network.node(NetworkNode.Key(kind: .project, id: "missing")) == nil)
        #expect(network.node(NetworkNode.Key(kind: .person, id: "a")) == nil)
    }

    /// Repeated edges become one, its roles listed in the order they came, each once.
    @Test func repeatedEdgesMergeTheirRoles() throws {
        let city = NetworkNode.Key(kind: .organisation, id: "city"), project = NetworkNode.Key(kind: .project, id: "p")
        let network = CooperationNetwork(
            nodes: [NetworkNode(kind: .organisation, id: "city", name: "City"), NetworkNode(kind: .project, id: "p", name: "P")],
            edges: [NetworkEdge(source: city, target: project, relation: .partnerIn, role: "partner"),
                    NetworkEdge(source: city, target: project, relation: .partnerIn, role: "lead"),
                    NetworkEdge(source: city, target: project, relation: .partnerIn, role: "partner"),
                    NetworkEdge(source: city, target: project, relation: .partnerIn, role: nil),
                    NetworkEdge(source: city, target: NetworkNode.Key(kind: .project, id: "absent"), relation: .partnerIn, role: "lead"),
                    NetworkEdge(source: city, target: city, relation: .partOf, role: nil)])
        #expect(Array(network.edges) == [NetworkEdge(source: city, target: project, relation: .partnerIn, role: "partner, lead")])
    }
}
