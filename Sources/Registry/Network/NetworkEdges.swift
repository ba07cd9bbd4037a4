/// The edges of a ``CooperationNetwork`` in its order, each made as it is read from the network's arrays.
public struct NetworkEdges: RandomAccessCollection, Sendable {
    let network: CooperationNetwork

    public var startIndex: Int { 0 }
    public var endIndex: Int { network.sources.count }

    public subscript(position: Int) -> NetworkEdge { network.edge(at: position) }
}
