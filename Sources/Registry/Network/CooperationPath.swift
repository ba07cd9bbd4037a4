/// A chain of cooperation: steps where each step's `to` is the next step's `from`.
public struct CooperationPath: Sendable, Hashable {
    public var steps: [CooperationStep]

    public init(steps: [CooperationStep]) {
        self.steps = steps
    }

    /// The number of steps.
    public var length: Int { steps.count }
}
