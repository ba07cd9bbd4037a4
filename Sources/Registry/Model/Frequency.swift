/// How often a body meets: `count` times per `per`, either exactly or at least.
public struct Frequency: Codable, Sendable, Hashable {
    public var count: Int
    /// The unit of time: `year`, `month`, `week`.
    public var per: String
    /// True for "at least `count` times".
    public var atLeast: Bool

    public init(count: Int, per: String, atLeast: Bool) {
        self.count = count
        self.per = per
        self.atLeast = atLeast
    }
}
