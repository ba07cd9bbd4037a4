/// The shortest chains of cooperation between two records, as ``CooperationNetwork/paths(from:to:maxLength:limit:)`` finds them.
public struct CooperationPaths: Sendable, Hashable {
    public var from: NetworkNode
    public var to: NetworkNode
    /// The number of steps of every shortest chain; nil when none is at most `maxLength` long.
    public var length: Int?
    /// How many shortest chains there are (saturating at `Int.max`), which may exceed `paths.count`.
    public var count: Int
    /// The shortest chains, at most `limit` of them, in a stable order.
    public var paths: [CooperationPath]

    public init(from: NetworkNode, to: NetworkNode, length: Int?, count: Int, paths: [CooperationPath]) {
        self.from = from
        self.to = to
        self.length = length
        self.count = count
        self.paths = paths
    }

    /// Whether there are more shortest chains than `paths` holds.
    public var isTruncated: Bool { count > paths.count }
}
