import Foundation

/// Writes a validated ``SeedSet`` into the store in one transaction: documents, gazetteer, records
/// (only those that changed), removal of seed records the seeds no longer state, and the findings.
/// API records are never changed. A failure rolls everything back.
struct SeedWriter {
    let seeds: SeedSet

    init(seeds: SeedSet) {
        self.seeds = seeds
    }

    private struct Tally {
        var inserted = 0
        var updated = 0
        var unchanged = 0
        var deleted = 0
        var kept: [String] = []
        var seedChangedUnderEdit: [String] = []

        mutating func count(_ outcome: RecordWriter.Outcome, key: String) {
            switch outcome {
            case .inserted: inserted += 1
            case .updated: updated += 1
            case .unchanged: unchanged += 1
            case .keptAPIRecord: kept.append(key)
            }
        }
    }

    func write(into store: RegistryStore) throws -> SeedLoadReport {
        try store.database.writeWithoutTransaction { db in
            var report: SeedLoadReport?
            try db.inTransaction {
                report = try write(using: SQLiteRecordStatements(db: db))
                return .commit
            }
            guard let report else { preconditionFailure("the seeds' transaction ran its body") }
            return report
        }
    }

    /// Writes the seeds with one engine's `statements`, inside the caller's transaction.
    func write(using statements: some SeedWriteStatements) throws -> SeedLoadReport {
        var tally = Tally()
        let time = ChangeLog.timestamp()
        try writeDocuments(statements, tally: &tally)
        try writePlaces(statements, tally: &tally)
        try upsert(seeds.themes, statements, tally: &tally, time: time)
        try upsert(seeds.organisations, statements, tally: &tally, time: time)
        try upsert(seeds.regions, statements, tally: &tally, time: time)
        try upsert(seeds.programmes, statements, tally: &tally, time: time)
        try upsert(seeds.partnerships, statements, tally: &tally, time: time)
        try upsert(seeds.projects, statements, tally: &tally, time: time)
        try upsert(seeds.people, statements, tally: &tally, time: time)
        try removeStale(Person.self, time: time, keeping: seeds.people, statements, tally: &tally)
        try removeStale(Project.self, time: time, keeping: seeds.projects, statements, tally: &tally)
        try removeStale(Partnership.self, time: time, keeping: seeds.partnerships, statements, tally: &tally)
        try removeStale(Programme.self, time: time, keeping: seeds.programmes, statements, tally: &tally)
        try removeStale(Region.self, time: time, keeping: seeds.regions, statements, tally: &tally)
        try removeStale(Organisation.self, time: time, keeping: seeds.organisations, statements, tally: &tally)
        try removeStale(Theme.self, time: time, keeping: seeds.themes, statements, tally: &tally)
        let findingsChanged = try writeFindings(statements)
        let changed = tally.inserted + tally.updated + tally.deleted > 0 || findingsChanged
        if try changed || statements.searchIndexNeedsRebuild() { try statements.rebuildSearchIndex() }
        // A full check reads every reference of the registry: only a load that wrote something can have
        // left one dangling. (The commit would refuse a dangling reference anyway; the check names it.)
        if changed, let dangling = try statements.danglingReference() {
            throw RegistryError.brokenReference(
                "the seeds would leave a reference dangling (an API record may refer to a seed record that was removed): \(dangling)")
        }
        var report = SeedLoadReport(
            counts: Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0.plural, seeds.count(of: $0)) }),
            documents: seeds.documents.count, places: seeds.places.count, evidence: seeds.evidenceCount,
            inserted: tally.inserted, updated: tally.updated, unchanged: tally.unchanged, deleted: tally.deleted,
            keptAPIRecords: tally.kept, findings: seeds.findings, changed: changed, fingerprint: seeds.fingerprint)
        report.seedChangedUnderEdit = tally.seedChangedUnderEdit
        if changed {
            var summary = report
            summary.findings = []
            try statements.recordSeedLoad(fingerprint: seeds.fingerprint, summary: try RecordWriter.encode(summary))
        }
        return report
    }

    /// Writes the seed records that changed, each with its entry in the history (the seed file its author).
    /// A record edited or deleted through the API stays as the API left it: its seed version is kept aside for
    /// `reset`, and a change of it is reported.
    private func upsert<R: RegistryRecord>(_ records: [R], _ statements: some SeedWriteStatements, tally: inout Tally,
                                           time: String) throws {
        let table = R.kind.rawValue
        for record in records {
            let key = "\(table)/\(record.id)"
            let sourceFile = seeds.sourceFile(R.kind, record.id)
            let seedData = try RecordWriter.encode(record)
            if let kept = try statements.seedVersion(R.kind, id: record.id) {
                if kept.data != seedData {
                    try statements.replaceSeedVersion(R.kind, id: record.id, data: seedData, sourceFile: sourceFile,
                                                      findings: storedFindings(of: key))
                    tally.seedChangedUnderEdit.append(key)
                } else if kept.findings != (try storedFindings(of: key)) {
                    // Findings follow the checks and the fact sheets too, which may change while the record does not.
                    try statements.updateSeedVersionFindings(R.kind, id: record.id, findings: storedFindings(of: key))
                }
                tally.count(.keptAPIRecord, key: key)
                continue
            }
            let stored = try statements.stored(R.kind, id: record.id)
            let forms = try StoredJSON.storedForms(record)
            let outcome = try statements.upsert(record, forms: forms, sourceFile: sourceFile, existing: stored)
            tally.count(outcome, key: key)
            switch outcome {
            case .inserted, .updated:
                let before = stored?.served
                if before != forms.served {
                    try statements.recordChange(before == nil ? .create : .replace, kind: R.kind, id: record.id, before: before,
                                                after: forms.served, author: sourceFile ?? "seeds", reason: nil, at: time)
                }
            case .keptAPIRecord:
                try statements.replaceSeedVersion(R.kind, id: record.id, data: seedData, sourceFile: sourceFile,
                                                  findings: storedFindings(of: key))
            case .unchanged:
                break
            }
        }
    }

    /// The seeds' findings of the record `kind/id` as `seed_override.findings` keeps them: a JSON array of their
    /// stored forms.
    private func storedFindings(of key: String) throws -> String {
        let findings = try seeds.findings.filter { "\($0.recordKind.rawValue)/\($0.record)" == key }.map { try RecordWriter.encode($0) }
        return "[" + findings.joined(separator: ",") + "]"
    }

    private func removeStale<R: RegistryRecord>(_ type: R.Type, time: String, keeping records: [R],
                                                _ statements: some SeedWriteStatements, tally: inout Tally) throws {
        let keep = Set(records.map(\.id))
        for stored in try statements.seedRecords(R.kind) where !keep.contains(stored.id) {
            try statements.delete(R.kind, id: stored.id)
            try statements.recordChange(.delete, kind: R.kind, id: stored.id, before: stored.served, after: nil,
                                        author: stored.sourceFile ?? "seeds", reason: nil, at: time)
            tally.deleted += 1
        }
        // The seeds no longer state these: there is no seed version to go back to.
        for id in try statements.seedVersionIDs(R.kind) where !keep.contains(id) {
            try statements.removeSeedVersion(R.kind, id: id)
        }
    }

    private func writeDocuments(_ statements: some SeedWriteStatements, tally: inout Tally) throws {
        for document in seeds.documents {
            let stored = try statements.documentSignature(document.id)
            if stored == document.sha256 + document.language + document.title + document.fileName + (document.source ?? "") {
                tally.unchanged += 1
                continue
            }
            try statements.upsertDocument(document)
            if stored == nil { tally.inserted += 1 } else { tally.updated += 1 }
        }
        let keep = Set(seeds.documents.map(\.id))
        // Imports own their provenance documents (`import-…`): a seed load leaves them, as it leaves API records.
        for id in try statements.seedDocumentIDs() where !keep.contains(id) {
            try statements.deleteDocument(id)
            tally.deleted += 1
        }
    }

    private func writePlaces(_ statements: some SeedWriteStatements, tally: inout Tally) throws {
        for place in seeds.places {
            let data = try RecordWriter.encode(place)
            let stored = try statements.placeData(place.id)
            if stored == data {
                tally.unchanged += 1
                continue
            }
            try statements.upsertPlace(place, data: data)
            if stored == nil { tally.inserted += 1 } else { tally.updated += 1 }
        }
        let keep = Set(seeds.places.map(\.id))
        // NUTS regions an import put into the gazetteer (`nuts-…`) are the import's, not the seeds'.
        for id in try statements.seedPlaceIDs() where !keep.contains(id) {
            try statements.deletePlace(id)
            tally.deleted += 1
        }
    }

    /// Replaces the findings of seed records when they differ from the stored ones; true when they did. The
    /// findings of records the API wrote or deleted follow those records, not the seeds. Only the records that
    /// have findings are looked at, so a start costs the same however many records the registry holds.
    private func writeFindings(_ statements: some SeedWriteStatements) throws -> Bool {
        var ownedByAPI: [String: Bool] = [:]
        func isOwnedByAPI(_ kind: String, _ id: String) throws -> Bool {
            let key = kind + "/" + id
            if let known = ownedByAPI[key] { return known }
            guard let recordKind = RecordKind(rawValue: kind) else { return false }
            let owned = try statements.isOwnedByAPI(recordKind, id: id)
            ownedByAPI[key] = owned
            return owned
        }
        let encoded = try seeds.findings.filter { try !isOwnedByAPI($0.recordKind.rawValue, $0.record) }
            .map { ($0, try RecordWriter.encode($0)) }
        var stored: [(id: String, data: String)] = []
        for finding in try statements.findings() where try !isOwnedByAPI(finding.recordKind, finding.recordID) {
            stored.append((finding.id, finding.data))
        }
        guard Set(stored.map(\.data)) != Set(encoded.map(\.1)) else { return false }
        for finding in stored { try statements.deleteFinding(finding.id) }
        for (finding, data) in encoded { try statements.insertFinding(finding, data: data) }
        return true
    }
}
