/// The nodes of a ``CooperationNetwork`` in its order, each made as it is read from the network's arrays.
public struct NetworkNodes: RandomAccessCollection, Sendable {
    let network: CooperationNetwork

    public var startIndex: Int { 0 }
    public var endIndex: Int { network.kinds.count }

    public subscript(position: Int) -> NetworkNode { network.node(at: position) }
}
