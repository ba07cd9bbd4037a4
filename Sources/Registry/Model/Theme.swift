/// An entry of the controlled vocabulary of cooperation themes, labelled in English, Danish and German.
public struct Theme: RegistryRecord {
    public static let kind = RecordKind.theme
    public var id: String
    /// Labels by language: `en`, `da` and `de` are required.
    public var labels: [String: String]
    @DefaultOrigin public var origin: Origin
    @DefaultEmpty public var evidence: [Evidence]

    public init(id: String, labels: [String: String], origin: Origin = .api, evidence: [Evidence] = []) {
        self.id = id
        self.labels = labels
        self.origin = origin
        self.evidence = evidence
    }

    public var displayName: String { labels["en"] ?? id }
}
