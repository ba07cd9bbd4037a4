import Foundation
import Import
import JSONOutput
import Registry

/// Imports files into the registry by mappings: rows stream through, become records, are validated and written
/// through the API's write path in one transaction (all or nothing unless `skipInvalid`), each record carrying the
/// evidence of the rows it comes from. Natural keys make a second import of the same file change nothing.
///
/// Several files go in one transaction, in the order given, each with its own report, provenance document and
/// entry in the history. A row may name records that a later row or file makes (records of a kind that name
/// each other, or kinds that do); what still names no record once every file is read rejects its row.
public struct Importer {
    public var mapping: ImportMapping
    /// Report what would happen, write nothing.
    public var dryRun = false
    /// Import the valid rows and report the others, instead of rejecting the whole file.
    public var skipInvalid = false
    /// Keep every row's outcome in the report (a dry run's listing).
    public var listRows = false
    /// Where each row's outcome goes as it is decided, instead of into the report (a dry run's listing of a file of
    /// any size); `listRows` is then not needed.
    public var rowListing: (any RowListing)?
    /// The file's encoding, overriding detection and the mapping.
    public var encoding: TextEncoding?
    /// The author of the import's changes in the history.
    public var author = "import"
    /// Called every `progressInterval` rows with the rows read so far (of the file being read).
    public var progress: ((Int) -> Void)?
    public var progressInterval = 1000

    public init(mapping: ImportMapping) {
        self.mapping = mapping
    }

    /// A file to import and the mapping that reads it.
    public struct File {
        public let input: ImportInput
        public let mapping: ImportMapping

        public init(_ input: ImportInput, mapping: ImportMapping) {
            self.input = input
            self.mapping = mapping
        }
    }

    /// Imports `input` by ``mapping``.
    public func run(_ input: ImportInput, into store: some ImportTarget) throws(ImportFailure) -> ImportReport {
        let reports = try run([File(input, mapping: mapping)], into: store)
        guard let report = reports.first else { preconditionFailure("an import of one file reports on it") }
        return report
    }

    /// Imports `files` in one transaction, in order; returns a report for each.
    public func run(_ files: [File], into store: some ImportTarget) throws(ImportFailure) -> [ImportReport] {
        // Rows found to name records that no file made, by file: with `skipInvalid` the import runs again
        // without them (the transaction that wrote them was rolled back), which may leave other rows naming
        // records only those rows made, until none does.
        var excluded: [Int: [SourceLocation: String]] = [:]
        while true {
            do {
                return try runOnce(files, excluding: excluded, into: store)
            } catch let rerun as DanglingRows {
                var grew = false
                for (file, rows) in rerun.rows {
                    for row in rows where excluded[file]?[row.location] == nil {
                        excluded[file, default: [:]][row.location] = row.reason ?? ""
                        grew = true
                    }
                }
                guard grew else {
                    let name = rerun.rows.keys.min().map { files[$0].input.name } ?? ""
                    throw .inconsistent(file: name, reason: "rows that name records no file makes remain after leaving them out")
                }
            } catch let failure as ImportFailure {
                throw failure
            } catch let error as ImportError {
                throw .input(error)
            } catch let error as WriteError {
                throw .inconsistent(file: files.first?.input.name ?? "", reason: error.description)
            } catch {
                throw .inconsistent(file: files.first?.input.name ?? "", reason: "\(error)")
            }
        }
    }

    /// Rows that name records no file made, by file: thrown out of the transaction to run the import again
    /// without them.
    private struct DanglingRows: Error {
        var rows: [Int: [RowOutcome]]
    }

