/// What sort of undertaking a ``Project`` is.
public enum ProjectKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A project funded by a programme, with partners and a budget.
    case fundedProject
    /// A piece of infrastructure (a fixed link, a corridor).
    case infrastructure
}
