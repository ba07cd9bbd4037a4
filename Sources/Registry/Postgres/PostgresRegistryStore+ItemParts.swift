extension PostgresRegistryStore {
    /// What the record's item shows, from ``servedRecord(_:id:language:personal:)``,
    /// ``relatedSummaries(of:id:language:)`` and ``servedFindings(recordKind:recordID:)`` in one snapshot.
    public func itemParts(_ kind: RecordKind, id: String, language: String, personal: Bool) throws -> ItemParts? {
        try snapshot {
            guard let record = try servedRecord(kind, id: id, language: language, personal: personal) else { return nil }
            return ItemParts(json: Array(record.json.utf8), label: Array(record.label.utf8),
                             related: RelatedRows(try relatedSummaries(of: kind, id: id, language: language)),
                             findings: try servedFindings(recordKind: kind, recordID: id).map { Array($0.utf8) })
        }
    }
}
