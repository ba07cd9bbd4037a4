/// A data-quality finding computed at seed load: a discrepancy, a missing field, or a check that passed.
public struct QualityFinding: Codable, Sendable, Hashable {
    /// Stable id: `<record>:<check>[:<field>]`.
    public var id: String
    public var recordKind: RecordKind
    public var record: String
    public var check: QualityCheck
    public var severity: Severity
    /// The field concerned, for `missingField`.
    public var field: String?
    /// What the source declares (`"14"`).
    public var declared: String?
    /// What the registry computed (`"15"`).
    public var computed: String?
    public var message: String
    @DefaultEmpty public var evidence: [Evidence]

    /// How serious a finding is.
    public enum Severity: String, Codable, Sendable, Hashable, Comparable {
        case passed
        case notice
        case warning

        private var rank: Int {
            switch self {
            case .passed: 0
            case .notice: 1
            case .warning: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public init(
        recordKind: RecordKind, record: String, check: QualityCheck, severity: Severity, field: String? = nil,
        declared: String? = nil, computed: String? = nil, message: String, evidence: [Evidence] = []
    ) {
        self.id = [record, check.rawValue, field].compactMap { $0 }.joined(separator: ":")
        self.recordKind = recordKind
        self.record = record
        self.check = check
        self.severity = severity
        self.field = field
        self.declared = declared
        self.computed = computed
        self.message = message
        self.evidence = evidence
    }
}
