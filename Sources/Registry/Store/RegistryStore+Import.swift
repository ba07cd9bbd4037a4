import GRDB

extension RegistryStore {
    /// Imports many records created outside the seeds in one transaction: all are written, or none.
    ///
    /// Each record is stored as an API record (origin `api`), evidence offsets are recomputed from the
    /// documents, references are checked once at the end, and the search index is kept current (and merged into
    /// one segment when the records are many: ``SearchIndex/optimize(afterImportOf:_:)``). An id that
    /// belongs to a seed record stops the import with ``RegistryError/seedOwned(kind:id:)``.
    /// - Returns: the number of records written.
    @discardableResult
    public func importRecords(_ records: [any RegistryRecord]) throws -> Int {
        try database.write { db in
            var documentTexts: [String: String] = [:]
            let places = try SearchIndex.placesByID(db)
            for record in records {
                try importRecord(record, into: db, documentTexts: &documentTexts, places: places)
            }
            try RegistryStore.checkingReferences { try db.checkForeignKeys() }
            try SearchIndex.optimize(afterImportOf: records.count, db)
            return records.count
        }
    }

    private func importRecord<R: RegistryRecord>(
        _ record: R, into db: Database, documentTexts: inout [String: String], places: [String: Place]
    ) throws {
        guard Slug.isValid(record.id) else { throw RegistryError.invalidID(record.id) }
        if try String.fetchOne(db, sql: "SELECT origin FROM \(R.kind.rawValue) WHERE id = ?", arguments: [record.id]) == Origin.seed.rawValue {
            throw RegistryError.seedOwned(kind: R.kind, id: record.id)
        }
        var stored = record
        stored.origin = .api
        stored.evidence = try stored.evidence.map { evidence in
            if documentTexts[evidence.document] == nil {
                documentTexts[evidence.document] = try String.fetchOne(db, sql: "SELECT text FROM document WHERE id = ?",
                                                                       arguments: [evidence.document])
            }
            guard let text = documentTexts[evidence.document], let located = EvidenceLocator(text: text).locate(evidence.quote) else {
                throw RegistryError.evidenceNotFound(document: evidence.document, quote: evidence.quote)
            }
            return Evidence(field: evidence.field, document: evidence.document, quote: evidence.quote,
                            start: located.lowerBound, end: located.upperBound)
        }
        _ = try RegistryStore.checkingReferences { try RecordWriter.upsert(stored, sourceFile: nil, in: db) }
        try SearchIndex.update(stored, db, places: places)
    }
}