    private func runOnce(_ files: [File], excluding excluded: [Int: [SourceLocation: String]],
                         into store: some ImportTarget) throws -> [ImportReport] {
        try rowListing?.restart()
        return try store.importing(dryRun: dryRun, author: author) { session in
            var reports: [ImportReport] = []
            var deferred: [(file: Int, location: SourceLocation, references: [DeferredReference])] = []
            for (index, file) in files.enumerated() {
                let input = file.input
                try session.beginFile(input.name, sha256: input.sha256, mapping: file.mapping.name, mappingDigest: file.mapping.digest,
                                      reason: "import of \(input.name) (SHA-256 \(input.sha256)) with the mapping \(file.mapping.name)")
                var run = ImportRun(importer: self, file: index, input: input, mapping: file.mapping, excluded: excluded[index] ?? [:])
                try run.readRows(&session)
                reports.append(try run.finish(&session))
                deferred += run.deferred.map { (index, $0.location, $0.references) }
            }
            // Each row whose references still name nothing is rejected, in the order the rows were read.
            var dangling: [Int: [RowOutcome]] = [:]
            for (file, location, references) in deferred {
                var problems: [FieldProblem] = []
                for reference in references where try !session.exists(reference.kind, id: reference.id) && !problems.contains(reference.problem) {
                    problems.append(reference.problem)
                }
                guard !problems.isEmpty else { continue }
                dangling[file, default: []].append(RowOutcome(location: location, status: .rejected, records: [],
                                                              reason: WriteError.invalid(problems).description))
            }
            if dangling.isEmpty { return reports }
            if skipInvalid { throw DanglingRows(rows: dangling) }
            guard let first = dangling.keys.min(), let rows = dangling[first] else { return reports }
            throw ImportFailure.rejected(file: files[first].input.name, rows: rows)
        }
    }
}

/// The state of one import while its rows stream by.
private struct ImportRun {
    let importer: Importer
    /// The file's number among the import's files.
    let file: Int
    let input: ImportInput
    let mapping: ImportMapping
    /// Rows to reject as they are read, with the reason: rows a run before found to name records no file made.
    let excluded: [SourceLocation: String]
    /// References of the rows written to records that were not there, for the importer to check at the end.
    var deferred: [(location: SourceLocation, references: [DeferredReference])] = []
    var report: ImportReport
    // Natural keys seen in this import and the ids they found or made (`organisation|["Foo AB","SE"]`), the ids
    // this import made (for telling whether an id is free), and the records it touched with a hash of their served
    // form then, are kept by the session in the import's scratch database (``ImportSession/knownID(forKey:)``),
    // so that memory does not grow with the file.
    /// The registry's records by their natural key, read once per kind and key: when no index serves the key
    /// (``NaturalKeyProbe``), or once the lookups through an index have cost about as much as reading them.
    var keyIndex: [String: [[String?]: String]] = [:]
    /// Lookups through an index left, by kind and key, before the records are read instead (``keyIndex``).
    var probesLeft: [String: Int] = [:]
    /// Records the current row wrote, with the hash of their served form before (nil when they were not there),
    /// noted in the session once the row is done: a rejected row's savepoint must not undo them.
    var rowTouched: [(label: String, beforeHash: Int?)] = []
    /// Gazetteer places this import wrote, with what their first write did.
    var places: [String: ImportSession.Outcome] = [:]
    /// The registry's records of each kind when this file first needed their number, counted once: the budget of
    /// lookups through an index (``probesLeft``), and whether the kind was empty, when an id this import did not
    /// make is free without asking the registry (on PostgreSQL a round trip a row).
    var recordCounts: [RecordKind: Int] = [:]
    /// The fields the mapping's records of each kind are keyed by: a change of one is written at once, for the
    /// next row's lookup by key to find it (``ImportSession/save(_:id:body:provenance:previous:mayHold:)``).
    let keyFields: [RecordKind: Set<String>]

    init(importer: Importer, file: Int, input: ImportInput, mapping: ImportMapping, excluded: [SourceLocation: String]) {
        self.importer = importer
        self.file = file
        self.input = input
        self.mapping = mapping
        self.excluded = excluded
        var keyFields: [RecordKind: Set<String>] = [:]
        for record in mapping.records {
            if case .record(let kind) = record.target { keyFields[kind, default: []].formUnion(record.key) }
        }
        self.keyFields = keyFields
        report = ImportReport(file: input.name, sha256: input.sha256, mapping: mapping.name, dryRun: importer.dryRun)
    }

