/// The validated content of a seeds directory, ready to be written: documents, gazetteer, records of
/// every kind (evidence offsets computed) and the data-quality findings.
public struct SeedSet: Sendable {
    public var documents: [Document] = []
    public var places: [Place] = []
    public var themes: [Theme] = []
    public var organisations: [Organisation] = []
    public var regions: [Region] = []
    public var programmes: [Programme] = []
    public var partnerships: [Partnership] = []
    public var projects: [Project] = []
    public var people: [Person] = []
    public var findings: [QualityFinding] = []
    /// SHA-256 over every seed file read, in a fixed order.
    public var fingerprint = ""
    /// The records file each record comes from, keyed `kind/id`.
    var sourceFiles: [String: String] = [:]

    public init() {}

    /// The number of records of `kind`.
    public func count(of kind: RecordKind) -> Int {
        switch kind {
        case .theme: themes.count
        case .organisation: organisations.count
        case .region: regions.count
        case .programme: programmes.count
        case .partnership: partnerships.count
        case .project: projects.count
        case .person: people.count
        }
    }

    /// The number of evidence passages over all records.
    public var evidenceCount: Int {
        themes.reduce(0) { $0 + $1.evidence.count } + organisations.reduce(0) { $0 + $1.evidence.count }
            + regions.reduce(0) { $0 + $1.evidence.count } + programmes.reduce(0) { $0 + $1.evidence.count }
            + partnerships.reduce(0) { $0 + $1.evidence.count } + projects.reduce(0) { $0 + $1.evidence.count }
            + people.reduce(0) { $0 + $1.evidence.count }
    }

    func sourceFile(_ kind: RecordKind, _ id: String) -> String? {
        sourceFiles["\(kind.rawValue)/\(id)"]
    }
}
