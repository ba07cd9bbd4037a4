import Foundation
import GRDB
import JSONOutput
import Locking

/// Writes records into their tables: JSON `data` and its served form, names, typed columns, related references, theme links, evidence and link rows.
enum RecordWriter {
    /// What an upsert did.
    enum Outcome: Sendable, Equatable {
        case inserted
        case updated
        case unchanged
        /// The id belongs to an API record, which a seed load leaves alone.
        case keptAPIRecord
    }

    /// The encoder of stored records: Foundation's `JSONEncoder` with sorted keys and slashes left as they are,
    /// in bytes, but faster.
    static let encoder = JSONTextEncoder()

    /// The decoder of served bodies (snake_case keys) into records.
    static func decoder() -> JSONTextDecoder {
        JSONTextDecoder(convertsKeysFromSnakeCase: true)
    }

    static func encode(_ value: some Encodable) throws -> String {
        try encoder.encodeToString(value)
    }

    /// The stored row a write replaces, as far as ``upsert(_:forms:sourceFile:existing:in:)`` compares it.
    struct Existing {
        var origin: String
        var data: String
        var sourceFile: String?
    }

    /// What an upsert of a record from `origin` stored as `data` (and from `sourceFile`) over the row `existing`
    /// leaves as it is: the API's record a seed write leaves alone, a row that would not change, or nil when the
    /// upsert writes.
    static func leaves(_ existing: Existing, origin: Origin, data: String, sourceFile: String?) -> Outcome? {
        if existing.origin == Origin.api.rawValue, origin == .seed { return .keptAPIRecord }
        if existing.data == data, existing.sourceFile == sourceFile { return .unchanged }
        return nil
    }

