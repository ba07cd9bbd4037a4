import Foundation
import GRDB
import JSONOutput

extension RegistryStore {
    /// Makes one change of a record of `kind` through the API, in one transaction with everything that derives
    /// from it: the record in its served form, its links, its search entries and findings, and the history entry
    /// (`author`, `reason`). Whoever registered with ``changes`` hears of it before this returns.
    ///
    /// - Parameter expecting: the record as served in the version the client based its change on (its `If-Match`);
    ///   when the stored record differs, the write is refused as ``WriteError/stale(_:_:)``.
    /// - Throws: ``WriteError``, or ``StorageFault`` when the database cannot take writes; nothing is written then.
    public func write(_ kind: RecordKind, _ write: RecordWrite, author: String, reason: String?,
                      expecting: String? = nil) throws -> WriteResult {
        try guardedWrite { db in
            try RecordWriteTransaction(kind: kind, db: db, author: author, reason: reason, expecting: expecting)
                .apply(write, as: kind.recordType)
        }
    }

    /// What is wrong with `body` as a record of `kind`, as a write would find it, without writing: lets a route
    /// refuse a body that is no valid record before it compares `If-Match`, which only a valid one gets to.
    public func problems(of body: JSONValue, kind: RecordKind) throws -> [FieldProblem] {
        guard case .object(let members) = body else { return [FieldProblem(pointer: "", reason: "must be a JSON object")] }
        return try read { db in try RecordValidator.problems(of: members, kind: kind, lookup: RecordLookup(db: db)) }
    }

    /// Whether the record has a seed version that `reset` would put back.
    public func hasSeedVersion(_ kind: RecordKind, id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM seed_override WHERE record_kind = ? AND record_id = ?)",
                              arguments: [kind.rawValue, id]) ?? false
        }
    }
}

/// One API write inside the writer's transaction; an import makes many of them in its own transaction.
struct RecordWriteTransaction {
    let kind: RecordKind
    let db: Database
    let author: String
    let reason: String?
    let expecting: String?
    /// Evidence added after validation: an import's provenance, which points into the import's own document,
    /// written only when the import ends (its offsets are the import's to give).
    var provenance: [Evidence] = []
    /// The gazetteer places, read once by an import rather than at each record's search entry.
    var places: [String: Place]? = nil
    /// Whether each write checks every foreign key; an import checks once, after its document is written.
    var checksReferencesEachWrite = true
    /// Whether each write records its own entry in the history; an import records one entry for all its writes.
    var recordsEachChange = true

    /// The stored row of a record.
    struct Stored {
        var origin: String
        var data: String
        var served: String
        var sourceFile: String?
    }

    func apply<R: RegistryRecord>(_ write: RecordWrite, as type: R.Type) throws -> WriteResult {
        switch write {
        case .create(let body):
            let members = try object(body)
            let id = try newID(members)
            if try stored(id) != nil { throw WriteError.idTaken(kind, id) }
            return try save(R.self, members, id: id, operation: .create, previous: nil)
        case .replace(let id, let body):
            let previous = try current(id)
            return try save(R.self, try object(body), id: id, operation: .replace, previous: previous)
        case .update(let id, let patch):
            let previous = try current(id)
            let patched = JSONMergePatch.apply(patch, to: try JSONValue(parsing: Array(previous.served.utf8)))
            return try save(R.self, try object(patched), id: id, operation: .update, previous: previous)
        case .delete(let id):
            return try delete(id, previous: try current(id))
        case .reset(let id):
            return try reset(R.self, id)
        }
    }

    private func object(_ body: JSONValue) throws -> [String: JSONValue] {
        guard case .object(let members) = body else {
            throw WriteError.invalid([FieldProblem(pointer: "", reason: "must be a JSON object")])
        }
        return members
    }