    /// A record of the row, evaluated: where it goes and what it says.
    struct Planned {
        var mapping: RecordMapping
        var id: String
        var values: [String: JSONValue]
        /// Fields whose lists add to the record's instead of replacing them.
        var appended: Set<String>
        var keyName: String?
        /// Whether the id is new and free (no record has it, no row of this import made it): the write need not
        /// read the record first.
        var fresh = false
    }

    mutating func readRows(_ session: inout ImportSession) throws {
        var warnings: [ImportWarning] = []
        try RowReader(input: input, mapping: mapping, encoding: importer.encoding).forEach(warnings: &warnings) { row in
            try self.read(row, &session)
        }
        report.warnings = warnings
    }

    private mutating func read(_ row: ImportRow, _ session: inout ImportSession) throws {
        report.rowsRead += 1
        if report.rowsRead % importer.progressInterval == 0 { importer.progress?(report.rowsRead) }
        for filter in mapping.filters {
            let text = row.text(filter.field)
            let passes = filter.values.map { values in text.map { values.contains($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? false }
                ?? !mapping.missing.isMissing(text)
            if !passes {
                report.rowsSkipped += 1
                try list(RowOutcome(location: row.location, status: .skipped, records: [],
                                    reason: "`\(filter.field)` is \(text.map { "\"\($0)\"" } ?? "missing")"))
                return
            }
        }
        var evaluator = ValueEvaluator(row: row, missing: mapping.missing, nutsCode: session.nutsCodeByName)
        var planned: [Planned] = []
        var newIDs: [String: String] = [:]
        var problem: RowProblem?
        do {
            for record in mapping.records {
                if let plan = try plan(record, &evaluator, session, newIDs: &newIDs) { planned.append(plan) }
            }
        } catch let error as RowProblem {
            problem = error
        }
        // Every row read is a line of the provenance document, rejected ones too, so that the document depends only
        // on the file and the mapping.
        let evidence = try session.provenance(evaluator.provenanceLine())
        if let problem {
            return try reject(row, problem.location, problem.reason)
        }
        if let reason = excluded[row.location] {
            return try reject(row, row.location, reason)
        }
        _ = session.takeDeferredReferences()
        do {
            // A rejected row must leave nothing behind when the import goes on (`skipInvalid`) or reports what each
            // row would do (a dry run); a row of one record writes nothing when it is rejected (validation comes
            // first), and without either flag a rejected row fails the whole import anyway.
            let outcomes: [String]
            if planned.count > 1 || importer.skipInvalid || importer.dryRun {
                outcomes = try session.savepoint { session throws -> [String] in
                    try planned.map { try write($0, evidence: evidence, &session) }
                }
            } else {
                outcomes = try planned.map { try write($0, evidence: evidence, &session) }
            }
            try noteTouched(&session)
            try session.remember(ids: newIDs)
            try session.rowImported()
            let references = session.takeDeferredReferences()
            if !references.isEmpty { deferred.append((row.location, references)) }
            try list(RowOutcome(location: row.location, status: .imported, records: outcomes, reason: nil))
        } catch let error as WriteError {
            try noteTouched(&session)
            try reject(row, row.location, error.description)
        }
    }

    /// Lists a row's outcome where the importer asks (``Importer/rowListing``, ``Importer/listRows``).
    private mutating func list(_ outcome: RowOutcome) throws {
        if let listing = importer.rowListing {
            try listing.list(outcome, file: file)
        } else if importer.listRows {
            report.rows.append(outcome)
        }
    }

    /// Notes the records the row wrote (or tried to: a record that existed counts as unchanged when only a rejected
    /// row wrote it).
    private mutating func noteTouched(_ session: inout ImportSession) throws {
        for (label, hash) in rowTouched { try session.noteTouched(label, beforeHash: hash) }
        rowTouched.removeAll(keepingCapacity: true)
    }

    private mutating func reject(_ row: ImportRow, _ location: SourceLocation, _ reason: String) throws {
        let outcome = RowOutcome(location: location, status: .rejected, records: [], reason: reason)
        report.reject(outcome)
        try list(outcome)
        // Without --skip-invalid the whole import fails, but every row is read first so that all problems are told.
        if report.rejectedCount >= ImportReport.keptRejections && !importer.skipInvalid {
            throw ImportFailure.rejected(file: input.name, rows: report.rejected)
        }
    }

    /// Evaluates a record of the row and finds its id: the `id` field, a record with the same natural key, or a new id.
    private mutating func plan(_ record: RecordMapping, _ evaluator: inout ValueEvaluator, _ session: ImportSession,
                      newIDs: inout [String: String]) throws -> Planned? {
        var values: [String: JSONValue] = [:]
        var appended: Set<String> = []
        for (name, spec) in record.fields {
            if let value = try evaluator.value(spec, name: "\(record.name).\(name)") { values[name] = value }
            if spec.append { appended.insert(name) }
        }
        let kindName: String
        switch record.target {
        case .place:
            kindName = "place"
        case .record(let kind):
            kindName = kind.rawValue
        }
        let keyValues = record.key.map { values[$0] }
        let given = values["id"].flatMap { if case .string(let id) = $0 { Slug.make(id) } else { nil } }
        if given == nil && (keyValues.contains { $0 == nil } || record.target == .place && values["nuts"] == nil) {
            if record.optional { return nil }
            let absent = record.key.filter { values[$0] == nil }
            throw RowProblem(location: evaluator.row.location, reason: "\(record.name): the key " + absent.map { "`\($0)`" }.joined(separator: ", ") + " is missing")
        }
        guard case .record(let kind) = record.target else {
            return Planned(mapping: record, id: "", values: values, appended: [], keyName: nil)
        }
        let keyText = kindName + "|" + String(decoding: JSONValue.array(keyValues.map { $0 ?? .null }).bytes, as: UTF8.self)
        let id: String
        var fresh = false
        if let given {
            id = given
        } else if let known = try session.knownID(forKey: keyText) ?? newIDs[keyText] {
            id = known
        } else if let found = try existingID(kind, fields: record.key, values: keyValues.map { Self.keyText($0) }, session) {
            id = found
        } else {
            let base = Slug.make(keyValues.compactMap { $0.flatMap(Self.keyText) }.joined(separator: " "))
            guard !base.isEmpty else {
                throw RowProblem(location: evaluator.row.location, reason: "\(record.name): no id can be made from its key")
            }
            var candidate = base
            var number = 2
            // A record with this id whose key folds to the same text (case, spaces and diacritics aside) is this
            // record; an id taken by a record with another key is not.
            fresh = true
            let kindWasEmpty = try recordCount(kind, session) == 0
            while try newIDs.values.contains(candidate) || session.madeID(candidate)
                || !kindWasEmpty && session.exists(kind, id: candidate) {
                if try Self.foldedKey(of: kind, id: candidate, fields: record.key, session) == base {
                    fresh = false
                    break
                }
                candidate = "\(base)-\(number)"
                number += 1
            }
            id = candidate
        }
        newIDs[keyText] = id
        evaluator.ids[record.name] = id
        if given != nil { values["id"] = .string(id) }
        return Planned(mapping: record, id: id, values: values, appended: appended, keyName: keyText, fresh: fresh)
    }

    /// The id of the registry's record with the key. A small import into a large registry finds each row's
    /// record through an index on a field of the key, reading a few rows rather than every record; a large one
    /// reads every record of the kind once, then looks keys up in memory. A lookup through the index costs about
    /// what reading one record does, so the importer makes as many as the kind had records before it reads them
    /// all: at most about twice the cost of the better way, whatever the sizes. A record this import wrote is
    /// found by ``ImportSession/knownID(forKey:)`` before.
    private mutating func existingID(_ kind: RecordKind, fields: [String], values: [String?], _ session: ImportSession) throws -> String? {
        let name = kind.rawValue + "|" + fields.joined(separator: "|")
        if keyIndex[name] == nil, let probe = NaturalKeyProbe(kind: kind, fields: fields, values: values) {
            let left = try probesLeft[name] ?? recordCount(kind, session)
            if left > 0 {
                probesLeft[name] = left - 1
                return try session.ids(kind, byKey: fields, probe: probe)[values]
            }
        }
        if keyIndex[name] == nil { keyIndex[name] = try session.ids(kind, byKey: fields, probe: nil) }
        return keyIndex[name]?[values]
    }

    /// The registry's records of `kind` when this file first asked (``recordCounts``).
    private mutating func recordCount(_ kind: RecordKind, _ session: ImportSession) throws -> Int {
        if let known = recordCounts[kind] { return known }
        let count = try session.recordCount(kind)
        recordCounts[kind] = count
        return count
    }

    /// The slug of the stored record's key values, as a new id would be made from them.
    private static func foldedKey(of kind: RecordKind, id: String, fields: [String], _ session: ImportSession) throws -> String? {
        guard let served = try session.served(kind, id: id), case .object(let members) = try JSONValue(parsing: Array(served.utf8)) else {
            return nil
        }
        return Slug.make(fields.compactMap { keyText(members[$0]) }.joined(separator: " "))
    }

    private static func keyText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        default: nil
        }
    }