    /// Inserts or updates `record`; a seed write (`record.origin == .seed`) never replaces an API record.
    /// `forms` are the record's stored and served JSON when the caller has them already.
    static func upsert<R: RegistryRecord>(_ record: R, forms: (data: String, served: String)? = nil, sourceFile: String?,
                                          in db: Database) throws -> Outcome {
        let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT origin, data, source_file FROM \(R.kind.rawValue) WHERE id = ?"),
                                        arguments: [record.id])
            .map { Existing(origin: $0["origin"], data: $0["data"], sourceFile: $0["source_file"]) }
        return try upsert(record, forms: forms, sourceFile: sourceFile, existing: existing, in: db)
    }

    /// ``upsert(_:forms:sourceFile:in:)`` with the stored row (`existing`, nil when there is none) read by the caller
    /// already, in the same transaction: an import reads each record's row once per write.
    /// With `batched`, an import's batch, the rows it inserts are held there (``hold(_:_:inserting:into:linkInsert:)``),
    /// a new record's own row with them: only a changed record's update and the removal of its links run at once.
    static func upsert<R: RegistryRecord>(_ record: R, forms: (data: String, served: String)? = nil, sourceFile: String?,
                                          existing: Existing?, holdingIn batched: BatchedInserts? = nil, in db: Database) throws -> Outcome {
        let (data, served) = try forms ?? StoredJSON.storedForms(record)
        if let existing, let left = leaves(existing, origin: record.origin, data: data, sourceFile: sourceFile) { return left }
        if existing != nil {
            let row = try replaceRow(record, data: data, served: served, sourceFile: sourceFile, in: db)
            try writeLinks(of: record, row, holdingIn: batched, in: db)
            return .updated
        }
        let row = try RecordColumns(record, data: data, served: served, sourceFile: sourceFile)
        if let batched {
            let inserted = StoredRow(origin: record.origin.rawValue, data: data, served: served, sourceFile: sourceFile)
            try hold(record, row, inserting: inserted, into: batched, linkInsert: linkInsert)
            return .inserted
        }
        // Statements are cached: an import writes the same few shapes many thousand times.
        try db.cachedStatement(sql: insertSQL(kind: R.kind, columns: row.columns.map(\.0)))
            .execute(arguments: arguments(row.columns.lazy.map(\.1)))
        try writeLinks(of: record, row, holdingIn: nil, in: db)
        return .inserted
    }

    /// Writes the stored record's row anew (`record`, stored as `data` and served as `served`) and removes its links,
    /// which ``writeLinks(of:_:holdingIn:in:)`` writes again; returns the row's columns.
    static func replaceRow<R: RegistryRecord>(_ record: R, data: String, served: String, sourceFile: String?,
                                              in db: Database) throws -> RecordColumns {
        let row = try RecordColumns(record, data: data, served: served, sourceFile: sourceFile)
        try updateChangedColumns(kind: R.kind, id: record.id, columns: row.columns, in: db)
        try deleteLinks(kind: R.kind, id: record.id, in: db)
        return row
    }

    /// Inserts the links of `record` (its `row`'s theme links, evidence, link rows and related references), or holds
    /// them in `batched`.
    static func writeLinks<R: RegistryRecord>(of record: R, _ row: RecordColumns, holdingIn batched: BatchedInserts?,
                                              in db: Database) throws {
        if let batched {
            try hold(record, row, inserting: nil, into: batched, linkInsert: linkInsert)
            return
        }
        let table = R.kind.rawValue
        for theme in Set(row.themes) {
            try db.cachedStatement(sql: themeInsert.head + " VALUES (?, ?, ?)")
                .execute(arguments: [table, record.id, theme])
        }
        for (position, evidence) in record.evidence.enumerated() {
            try db.cachedStatement(sql: evidenceInsert.head + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [table, record.id, position, evidence.field, evidence.document, evidence.quote, evidence.start, evidence.end])
        }
        for link in row.links {
            try db.cachedStatement(sql: insertSQL(link.table)).execute(arguments: arguments(link.values))
        }
        for (position, reference) in RelatedReference.of(record).enumerated() {
            try db.cachedStatement(sql: relatedInsert.head + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .execute(arguments: [table, record.id, reference.relation, position, reference.kind.rawValue, reference.id,
                                     reference.role, reference.country])
        }
    }

    /// SQLite's insert of a link table's row.
    private static func linkInsert(_ table: RecordColumns.LinkTable) -> BatchedInserts.Insert {
        guard let insert = linkInserts[table] else { preconditionFailure("every link table has its insert") }
        return insert
    }

    /// The insert of a record of `kind` into `columns`, made once per kind: a kind's columns are always the same,
    /// and joining them again for every record of an import was a good part of writing it.
    private static func insertSQL(kind: RecordKind, columns: [String]) -> String {
        if let known = insertStatements.withLock({ $0[kind] }) { return known }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let sql = insertHead(kind: kind, columns: columns).head + " VALUES (\(placeholders))"
        insertStatements.withLock { $0[kind] = sql }
        return sql
    }

    /// The insert of a record of `kind` into `columns` up to its values, made once per kind.
    private static func insertHead(kind: RecordKind, columns: [String]) -> BatchedInserts.Insert {
        if let known = insertHeads.withLock({ $0[kind] }) { return known }
        let insert = BatchedInserts.Insert(head: "INSERT INTO \(kind.rawValue) (\(columns.joined(separator: ", ")))", columns: columns.count)
        insertHeads.withLock { $0[kind] = insert }
        return insert
    }

    private static let insertHeads = Mutex<[RecordKind: BatchedInserts.Insert]>([:])

    /// Holds in an import's batch the rows a write of `record` inserts (its `row`, its record's own row when
    /// `inserting`, the row as it is stored, is given): its theme links, evidence, link rows and related references, in the order a write
    /// inserts them. `linkInsert` is the engine's insert of a link table's row (duplicates ignored where the
    /// table says so). The triggers of the tables these go into keep derived names and countries from either side
    /// (``BatchedInserts``), so the rows may go in after those of other tables held with them.
    static func hold<R: RegistryRecord>(_ record: R, _ row: RecordColumns, inserting stored: StoredRow?, into batched: BatchedInserts,
                                        linkInsert: (RecordColumns.LinkTable) -> BatchedInserts.Insert) throws {
        let kind = RecordColumns.Value.text(R.kind.rawValue)
        let id = RecordColumns.Value.text(record.id)
        if let stored {
            try batched.addRecord(R.kind, id: record.id, stored: stored, insertHead(kind: R.kind, columns: row.columns.map(\.0)),
                                  row.columns.map(\.1))
        }
        for theme in Set(row.themes) {
            try batched.add(themeInsert, [kind, id, .text(theme)])
        }
        for (position, evidence) in record.evidence.enumerated() {
            try batched.add(evidenceInsert, [
                kind, id, .integer(Int64(position)), RecordColumns.Value(evidence.field), .text(evidence.document),
                .text(evidence.quote), .integer(Int64(evidence.start)), .integer(Int64(evidence.end)),
            ])
        }
        for link in row.links {
            try batched.add(linkInsert(link.table), link.values)
        }
        for (position, reference) in RelatedReference.of(record).enumerated() {
            try batched.add(relatedInsert, [
                kind, id, .text(reference.relation), .integer(Int64(position)), .text(reference.kind.rawValue), .text(reference.id),
                RecordColumns.Value(reference.role), RecordColumns.Value(reference.country),
            ])
        }
    }

    private static let themeInsert = BatchedInserts.Insert(head: "INSERT INTO record_theme (record_kind, record_id, theme_id)", columns: 3)
    private static let evidenceInsert = BatchedInserts.Insert(
        head: "INSERT INTO evidence (record_kind, record_id, position, field, document_id, quote, start_offset, end_offset)",
        columns: 8)
    private static let relatedInsert = BatchedInserts.Insert(
        head: "INSERT INTO record_related (record_kind, record_id, relation, position, target_kind, target_id, role, country)",
        columns: 8)

    /// Sets the columns of the stored record `id` whose values differ from `columns` (the first being `id`): SQLite
    /// rewrites the index entries of every column an `UPDATE` sets, changed or not, and a project's patch set its
    /// twenty sort indexes' entries again (a quarter of the pages the write put in the log).
    private static func updateChangedColumns(kind: RecordKind, id: String, columns: [(String, RecordColumns.Value)], in db: Database) throws {
        let names = columns.dropFirst().map(\.0)
        guard let stored = try Row.fetchOne(db.cachedStatement(sql: selectSQL(kind: kind, columns: names)), arguments: [id]) else {
            throw DatabaseError(resultCode: .SQLITE_NOTFOUND, message: "the \(kind.rawValue) \(id) to update is not stored")
        }
        var changed: [(name: String, value: DatabaseValue)] = []
        for (index, (name, value)) in columns.dropFirst().enumerated() {
            let new = value.databaseValue
            if stored[index] as DatabaseValue != new { changed.append((name, new)) }
        }
        guard !changed.isEmpty else { return }
        let sql = "UPDATE \(kind.rawValue) SET " + changed.map { "\($0.name) = ?" }.joined(separator: ", ") + " WHERE id = ?"
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(changed.map(\.value) + [id.databaseValue]))
    }

    /// The read of a stored record's `columns`, made once per kind.
    private static func selectSQL(kind: RecordKind, columns: [String]) -> String {
        if let known = selectStatements.withLock({ $0[kind] }) { return known }
        let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(kind.rawValue) WHERE id = ?"
        selectStatements.withLock { $0[kind] = sql }
        return sql
    }

    private static let insertStatements = Mutex<[RecordKind: String]>([:])
    private static let selectStatements = Mutex<[RecordKind: String]>([:])

    /// Deletes a record and its theme links, evidence and link rows.
    static func delete(kind: RecordKind, id: String, in db: Database) throws {
        try deleteLinks(kind: kind, id: id, in: db)
        try db.execute(sql: "DELETE FROM \(kind.rawValue) WHERE id = ?", arguments: [id])
    }

    private static func deleteLinks(kind: RecordKind, id: String, in db: Database) throws {
        for table in ["record_theme", "evidence", "record_related"] {
            try db.cachedStatement(sql: "DELETE FROM \(table) WHERE record_kind = ? AND record_id = ?").execute(arguments: [kind.rawValue, id])
        }
        if let link = RecordColumns.LinkTable.of(kind) {
            try db.cachedStatement(sql: "DELETE FROM \(link.name) WHERE \(link.columns[0]) = ?").execute(arguments: [id])
        }
    }

    /// The insert of a row of a link table.
    private static func insertSQL(_ table: RecordColumns.LinkTable) -> String {
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        return insertHead(table) + " VALUES (\(placeholders))"
    }

    /// The inserts of a link table's rows held in an import's batch.
    private static let linkInserts = Dictionary(uniqueKeysWithValues: RecordColumns.LinkTable.allCases.map {
        ($0, BatchedInserts.Insert(head: insertHead($0), columns: $0.columns.count))
    })

    /// The insert of a row of a link table before its values.
    private static func insertHead(_ table: RecordColumns.LinkTable) -> String {
        let verb = table.ignoresDuplicates ? "INSERT OR IGNORE" : "INSERT"
        return "\(verb) INTO \(table.name) (\(table.columns.joined(separator: ", ")))"
    }
}

extension RecordWriter {
    /// The values as a statement's arguments, given to GRDB as optional values, which its initializer maps with a
    /// closure: its initializer of a sequence of values maps them through a key path, unspecialized outside GRDB,
    /// which cost more than binding them.
    static func arguments(_ values: some Sequence<RecordColumns.Value>) -> StatementArguments {
        var bound: [(any DatabaseValueConvertible)?] = []
        bound.reserveCapacity(values.underestimatedCount)
        for value in values {
            switch value {
            case .text(let text): bound.append(text)
            case .integer(let integer): bound.append(integer)
            case .null: bound.append(nil)
            }
        }
        return StatementArguments(bound)
    }
}

extension RecordColumns.Value {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .text(let text): text.databaseValue
        case .integer(let integer): integer.databaseValue
        case .null: .null
        }
    }
}