    func stored(_ id: String) throws -> Stored? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT origin, data, served, source_file FROM \(kind.rawValue) WHERE id = ?"), arguments: [id]).map {
            Stored(origin: $0["origin"], data: $0["data"], served: $0["served"], sourceFile: $0["source_file"])
        }
    }

    /// The stored record the write changes, checked against the version the client expects.
    private func current(_ id: String) throws -> Stored {
        guard let stored = try stored(id) else { throw WriteError.notFound(kind, id) }
        if let expecting, expecting != stored.served { throw WriteError.stale(kind, id) }
        return stored
    }

    /// The id of a new record: the body's, or the slug of its name.
    private func newID(_ body: [String: JSONValue]) throws -> String {
        if case .string(let id)? = body["id"] { return id }
        let name: JSONValue? = switch kind {
        case .theme: if case .object(let labels)? = body["labels"] { labels["en"] } else { nil }
        case .project: body["acronym"].flatMap { $0 == .null ? nil : $0 } ?? body["title"]
        default: body["name"]
        }
        guard case .string(let text)? = name, !Slug.make(text).isEmpty else {
            // Validation names what is missing; the id follows once the name is there.
            let problems = try RecordValidator.problems(of: body, kind: kind, lookup: RecordLookup(db: db))
            throw WriteError.invalid(problems.isEmpty
                ? [FieldProblem(pointer: "/id", reason: "cannot be made from the name; give an id")] : problems)
        }
        return Slug.make(text)
    }

    func save<R: RegistryRecord>(_ type: R.Type, _ body: [String: JSONValue], id: String, operation: ChangeOperation,
                                         previous: Stored?) throws -> WriteResult {
        var record = try Self.record(R.self, kind: kind, id: id, body: body, lookup: RecordLookup(db: db),
                                     decoder: RecordWriter.decoder())
        record.evidence += provenance
        if let previous {
            // The record as it is stored already (a client that puts back what it read) is no change, and
            // leaves a seed record a seed record.
            record.origin = Origin(rawValue: previous.origin) ?? .api
            if try RecordWriter.encode(record) == previous.data { return WriteResult(id: id, change: nil, served: previous.served) }
            try keepSeedVersion(id, previous)
        }
        record.origin = .api
        let forms = try StoredJSON.storedForms(record)
        let outcome = try RecordWriter.upsert(record, forms: forms, sourceFile: nil, in: db)
        let after = forms.served
        if outcome == .unchanged || previous?.served == after {
            return WriteResult(id: id, change: nil, served: after)
        }
        if checksReferencesEachWrite { try checkReferences() }
        // A record that was not there has no search entries or findings to replace.
        try SearchIndex.update(record, db, places: places ?? SearchIndex.placesByID(db), replacing: previous != nil)
        try FindingWriter.refresh(record, replacing: previous != nil, in: db)
        guard recordsEachChange else { return WriteResult(id: id, change: nil, served: after, changed: true) }
        let change = try ChangeLog.record(operation, kind: kind, id: id, before: previous?.served, after: after,
                                          author: author, reason: reason, in: db)
        return WriteResult(id: id, change: change, served: after)
    }

    /// The record `body` makes as the record `id` of `kind`, as every write checks it (API writes and imports
    /// alike): validated, its `id` member the record's own or absent, decoded, and its evidence located in its
    /// documents. Throws ``WriteError/invalid(_:)`` listing every problem.
    static func record<R: RegistryRecord>(_ type: R.Type, kind: RecordKind, id: String, body: [String: JSONValue],
                                          lookup: any RegistryLookup, decoder: JSONDecoder) throws -> R {
        var problems = try RecordValidator.problems(of: body, kind: kind, lookup: lookup)
        if case .string(let given)? = body["id"] {
            if !Slug.isValid(given) {
                problems.insert(FieldProblem(pointer: "/id", reason: "`\(given)` is not a slug (lowercase ASCII letters and digits joined by single hyphens); try `\(Slug.make(given))`"), at: 0)
            } else if given != id {
                problems.insert(FieldProblem(pointer: "/id", reason: "is `\(given)` but the record is `\(id)`; an id cannot be changed"), at: 0)
            }
        } else if let given = body["id"], given != .null {
            problems.insert(FieldProblem(pointer: "/id", reason: "must be a string"), at: 0)
        }
        guard problems.isEmpty else { throw WriteError.invalid(problems) }

        var members = body
        members["id"] = .string(id)
        members["origin"] = nil
        var record: R
        do {
            record = try decoder.decode(R.self, from: Data(JSONValue.object(members).bytes))
        } catch {
            throw WriteError.invalid([FieldProblem(pointer: "", reason: "cannot be read as \(kind.rawValue): \(error)")])
        }
        record.evidence = try record.evidence.map { evidence in
            // Validation found every quote, so each is located.
            guard let text = try lookup.documentText(evidence.document) else {
                throw WriteError.invalid([FieldProblem(pointer: "/evidence", reason: "a passage names no source document")])
            }
            let locator = EvidenceLocator(text: text)
            // Offsets that point at the quote stay (a quote may occur more than once); others are recomputed.
            if evidence.end > evidence.start, locator.text(in: evidence.start..<evidence.end) == evidence.quote { return evidence }
            guard let located = locator.locate(evidence.quote) else {
                throw WriteError.invalid([FieldProblem(pointer: "/evidence", reason: "a quote does not occur in its document")])
            }
            return Evidence(field: evidence.field, document: evidence.document, quote: evidence.quote,
                            start: located.lowerBound, end: located.upperBound)
        }
        return record
    }

    private func delete(_ id: String, previous: Stored) throws -> WriteResult {
        let references = try String.fetchAll(db, sql: """
            SELECT DISTINCT record_kind || '/' || record_id || ' (' || relation || ')' FROM record_related
            WHERE target_kind = ? AND target_id = ? AND NOT (record_kind = ? AND record_id = ?)
            ORDER BY 1
            """, arguments: [kind.rawValue, id, kind.rawValue, id])
            + (kind == .organisation ? try governanceReferences(to: id) : [])
        guard references.isEmpty else { throw WriteError.referenced(kind, id, references) }
        try keepSeedVersion(id, previous)
        try RecordWriter.delete(kind: kind, id: id, in: db)
        try checkReferences()
        try SearchIndex.remove(kind, id: id, db)
        try FindingWriter.remove(kind, id: id, in: db)
        let change = try ChangeLog.record(.delete, kind: kind, id: id, before: previous.served, after: nil,
                                          author: author, reason: reason, in: db)
        return WriteResult(id: id, change: change, served: nil)
    }

    /// The partnerships whose governance bodies name the organisation `id` as a member or a venue: references
    /// that neither a foreign key nor `record_related` holds.
    private func governanceReferences(to id: String) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT DISTINCT 'partnership/' || p.id || ' (governance)' FROM partnership AS p, json_each(p.data, '$.governance') AS body,
                json_each(body.value, '$.members') AS member WHERE member.value = ?1
            UNION
            SELECT DISTINCT 'partnership/' || p.id || ' (governance)' FROM partnership AS p, json_each(p.data, '$.governance') AS body,
                json_each(body.value, '$.venues') AS venue WHERE venue.value = ?1
            ORDER BY 1
            """, arguments: [id])
    }

    private func reset<R: RegistryRecord>(_ type: R.Type, _ id: String) throws -> WriteResult {
        let previous = try stored(id)
        if let expecting, expecting != previous?.served { throw WriteError.stale(kind, id) }
        guard let seed = try Row.fetchOne(db, sql: "SELECT data, source_file, findings FROM seed_override WHERE record_kind = ? AND record_id = ?",
                                          arguments: [kind.rawValue, id]) else {
            guard let previous, previous.origin == Origin.seed.rawValue else { throw WriteError.noSeedVersion(kind, id) }
            // A seed record never edited is its seed version already.
            return WriteResult(id: id, change: nil, served: previous.served)
        }
        let data: String = seed["data"]
        var record = try RegistryStore.decode(R.self, from: data)
        record.origin = .seed
        // The writer keeps an API row from seed versions; this is the one place a seed version replaces one.
        try RecordWriter.delete(kind: kind, id: id, in: db)
        _ = try RecordWriter.upsert(record, sourceFile: seed["source_file"], in: db)
        try db.execute(sql: "DELETE FROM seed_override WHERE record_kind = ? AND record_id = ?", arguments: [kind.rawValue, id])
        do {
            try db.checkForeignKeys()
        } catch let error as DatabaseError {
            throw WriteError.brokenReference(
                "The seeds' version of \(kind.rawValue) `\(id)` refers to a record that no longer exists: \(error.message ?? "\(error)")")
        }
        try SearchIndex.update(record, db)
        // The seeds' findings include what only the fact sheet tells; recomputing would lose those.
        if let findings: String = seed["findings"] {
            try FindingWriter.replace(kind, id: id, withStored: findings, in: db)
        } else {
            try FindingWriter.refresh(record, in: db)
        }
        let after = try StoredJSON.served(record)
        let change = try ChangeLog.record(.reset, kind: kind, id: id, before: previous?.served, after: after,
                                          author: author, reason: reason, in: db)
        return WriteResult(id: id, change: change, served: after)
    }

    /// Keeps the seeds' version of a seed record, and the findings the seed load gave it, before the API first
    /// changes it, for `reset` and for the seed loader, which leaves the record as the API left it from then on.
    private func keepSeedVersion(_ id: String, _ stored: Stored) throws {
        try Self.keepSeedVersion(kind, id, origin: stored.origin, data: stored.data, sourceFile: stored.sourceFile, in: db)
    }

    /// Keeps the seeds' version of the record `kind/id` as stored (`origin`, `data`, `sourceFile`) when it is a
    /// seed record, with its findings, unless a version is kept already: what any first change of it, through the
    /// API or an import, leaves for `reset`.
    static func keepSeedVersion(_ kind: RecordKind, _ id: String, origin: String, data: String, sourceFile: String?,
                                in db: Database) throws {
        guard origin == Origin.seed.rawValue else { return }
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO seed_override (record_kind, record_id, source_file, data, findings)
                VALUES (?1, ?2, ?3, ?4, (SELECT json_group_array(json(data)) FROM quality_finding WHERE record_kind = ?1 AND record_id = ?2))
                """,
            arguments: [kind.rawValue, id, sourceFile, data])
    }

    /// Refuses the write when it leaves a reference the schema guards dangling.
    private func checkReferences() throws {
        do {
            try db.checkForeignKeys()
        } catch let error as DatabaseError {
            throw WriteError.brokenReference("The change would leave a reference dangling: \(error.message ?? "\(error)")")
        }
    }
}