    /// Writes one planned record merged into what the registry holds; returns `created project/…` and the like.
    private mutating func write(_ plan: Planned, evidence: Evidence, _ session: inout ImportSession) throws -> String {
        guard case .record(let kind) = plan.mapping.target else {
            let code: String? = if case .string(let code)? = plan.values["nuts"] { code } else { nil }
            let name: String? = if case .string(let name)? = plan.values["name"] { name } else { nil }
            let level: Int64? = if case .integer(let level)? = plan.values["level"] { level } else { nil }
            guard let code, let name, let level, (0...3).contains(level), code.count == Int(level) + 2 else {
                throw WriteError.invalid([FieldProblem(pointer: "", reason: "a NUTS region needs a code, a name and a level 0–3 matching the code's length")])
            }
            let country = CountryNames.code(for: String(code.prefix(2))) ?? String(code.prefix(2))
            let label = "place/nuts-\(code.lowercased())"
            let outcome = try session.savePlace(nuts: code, level: Int(level), name: name, country: country)
            if places[label] == nil { places[label] = outcome }
            return "\(outcome.rawValue) \(label)"
        }
        let label = NetworkNode.Key(kind: kind, id: plan.id).label
        let stored = plan.fresh ? nil : try session.stored(kind, id: plan.id)
        let before = stored?.served
        rowTouched.append((label, before?.hashValue))
        var body: [String: JSONValue] = [:]
        if let before, case .object(let members) = try JSONValue(parsing: Array(before.utf8)) { body = members }
        let original = body
        var otherSpelling: JSONValue?
        for (name, value) in plan.values {
            if before != nil, plan.mapping.key.contains(name), let old = body[name], old != .null {
                // A record found by its folded key keeps its spelling; another spelling of its name becomes an alias.
                if name == "name", old != value { otherSpelling = value }
                continue
            }
            if plan.appended.contains(name), case .array(let old)? = body[name], case .array(let new) = value {
                body[name] = .array(old + new.filter { !old.contains($0) })
            } else {
                body[name] = value
            }
        }
        if let otherSpelling, kind.writableFields.contains("aliases") {
            let aliases: [JSONValue] = if case .array(let list)? = body["aliases"] { list } else { [] }
            if !aliases.contains(otherSpelling) { body["aliases"] = .array(aliases + [otherSpelling]) }
        }
        // Evidence into this import's document is given, not located: it leaves the body for validation.
        var provenance: [Evidence] = []
        var kept: [JSONValue] = []
        if case .array(let items)? = body["evidence"] {
            for item in items {
                if let evidence = Self.evidence(item), evidence.document == session.provenanceDocument {
                    provenance.append(evidence)
                } else {
                    kept.append(item)
                }
            }
        }
        // A row that restates what a record holds, in a record this file gave evidence to already, adds nothing:
        // its evidence would repeat the same facts row after row (a programme named by each of its projects'
        // rows), and writing the record again each time made such an import quadratic in the rows.
        if !provenance.isEmpty, Self.sameFacts(body, original) {
            return "\(ImportSession.Outcome.unchanged.rawValue) \(label)"
        }
        if !provenance.contains(evidence) { provenance.append(evidence) }
        body["evidence"] = .array(kept)
        body["origin"] = nil
        let changesKey = keyFields[kind]?.contains { body[$0] != original[$0] } ?? false
        let outcome = try session.save(kind, id: plan.id, body: body, provenance: provenance, previous: stored, mayHold: !changesKey)
        return "\(outcome.rawValue) \(label)"
    }

