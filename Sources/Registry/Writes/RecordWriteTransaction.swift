import Foundation
import JSONOutput

/// One API write inside the writer's transaction, on either engine (`statements`): what a create, replace, merge
/// patch, delete or reset of a record changes, with everything derived from it (links, search entries, findings,
/// the history entry), and what it refuses.
struct RecordWriteTransaction<Statements: RecordWriteStatements> {
    let kind: RecordKind
    let statements: Statements
    let author: String
    let reason: String?
    let expecting: String?

    func apply<R: RegistryRecord>(_ write: RecordWrite, as type: R.Type) throws -> WriteResult {
        switch write {
        case .create(let body):
            let members = try object(body)
            let id = try newID(members)
            if try statements.stored(kind, id: id) != nil { throw WriteError.idTaken(kind, id) }
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

    /// The stored record the write changes, checked against the version the client expects.
    private func current(_ id: String) throws -> StoredRow {
        guard let stored = try statements.stored(kind, id: id) else { throw WriteError.notFound(kind, id) }
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
            let problems = try RecordValidator.problems(of: body, kind: kind, lookup: statements.lookup)
            throw WriteError.invalid(problems.isEmpty
                ? [FieldProblem(pointer: "/id", reason: "cannot be made from the name; give an id")] : problems)
        }
        return Slug.make(text)
    }

    private func save<R: RegistryRecord>(_ type: R.Type, _ body: [String: JSONValue], id: String, operation: ChangeOperation,
                                         previous: StoredRow?) throws -> WriteResult {
        var record = try ValidatedRecord.decode(R.self, kind: kind, id: id, body: body, lookup: statements.lookup,
                                     decoder: RecordWriter.decoder())
        if let previous {
            // The record as it is stored already (a client that puts back what it read) is no change, and
            // leaves a seed record a seed record.
            record.origin = Origin(rawValue: previous.origin) ?? .api
            if try RecordWriter.encode(record) == previous.data { return WriteResult(id: id, change: nil, served: previous.served) }
            try statements.keepSeedVersion(kind, id, of: previous)
        }
        record.origin = .api
        let forms = try StoredJSON.storedForms(record)
        let outcome = try statements.upsert(record, forms: forms, sourceFile: nil, existing: previous)
        let after = forms.served
        if outcome == .unchanged || previous?.served == after {
            return WriteResult(id: id, change: nil, served: after)
        }
        try checkReferences("The change would leave a reference dangling")
        // A record that was not there has no search entries or findings to replace.
        try statements.index(record, replacing: previous != nil)
        try statements.refreshFindings(of: record, replacing: previous != nil)
        let change = try statements.recordChange(operation, kind: kind, id: id, before: previous?.served, after: after,
                                                 author: author, reason: reason, at: ChangeLog.timestamp())
        return WriteResult(id: id, change: change, served: after)
    }

    private func delete(_ id: String, previous: StoredRow) throws -> WriteResult {
        let references = try statements.references(to: kind, id: id)
        guard references.isEmpty else { throw WriteError.referenced(kind, id, references) }
        try statements.keepSeedVersion(kind, id, of: previous)
        try statements.delete(kind, id: id)
        try checkReferences("The change would leave a reference dangling")
        try statements.removeFromIndex(kind, id: id)
        try statements.removeFindings(kind, id: id)
        let change = try statements.recordChange(.delete, kind: kind, id: id, before: previous.served, after: nil,
                                                 author: author, reason: reason, at: ChangeLog.timestamp())
        return WriteResult(id: id, change: change, served: nil)
    }

    private func reset<R: RegistryRecord>(_ type: R.Type, _ id: String) throws -> WriteResult {
        let previous = try statements.stored(kind, id: id)
        if let expecting, expecting != previous?.served { throw WriteError.stale(kind, id) }
        guard let seed = try statements.seedVersion(kind, id: id) else {
            guard let previous, previous.origin == Origin.seed.rawValue else { throw WriteError.noSeedVersion(kind, id) }
            // A seed record never edited is its seed version already.
            return WriteResult(id: id, change: nil, served: previous.served)
        }
        var record = try RegistryStore.decode(R.self, from: seed.data)
        record.origin = .seed
        // The writer keeps an API row from seed versions; this is the one place a seed version replaces one.
        try statements.delete(kind, id: id)
        let forms = try StoredJSON.storedForms(record)
        _ = try statements.upsert(record, forms: forms, sourceFile: seed.sourceFile, existing: nil)
        try statements.removeSeedVersion(kind, id: id)
        try checkReferences("The seeds' version of \(kind.rawValue) `\(id)` refers to a record that no longer exists")
        try statements.index(record, replacing: previous != nil)
        // The seeds' findings include what only the fact sheet tells; recomputing would lose those.
        if let findings = seed.findings {
            try statements.removeFindings(kind, id: id)
            for finding in try RegistryStore.decode([QualityFinding].self, from: findings) {
                try statements.insertFinding(finding, data: try RecordWriter.encode(finding))
            }
        } else {
            try statements.refreshFindings(of: record, replacing: true)
        }
        let change = try statements.recordChange(.reset, kind: kind, id: id, before: previous?.served, after: forms.served,
                                                 author: author, reason: reason, at: ChangeLog.timestamp())
        return WriteResult(id: id, change: change, served: forms.served)
    }

    /// Refuses the write when it leaves a reference the schema guards dangling; `context` says which.
    private func checkReferences(_ context: String) throws {
        if let dangling = try statements.danglingReference() {
            throw WriteError.brokenReference("\(context): \(dangling)")
        }
    }
}
