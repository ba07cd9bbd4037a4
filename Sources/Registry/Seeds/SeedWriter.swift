import Foundation
import GRDB

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
        try store.database.write { db in
            var tally = Tally()
            let time = ChangeLog.timestamp()
            try writeDocuments(db, tally: &tally)
            try writePlaces(db, tally: &tally)
            try upsert(seeds.themes, db, tally: &tally, time: time)
            try upsert(seeds.organisations, db, tally: &tally, time: time)
            try upsert(seeds.regions, db, tally: &tally, time: time)
            try upsert(seeds.programmes, db, tally: &tally, time: time)
            try upsert(seeds.partnerships, db, tally: &tally, time: time)
            try upsert(seeds.projects, db, tally: &tally, time: time)
            try upsert(seeds.people, db, tally: &tally, time: time)
            try removeStale(Person.self, time: time, keeping: seeds.people, db, tally: &tally)
            try removeStale(Project.self, time: time, keeping: seeds.projects, db, tally: &tally)
            try removeStale(Partnership.self, time: time, keeping: seeds.partnerships, db, tally: &tally)
            try removeStale(Programme.self, time: time, keeping: seeds.programmes, db, tally: &tally)
            try removeStale(Region.self, time: time, keeping: seeds.regions, db, tally: &tally)
            try removeStale(Organisation.self, time: time, keeping: seeds.organisations, db, tally: &tally)
            try removeStale(Theme.self, time: time, keeping: seeds.themes, db, tally: &tally)
            let findingsChanged = try writeFindings(db)
            let changed = tally.inserted + tally.updated + tally.deleted > 0 || findingsChanged
            if try changed || SearchIndex.needsRebuild(db) { try SearchIndex.rebuild(db) }
            // A full check reads every reference of the registry: only a load that wrote something can have
            // left one dangling. (The commit would refuse a dangling reference anyway; the check names it.)
            do {
                if changed { try db.checkForeignKeys() }
            } catch let error as DatabaseError {
                throw RegistryError.brokenReference(
                    "the seeds would leave a reference dangling (an API record may refer to a seed record that was removed): \(error.message ?? "\(error)")")
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
                try db.execute(
                    sql: "INSERT INTO seed_load (loaded_at, fingerprint, summary) VALUES (?, ?, ?)",
                    arguments: [Migrator.timestamp(), seeds.fingerprint, try RecordWriter.encode(summary)])
            }
            return report
        }
    }

    /// Writes the seed records that changed, each with its entry in the history (the seed file its author).
    /// A record edited or deleted through the API stays as the API left it: its seed version is kept aside for
    /// `reset`, and a change of it is reported.
    private func upsert<R: RegistryRecord>(_ records: [R], _ db: Database, tally: inout Tally, time: String) throws {
        let table = R.kind.rawValue
        for record in records {
            let key = "\(table)/\(record.id)"
            let sourceFile = seeds.sourceFile(R.kind, record.id)
            let seedData = try RecordWriter.encode(record)
            if let kept = try String.fetchOne(db, sql: "SELECT data FROM seed_override WHERE record_kind = ? AND record_id = ?",
                                              arguments: [table, record.id]) {
                if kept != seedData {
                    try keepAside(record, data: seedData, sourceFile: sourceFile, db)
                    tally.seedChangedUnderEdit.append(key)
                } else {
                    // Findings follow the checks and the fact sheets too, which may change while the record does not.
                    let findings = try storedFindings(of: key)
                    try db.execute(
                        sql: "UPDATE seed_override SET findings = ?1 WHERE record_kind = ?2 AND record_id = ?3 AND findings IS NOT ?1",
                        arguments: [findings, table, record.id])
                }
                tally.count(.keptAPIRecord, key: key)
                continue
            }
            let before = try String.fetchOne(db, sql: "SELECT served FROM \(table) WHERE id = ?", arguments: [record.id])
            let outcome = try RecordWriter.upsert(record, sourceFile: sourceFile, in: db)
            tally.count(outcome, key: key)
            switch outcome {
            case .inserted, .updated:
                let after = try StoredJSON.served(record)
                if before != after {
                    try ChangeLog.record(before == nil ? .create : .replace, kind: R.kind, id: record.id, before: before,
                                         after: after, author: sourceFile ?? "seeds", reason: nil, at: time, in: db)
                }
            case .keptAPIRecord:
                try keepAside(record, data: seedData, sourceFile: sourceFile, db)
            case .unchanged:
                break
            }
        }
    }

    private func keepAside<R: RegistryRecord>(_ record: R, data: String, sourceFile: String?, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO seed_override (record_kind, record_id, source_file, data, findings) VALUES (?, ?, ?, ?, ?)",
            arguments: [R.kind.rawValue, record.id, sourceFile, data, try storedFindings(of: "\(R.kind.rawValue)/\(record.id)")])
    }

    /// The seeds' findings of the record `kind/id` as `seed_override.findings` keeps them: a JSON array of their
    /// stored forms.
    private func storedFindings(of key: String) throws -> String {
        let findings = try seeds.findings.filter { "\($0.recordKind.rawValue)/\($0.record)" == key }.map { try RecordWriter.encode($0) }
        return "[" + findings.joined(separator: ",") + "]"
    }

    private func removeStale<R: RegistryRecord>(_ type: R.Type, time: String, keeping records: [R], _ db: Database,
                                                tally: inout Tally) throws {
        let keep = Set(records.map(\.id))
        let stored = try Row.fetchAll(db, sql: "SELECT id, served, source_file FROM \(R.kind.rawValue) WHERE origin = 'seed'")
        for row in stored {
            let id: String = row["id"]
            guard !keep.contains(id) else { continue }
            try RecordWriter.delete(kind: R.kind, id: id, in: db)
            try ChangeLog.record(.delete, kind: R.kind, id: id, before: row["served"], after: nil,
                                 author: row["source_file"] ?? "seeds", reason: nil, at: time, in: db)
            tally.deleted += 1
        }
        // The seeds no longer state these: there is no seed version to go back to.
        let overridden = try String.fetchAll(db, sql: "SELECT record_id FROM seed_override WHERE record_kind = ?",
                                             arguments: [R.kind.rawValue])
        for id in overridden where !keep.contains(id) {
            try db.execute(sql: "DELETE FROM seed_override WHERE record_kind = ? AND record_id = ?", arguments: [R.kind.rawValue, id])
        }
    }

    private func writeDocuments(_ db: Database, tally: inout Tally) throws {
        for document in seeds.documents {
            let stored = try String.fetchOne(db, sql: "SELECT sha256 || language || title || file_name || ifnull(source, '') FROM document WHERE id = ?", arguments: [document.id])
            if stored == document.sha256 + document.language + document.title + document.fileName + (document.source ?? "") {
                tally.unchanged += 1
                continue
            }
            try db.execute(
                sql: """
                    INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET file_name = excluded.file_name, language = excluded.language,
                        title = excluded.title, source = excluded.source, text = excluded.text,
                        sha256 = excluded.sha256, scalar_count = excluded.scalar_count
                    """,
                arguments: [document.id, document.fileName, document.language, document.title, document.source,
                            document.text, document.sha256, document.scalarCount])
            if stored == nil { tally.inserted += 1 } else { tally.updated += 1 }
        }
        let keep = Set(seeds.documents.map(\.id))
        // Imports own their provenance documents (`import-…`): a seed load leaves them, as it leaves API records.
        for id in try String.fetchAll(db, sql: "SELECT id FROM document WHERE id NOT LIKE 'import-%'") where !keep.contains(id) {
            try db.execute(sql: "DELETE FROM document WHERE id = ?", arguments: [id])
            tally.deleted += 1
        }
    }

    private func writePlaces(_ db: Database, tally: inout Tally) throws {
        for place in seeds.places {
            let data = try RecordWriter.encode(place)
            let stored = try String.fetchOne(db, sql: "SELECT data FROM place WHERE id = ?", arguments: [place.id])
            if stored == data {
                tally.unchanged += 1
                continue
            }
            try PlaceWriter.upsert(place, data: data, in: db)
            if stored == nil { tally.inserted += 1 } else { tally.updated += 1 }
        }
        let keep = Set(seeds.places.map(\.id))
        // NUTS regions an import put into the gazetteer (`nuts-…`) are the import's, not the seeds'.
        for id in try String.fetchAll(db, sql: "SELECT id FROM place WHERE id NOT LIKE 'nuts-%'") where !keep.contains(id) {
            try db.execute(sql: "DELETE FROM place WHERE id = ?", arguments: [id])
            tally.deleted += 1
        }
    }

    /// Replaces the findings of seed records when they differ from the stored ones; true when they did. The
    /// findings of records the API wrote or deleted follow those records, not the seeds. Only the records that
    /// have findings are looked at, so a start costs the same however many records the registry holds.
    private func writeFindings(_ db: Database) throws -> Bool {
        var ownedByAPI: [String: Bool] = [:]
        /// Whether the API wrote the record, or edited or deleted a seed record (its seed version kept aside).
        func isOwnedByAPI(_ kind: String, _ id: String) throws -> Bool {
            let key = kind + "/" + id
            if let known = ownedByAPI[key] { return known }
            guard RecordKind(rawValue: kind) != nil else { return false }
            let owned = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM \(kind) WHERE id = ?1 AND origin = 'api')
                    OR EXISTS (SELECT 1 FROM seed_override WHERE record_kind = ?2 AND record_id = ?1)
                """, arguments: [id, kind]) ?? false
            ownedByAPI[key] = owned
            return owned
        }
        let encoded = try seeds.findings.filter { try !isOwnedByAPI($0.recordKind.rawValue, $0.record) }
            .map { ($0, try RecordWriter.encode($0)) }
        var stored: [(id: String, data: String)] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, record_kind, record_id, data FROM quality_finding") {
            if try !isOwnedByAPI(row["record_kind"], row["record_id"]) { stored.append((row["id"], row["data"])) }
        }
        guard Set(stored.map(\.data)) != Set(encoded.map(\.1)) else { return false }
        for finding in stored { try db.execute(sql: "DELETE FROM quality_finding WHERE id = ?", arguments: [finding.id]) }
        for (finding, data) in encoded { try FindingWriter.insert(finding, data: data, in: db) }
        return true
    }
}
