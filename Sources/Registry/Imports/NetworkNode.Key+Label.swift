extension NetworkNode.Key {
    /// The record as an import's report and bookkeeping name it: `kind/id`, e.g. `project/2015-tiz-0119`.
    public var label: String { "\(kind.rawValue)/\(id)" }

    /// The record a ``label`` names; nil for anything else (a place's `place/nuts-…`).
    public init?(label: String) {
        let parts = label.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let kind = RecordKind(rawValue: String(parts[0])) else { return nil }
        self.init(kind: kind, id: String(parts[1]))
    }
}
