/// Why the cooperation network cannot answer a question.
public enum NetworkError: Error, Sendable, Equatable {
    /// No organisation, region, partnership or project has this id.
    case unknownParty(String)
}
