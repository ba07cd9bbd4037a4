/// What a record's item (`GET /v1/{kind}/{id}`) is made of, as the bytes the store holds: the record as served,
/// its label, the records related to it and its findings. The API writes its answer from these without
/// decoding any of them.
public struct ItemParts: Sendable, Equatable {
    /// The record's JSON as served (``ServedRecord/json``).
    public var json: [UInt8]
    /// The record's name in the language asked for, as UTF-8 text (not JSON).
    public var label: [UInt8]
    /// The related records, in the order of ``RegistryStorage/relatedSummaries(of:id:language:)``.
    public var related: RelatedRows
    /// The record's findings, each its JSON as served, most severe first.
    public var findings: [[UInt8]]

    public init(json: [UInt8], label: [UInt8], related: RelatedRows, findings: [[UInt8]]) {
        self.json = json
        self.label = label
        self.related = related
        self.findings = findings
    }
}

/// Related records as ``RelatedSummary`` values hold them, packed into one byte buffer: each entry's texts are
/// ranges of ``text``, so reading a dozen of them makes no strings.
public struct RelatedRows: Sendable, Equatable {
    /// One related record: ranges of ``RelatedRows/text``; `role` and `country` nil when it has none.
    public struct Entry: Sendable, Equatable {
        public var relation: Range<Int>
        public var kind: RecordKind
        public var id: Range<Int>
        public var name: Range<Int>
        public var role: Range<Int>?
        public var country: Range<Int>?
    }

    /// The UTF-8 text of every entry's fields, one after the other.
    public private(set) var text: [UInt8] = []
    public private(set) var entries: [Entry] = []

    public init() {}

    /// The rows of `summaries`, in their order.
    public init(_ summaries: [RelatedSummary]) {
        for summary in summaries {
            append(relation: Array(summary.relation.utf8), kind: summary.kind, id: Array(summary.id.utf8),
                   name: Array(summary.name.utf8), role: summary.role.map { Array($0.utf8) },
                   country: summary.country.map { Array($0.utf8) })
        }
    }

    public mutating func reserveCapacity(entries count: Int, bytes: Int) {
        entries.reserveCapacity(count)
        text.reserveCapacity(bytes)
    }

    /// Adds an entry whose texts are the given bytes.
    public mutating func append<Bytes: Collection<UInt8>>(relation: Bytes, kind: RecordKind, id: Bytes, name: Bytes,
                                                        role: Bytes?, country: Bytes?) {
        func add(_ bytes: Bytes) -> Range<Int> {
            let start = text.count
            text.append(contentsOf: bytes)
            return start..<text.count
        }
        // Entries of one relation come together: the relation's text is kept once for all of them.
        let relationRange: Range<Int>
        if let last = entries.last, text[last.relation].elementsEqual(relation) {
            relationRange = last.relation
        } else {
            relationRange = add(relation)
        }
        entries.append(Entry(relation: relationRange, kind: kind, id: add(id), name: add(name),
                             role: role.map(add), country: country.map(add)))
    }

    /// The entries as ``RelatedSummary`` values.
    public var summaries: [RelatedSummary] {
        func string(_ range: Range<Int>) -> String { String(decoding: text[range], as: UTF8.self) }
        return entries.map {
            RelatedSummary(relation: string($0.relation), kind: $0.kind, id: string($0.id), name: string($0.name),
                           role: $0.role.map(string), country: $0.country.map(string))
        }
    }
}
