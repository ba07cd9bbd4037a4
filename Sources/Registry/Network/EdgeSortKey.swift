/// An edge as one 128-bit integer that sorts as a network orders its edges: by source, target and relation (its
/// rank), then by the order the edge was read in, so that the roles of an edge stated twice are listed in that
/// order. The build and the update of a network sort edges as these keys, without a comparison closure.
struct EdgeSortKey: Comparable {
    private let value: UInt128

    init(source: Int32, target: Int32, relationRank: UInt8, order: Int) {
        value = UInt128(UInt32(bitPattern: source)) << 96 | UInt128(UInt32(bitPattern: target)) << 64
            | UInt128(relationRank) << 32 | UInt128(UInt32(truncatingIfNeeded: order))
    }

    var source: Int32 { Int32(truncatingIfNeeded: value >> 96) }
    var target: Int32 { Int32(truncatingIfNeeded: value >> 64) }
    var relation: NetworkRelation { CooperationNetworkBuilder.relationsByName[Int(UInt8(truncatingIfNeeded: value >> 32))] }
    /// The order the edge was read in.
    var order: Int { Int(UInt32(truncatingIfNeeded: value)) }

    /// Whether both keys are of one edge (the same source, target and relation), read twice.
    func isSameEdge(as other: EdgeSortKey) -> Bool { value >> 32 == other.value >> 32 }

    /// Whether the edge of `self` comes before the edge of `other`, whatever the order they were read in.
    func edgePrecedes(_ other: EdgeSortKey) -> Bool { value >> 32 < other.value >> 32 }

    static func < (lhs: EdgeSortKey, rhs: EdgeSortKey) -> Bool { lhs.value < rhs.value }
}