    /// Whether two served bodies state the same facts: equal but for their evidence and origin.
    private static func sameFacts(_ one: [String: JSONValue], _ other: [String: JSONValue]) -> Bool {
        one.count == other.count && one.allSatisfy { name, value in
            name == "evidence" || name == "origin" || other[name] == value
        }
    }

    private static func evidence(_ value: JSONValue) -> Evidence? {
        guard case .object(let members) = value, case .string(let document)? = members["document"],
              case .string(let quote)? = members["quote"], case .integer(let start)? = members["start"],
              case .integer(let end)? = members["end"] else { return nil }
        let field: String? = if case .string(let field)? = members["field"] { field } else { nil }
        return Evidence(field: field, document: document, quote: quote, start: Int(start), end: Int(end))
    }

    /// Counts what happened to each record touched, once all rows are in; refuses the import when rows were
    /// rejected and `skipInvalid` is off.
    mutating func finish(_ session: inout ImportSession) throws -> ImportReport {
        if report.rejectedCount > 0 && !importer.skipInvalid {
            throw ImportFailure.rejected(file: input.name, rows: report.rejected)
        }
        for outcome in places.values {
            switch outcome {
            case .created: report.created += 1
            case .updated: report.updated += 1
            case .unchanged: report.unchanged += 1
            }
        }
        var report = self.report
        // A record only a rejected row wrote was undone with the row; new ones are only looked for, as reading what
        // each is served as, to compare with nothing, was most of this step's time, and a thousand at a time.
        var new: [NetworkNode.Key] = []
        try session.forEachTouched { label, before in
            guard let record = NetworkNode.Key(label: label) else { return }
            guard let before else {
                new.append(record)
                if new.count == Self.newRecordsCounted {
                    report.created += try session.countExisting(new)
                    new.removeAll(keepingCapacity: true)
                }
                return
            }
            guard let now = try session.served(record.kind, id: record.id) else { return }
            if now.hashValue == before { report.unchanged += 1 } else { report.updated += 1 }
        }
        report.created += try session.countExisting(new)
        self.report = report
        report.provenanceDocument = session.provenanceDocument
        session.summary = historySummary
        return report
    }

    /// How many new records the count of what an import did looks for at once.
    private static let newRecordsCounted = 1_000

    /// What the import did, as its one entry in the history tells it.
    private var historySummary: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("counts")
        writer.beginObject()
        for (key, count) in [("created", report.created), ("rejected", report.rejectedCount), ("rows_read", report.rowsRead),
                             ("unchanged", report.unchanged), ("updated", report.updated)] {
            writer.key(key)
            writer.number(count)
        }
        writer.endObject()
        for (key, text) in [("file", report.file), ("mapping", report.mapping), ("sha256", report.sha256)] {
            writer.key(key)
            writer.string(text)
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
