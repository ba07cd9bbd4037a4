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
            try writeDocuments(db, tally: &tally)
            try writePlaces(db, tally: &tally)
            try upsert(seeds.themes, db, tally: &tally)
            try upsert(seeds.organisations, db, tally: &tally)
            try upsert(seeds.regions, db, tally: &tally)
            try upsert(seeds.programmes, db, tally: &tally)
            try upsert(seeds.partnerships, db, tally: &tally)
            try upsert(seeds.projects, db, tally: &tally)
            try upsert(seeds.people, db, tally: &tally)
            try removeStale(Person.self, keeping: seeds.people, db, tally: &tally)
            try removeStale(Project.self, keeping: seeds.projects, db, tally: &tally)
            try removeStale(Partnership.self, keeping: seeds.partnerships, db, tally: &tally)
            try removeStale(Programme.self, keeping: seeds.programmes, db, tally: &tally)
            try removeStale(Region.self, keeping: seeds.regions, db, tally: &tally)
            try removeStale(Organisation.self, keeping: seeds.organisations, db, tally: &tally)
            try removeStale(Theme.self, keeping: seeds.themes, db, tally: &tally)
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
            let report = SeedLoadReport(
                counts: Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0.plural, seeds.count(of: $0)) }),
                documents: seeds.documents.count, places: seeds.places.count, evidence: seeds.evidenceCount,
                inserted: tally.inserted, updated: tally.updated, unchanged: tally.unchanged, deleted: tally.deleted,
                keptAPIRecords: tally.kept, findings: seeds.findings, changed: changed, fingerprint: seeds.fingerprint)
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

    private func upsert<R: RegistryRecord>(_ records: [R], _ db: Database, tally: inout Tally) throws {
        for record in records {
            let outcome = try RecordWriter.upsert(record, sourceFile: seeds.sourceFile(R.kind, record.id), in: db)
            tally.count(outcome, key: "\(R.kind.rawValue)/\(record.id)")
        }
    }

    private func removeStale<R: RegistryRecord>(_ type: R.Type, keeping records: [R], _ db: Database, tally: inout Tally) throws {
        let keep = Set(records.map(\.id))
        let stored = try String.fetchAll(db, sql: "SELECT id FROM \(R.kind.rawValue) WHERE origin = 'seed'")
        for id in stored where !keep.contains(id) {
            try RecordWriter.delete(kind: R.kind, id: id, in: db)
            tally.deleted += 1
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
        for id in try String.fetchAll(db, sql: "SELECT id FROM document") where !keep.contains(id) {
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
            try db.execute(
                sql: """
                    INSERT INTO place (id, kind, country, nuts, within, data) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, country = excluded.country, nuts = excluded.nuts,
                        within = excluded.within, data = excluded.data
                    """,
                arguments: [place.id, place.kind, place.country, place.nuts, place.within, data])
            try db.execute(sql: "DELETE FROM place_name WHERE place_id = ?", arguments: [place.id])
            for (language, name) in place.names.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT OR IGNORE INTO place_name (place_id, name, language) VALUES (?, ?, ?)",
                               arguments: [place.id, name, language])
            }
            for alias in place.aliases {
                try db.execute(sql: "INSERT OR IGNORE INTO place_name (place_id, name, language) VALUES (?, ?, NULL)",
                               arguments: [place.id, alias])
            }
            if stored == nil { tally.inserted += 1 } else { tally.updated += 1 }
        }
        let keep = Set(seeds.places.map(\.id))
        for id in try String.fetchAll(db, sql: "SELECT id FROM place") where !keep.contains(id) {
            try db.execute(sql: "DELETE FROM place WHERE id = ?", arguments: [id])
            tally.deleted += 1
        }
    }

    /// Replaces the findings when they differ from the stored ones; true when they did.
    private func writeFindings(_ db: Database) throws -> Bool {
        let encoded = try seeds.findings.map { ($0, try RecordWriter.encode($0)) }
        let stored = Set(try String.fetchAll(db, sql: "SELECT data FROM quality_finding"))
        guard stored != Set(encoded.map(\.1)) else { return false }
        try db.execute(sql: "DELETE FROM quality_finding")
        for (finding, data) in encoded {
            try db.execute(
                sql: """
                    INSERT INTO quality_finding (id, record_kind, record_id, check_name, severity, field, declared, computed, message, data, served)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [finding.id, finding.recordKind.rawValue, finding.record, finding.check.rawValue,
                            finding.severity.rawValue, finding.field, finding.declared, finding.computed, finding.message, data,
                            try StoredJSON.served(fromStored: data)])
        }
        return true
    }
}
