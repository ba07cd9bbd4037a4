import Crypto
import Foundation
import GRDB
import JSONOutput
import Locking

/// The registry's SQLite database: open it (applying migrations), read records, write API records.
///
/// A file database is a GRDB `DatabasePool` (WAL journal, one writer) with read connections of the store's own
/// beside it (``ReadConnections``), which reads take first: concurrent readers, foreign keys
/// on, and `synchronous = FULL`, so every acknowledged commit is on disk before the write returns and
/// survives a crash of the process and of the machine. (In WAL mode `NORMAL` would survive a process
/// crash too, but may lose the last commits on power loss; registry writes are rare, so the extra
/// fsync costs nothing that matters.) `:memory:` opens a private in-memory `DatabaseQueue`.
public final class RegistryStore: Sendable {
    /// The connection(s): writes go to the pool's single writer, reads to ``readConnections`` and to the pool's
    /// readers when those are all in use. Only the store reaches them, so that what runs on them is the store's
    /// to decide.
    let database: any DatabaseWriter
    /// Read connections that snapshots and reads take before the pool's readers (nil for `:memory:`, which
    /// other connections cannot open).
    let readConnections: ReadConnections?
    /// The migrations the schema was brought up to.
    let migrator: Migrator

    /// When the data last changed through this store, and what to do when it changes.
    public let changes: RegistryChanges
    /// Document frequencies for search ranking, forgotten whenever the data changes.
    let searchStatistics = SearchStatistics()
    /// The cooperation network, built on first use and brought up to date (or forgotten) whenever the data changes.
    let networkCache = NetworkCache()
    /// The counts of selections listed lately, and the changes that named the records they wrote: a count of a
    /// text's matches outlives such changes where none of them can have changed it, any other is forgotten.
    let selectionCounts = SelectionCounts()
    /// Which matches the latest counts of texts' matches under other filters counted, from which a count after
    /// writes of some of them is made.
    let countedMatches = CountedMatches()
    /// The latest texts' matches of lists filtered by text: ranked ones forgotten whenever the data changes, those
    /// in the index's order brought up to date after changes that name the records they wrote.
    let textMatches = TextMatches()
    /// The orders of whole kinds under the sorts that lists filtered by text asked for, kept across changes that
    /// name the records they changed (which are then not placed by them), forgotten after any other.
    let sortRankings = SortRankings()
    /// How many list pages were read by walking their order's index under filters that no index then serves
    /// (``page(_:columns:)``), where SQLite would have sorted the whole selection.
    let walkedPages = Mutex(0)
    /// Imports running through this store, each holding (or waiting for) the one writer for as long as it reads
    /// its file: writes that are not worth waiting that long for, such as a token's time of use, are skipped.
    let importsRunning = Mutex(0)
    /// Turns at the writer for imports and API writes: an API write waits for an import no longer than
    /// ``busyTimeout``.
    let writerTurns = WriterTurns(waitingAtMost: .seconds(RegistryStore.busyTimeout))

    private init(database: any DatabaseWriter, readConnections: ReadConnections?, migrator: Migrator) throws {
        self.database = database
        self.readConnections = readConnections
        self.migrator = migrator
        changes = try RegistryChanges(observing: database)
        changes.onChange { [searchStatistics, networkCache, selectionCounts, sortRankings, countedMatches, textMatches]
            (change: RegistryChange, describedHere: Bool) in
            searchStatistics.noteChange(change, describedHere: describedHere)
            networkCache.noteChange(change)
            selectionCounts.noteChange(change)
            textMatches.noteChange(change)
            switch change {
            case .unknown:
                sortRankings.forgetAndRemake()
                countedMatches.removeAll()
            case .records(let records):
                sortRankings.noteWritten(records)
            }
        }
    }

    /// How long a write waits for another process's write transaction, or for an import in this one, before it
    /// fails as ``StorageFault/busy(path:)``.
    public static let busyTimeout: TimeInterval = 15

    /// The page cache of each connection (KiB).
    static let connectionCacheKiB = 4096

    /// The most read connections a file store keeps besides the pool's (``ReadConnections``): the server's
    /// worker and stream queues together, so that they do not fall back to the pool under load.
    static let readConnectionLimit = 8

    /// Opens (creating if needed) the database at `path` — `:memory:` for a private in-memory one — and
    /// applies the pending migrations of `migrationsDirectory` in one transaction.
    ///
    /// `memoryMapBytes` of the file are read through a memory map (0: none, the default): mapped pages are
    /// shared with the kernel's page cache but count in the process's resident memory, which then grows
    /// with the part of the registry that was read, so the map is for hosts that would rather spend memory
    /// than a system call per page.
    ///
    /// Throws ``MigrationError`` when a migration applied earlier was edited or fails.
    public static func open(path: String, migrationsDirectory: URL, memoryMapBytes: Int = 0) throws -> RegistryStore {
        let migrator = try Migrator(directory: migrationsDirectory)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process may hold the write lock for a while (`brobygger import` or `token create` while the
        // server runs, or the server while they do): wait for it rather than fail at once with SQLITE_BUSY.
        configuration.busyMode = .timeout(RegistryStore.busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA mmap_size = \(max(0, memoryMapBytes))")
            // A pool has six connections, and each keeps the pages it read until it is closed, so what one
            // may keep counts six times in the server's resident memory. 4 MiB holds the inner pages of the
            // indexes that lists and search walk; the rest of a long read comes from the kernel's page cache.
            try db.execute(sql: "PRAGMA cache_size = -\(connectionCacheKiB)")
            try SearchRank.register(db)
            StoreFunctions.register(db)
        }
        let database: any DatabaseWriter
        var readConnections: ReadConnections?
        if path == ":memory:" {
            database = try DatabaseQueue(configuration: configuration)
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = try DatabasePool(path: path, configuration: configuration)
            readConnections = ReadConnections(path: path, configuration: configuration, limit: readConnectionLimit)
        }
        try migrator.migrate(database)
        try database.writeWithoutTransaction { db in
            // GRDB's pool sets `synchronous = NORMAL` on its writer when it turns WAL on, after the connection was
            // prepared above: set again, or commits would not be synced (see the type's documentation).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Inside a write's transaction, every statement that may fail halfway keeps the pages it changes in a
            // statement journal, which spills to a temporary file past 64 KiB: an API write made and unlinked
            // such a file and wrote some 160 pages to it, a seed load or an import most of its writes. On the
            // writer's connection they stay in memory, one statement's pages each (set after the migrations,
            // whose statements rewrite whole tables).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // The writer starts the log again from its beginning once its pages are in the file; past the limit it
            // then truncates it (``writeAheadLogLimit``).
            try db.execute(sql: "PRAGMA journal_size_limit = \(writeAheadLogLimit)")
        }
        return try RegistryStore(database: database, readConnections: readConnections, migrator: migrator)
    }

    /// The applied and pending migrations of the database at `path`, read without changing anything
    /// (every migration is pending when the file does not exist yet).
    public static func migrationStatus(path: String, migrationsDirectory: URL) throws -> [MigrationStatus] {
        let migrator = try Migrator(directory: migrationsDirectory)
        guard path != ":memory:", FileManager.default.fileExists(atPath: path) else {
            return migrator.migrations.map {
                MigrationStatus(version: $0.version, fileName: $0.fileName, state: .pending, appliedAt: nil, checksum: $0.checksum)
            }
        }
        var configuration = Configuration()
        configuration.readonly = true
        return try migrator.status(try DatabaseQueue(path: path, configuration: configuration))
    }

    /// How often a serving store looks for commits of other processes (``watchOtherWriters(every:)``).
    public static let otherWritersPollInterval: Duration = .seconds(1)

    /// Notices, within `interval`, commits that another process makes to the database file, and then runs
    /// what ``changes`` runs after a commit through this store: the server's caches never keep what an import
    /// beside it replaced.
    public func watchOtherWriters(every interval: Duration = RegistryStore.otherWritersPollInterval) {
        changes.watchOtherWriters(database, every: interval)
    }

    /// The applied and pending migrations.
    public func migrationStatus() throws -> [MigrationStatus] {
        try migrator.status(database)
    }

    // MARK: Reading

    /// Runs `body`, and every read of this store that it makes, in one read transaction: all of them see the
    /// registry as it was when the snapshot began, and they share one connection instead of taking one each.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if ownSnapshot != nil { return try body() }
        let generation = selectionCounts.generation
        let owner = ObjectIdentifier(self)
        let run = { (db: Database) throws -> T in
            try RegistryStore.$currentSnapshot.withValue(SnapshotConnection(database: db, owner: owner, countGeneration: generation)) {
                try body()
            }
        }
        if let readConnections, let value = try readConnections.read(run) { return value }
        return try database.read(run)
    }

    /// The connection of the snapshot the current thread is inside, and when it began.
    @TaskLocal private static var currentSnapshot: SnapshotConnection?

    /// The snapshot the current thread is inside when it is one of this store's (another store's, such as the
    /// source of a comparison, reads another file).
    var ownSnapshot: SnapshotConnection? {
        guard let snapshot = RegistryStore.currentSnapshot, snapshot.owner == ObjectIdentifier(self) else { return nil }
        return snapshot
    }

    /// The generation of ``selectionCounts`` when the current snapshot began: a count made in the snapshot
    /// is as old as the snapshot, not as the moment it is made.
    var snapshotCountGeneration: UInt64? { ownSnapshot?.countGeneration }

    /// A read in its own transaction, or in the snapshot of this store the caller is inside.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let snapshot = ownSnapshot { return try body(snapshot.database) }
        if let readConnections, let value = try readConnections.read(body) { return value }
        return try database.read(body)
    }

    // MARK: Secrets

    /// The secret named `name`: 32 random bytes, made the first time it is asked for and kept in the
    /// database (`instance_secret`), so that it outlives restarts and travels with backups.
    public func secret(named name: String) throws -> [UInt8] {
        let select = "SELECT value FROM instance_secret WHERE name = ?"
        if let existing = try read({ db in try Data.fetchOne(db, sql: select, arguments: [name]) }) {
            return Array(existing)
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return try database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO instance_secret (name, value) VALUES (?, ?)", arguments: [name, fresh])
            return Array(try Data.fetchOne(db, sql: select, arguments: [name]) ?? fresh)
        }
    }

    // MARK: Reading records

    /// The record of type `type` with `id`, or nil.
    public func record<R: RegistryRecord>(_ type: R.Type, id: String) throws -> R? {
        try recordAndJSON(R.self, id: id)?.record
    }

    /// The record of type `type` with `id` and its JSON as stored (Foundation's `JSONEncoder`, sorted keys), or nil.
    public func recordAndJSON<R: RegistryRecord>(_ type: R.Type, id: String) throws -> (record: R, json: String)? {
        let data = try read { db in
            try String.fetchOne(try db.cachedStatement(sql: "SELECT data FROM \(R.kind.rawValue) WHERE id = ?"), arguments: [id])
        }
        return try data.map { (try RegistryStore.decode(R.self, from: $0), $0) }
    }

    /// Records of type `type` ordered by id, a page at a time.
    public func records<R: RegistryRecord>(_ type: R.Type, limit: Int = .max, offset: Int = 0) throws -> [R] {
        let rows = try read { db in
            try String.fetchAll(
                db, sql: "SELECT data FROM \(R.kind.rawValue) ORDER BY id LIMIT ? OFFSET ?", arguments: [limit, offset])
        }
        return try rows.map { try RegistryStore.decode(R.self, from: $0) }
    }

    /// Records of type `type` with the given ids, in id order; unknown ids are left out.
    public func records<R: RegistryRecord>(_ type: R.Type, ids: [String]) throws -> [R] {
        guard !ids.isEmpty else { return [] }
        // One JSON array parameter rather than a placeholder per id: SQLite allows at most 32,766 variables.
        let rows = try read { db in
            try String.fetchAll(
                db, sql: "SELECT data FROM \(R.kind.rawValue) WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                arguments: [RegistryStore.jsonArray(ids)])
        }
        return try rows.map { try RegistryStore.decode(R.self, from: $0) }
    }

    /// The number of records of `kind`.
    public func count(_ kind: RecordKind) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(kind.rawValue)") ?? 0 }
    }

    /// The number of records of every kind.
    public func counts() throws -> [RecordKind: Int] {
        var counts: [RecordKind: Int] = [:]
        for kind in RecordKind.allCases { counts[kind] = try count(kind) }
        return counts
    }

    /// Ids of the records of `kind` that link to the theme `themeID`.
    public func recordIDs(of kind: RecordKind, withTheme themeID: String, limit: Int = .max) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT record_id FROM record_theme WHERE record_kind = ? AND theme_id = ? ORDER BY record_id LIMIT ?",
                arguments: [kind.rawValue, themeID, limit])
        }
    }

    /// The partnerships an organisation or a region is a party to.
    public func partnerships(withParty partyID: String) throws -> [Partnership] {
        let ids = try read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT partnership_id FROM partnership_party WHERE organisation_id = ? OR region_id = ?",
                arguments: [partyID, partyID])
        }
        return try records(Partnership.self, ids: ids)
    }

    /// The projects an organisation is a partner of.
    public func projects(withPartner organisationID: String) throws -> [Project] {
        let ids = try read { db in
            try String.fetchAll(
                db, sql: "SELECT DISTINCT project_id FROM project_partner WHERE organisation_id = ?", arguments: [organisationID])
        }
        return try records(Project.self, ids: ids)
    }

    /// The people who hold a role in an organisation, partnership or region.
    public func people(withRoleIn id: String) throws -> [Person] {
        let ids = try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT DISTINCT person_id FROM person_role WHERE organisation_id = ?1 OR partnership_id = ?1 OR region_id = ?1",
                arguments: [id])
        }
        return try records(Person.self, ids: ids)
    }

    // MARK: Documents, findings

    /// The source documents, without their text when `includingText` is false.
    public func documents(includingText: Bool = true) throws -> [Document] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM document ORDER BY id").map { RegistryStore.document(from: $0, includingText: includingText) }
        }
    }

    /// The source document with `id`, or nil.
    public func document(id: String) throws -> Document? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM document WHERE id = ?", arguments: [id]).map {
                RegistryStore.document(from: $0, includingText: true)
            }
        }
    }

    /// The data-quality findings, of one record when `recordID` is given, most severe first.
    public func findings(recordKind: RecordKind? = nil, recordID: String? = nil) throws -> [QualityFinding] {
        try findingColumn("data", recordKind: recordKind, recordID: recordID, check: nil, severity: nil)
            .map { try RegistryStore.decode(QualityFinding.self, from: $0) }
    }

    /// One column of the data-quality findings narrowed by any of record kind, record, check and severity,
    /// most severe first.
    func findingColumn(_ column: String, recordKind: RecordKind?, recordID: String?, check: QualityCheck?,
                       severity: QualityFinding.Severity?) throws -> [String] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        let filters: [(column: String, value: String?)] = [
            ("record_kind", recordKind?.rawValue), ("record_id", recordID), ("check_name", check?.rawValue),
            ("severity", severity?.rawValue),
        ]
        for filter in filters {
            guard let value = filter.value else { continue }
            conditions.append("\(filter.column) = ?")
            arguments += [value]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try String.fetchAll(try db.cachedStatement(sql: """
                SELECT \(column) FROM quality_finding \(filter)
                ORDER BY CASE severity WHEN 'warning' THEN 0 WHEN 'notice' THEN 1 ELSE 2 END, id
                """), arguments: arguments)
        }
    }

    // MARK: API writes

    /// Creates or replaces an API record. The record is stored with origin `api`; its evidence quotes
    /// are located in their documents (offsets recomputed). Seed records cannot be replaced.
    @discardableResult
    public func save<R: RegistryRecord>(_ record: R) throws -> R {
        guard Slug.isValid(record.id) else { throw RegistryError.invalidID(record.id) }
        var stored = record
        stored.origin = .api
        return try database.write { db in
            let origin = try String.fetchOne(db, sql: "SELECT origin FROM \(R.kind.rawValue) WHERE id = ?", arguments: [record.id])
            if origin == Origin.seed.rawValue { throw RegistryError.seedOwned(kind: R.kind, id: record.id) }
            stored.evidence = try stored.evidence.map { evidence in
                guard let text = try String.fetchOne(db, sql: "SELECT text FROM document WHERE id = ?", arguments: [evidence.document]),
                      let located = EvidenceLocator(text: text).locate(evidence.quote) else {
                    throw RegistryError.evidenceNotFound(document: evidence.document, quote: evidence.quote)
                }
                return Evidence(field: evidence.field, document: evidence.document, quote: evidence.quote,
                                start: located.lowerBound, end: located.upperBound)
            }
            _ = try RegistryStore.checkingReferences { try RecordWriter.upsert(stored, sourceFile: nil, in: db) }
            try RegistryStore.checkingReferences { try db.checkForeignKeys() }
            try SearchIndex.update(stored, db)
            return stored
        }
    }

    /// Deletes an API record; seed records cannot be deleted.
    public func delete(_ kind: RecordKind, id: String) throws {
        try database.write { db in
            guard let origin = try String.fetchOne(db, sql: "SELECT origin FROM \(kind.rawValue) WHERE id = ?", arguments: [id]) else {
                throw RegistryError.notFound(kind: kind, id: id)
            }
            if origin == Origin.seed.rawValue { throw RegistryError.seedOwned(kind: kind, id: id) }
            try RecordWriter.delete(kind: kind, id: id, in: db)
            try RegistryStore.checkingReferences { try db.checkForeignKeys() }
            try SearchIndex.remove(kind, id: id, db)
        }
    }

    // MARK: Helpers

    static func decode<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
        try JSONTextDecoder().decode(type, from: json)
    }

    static func checkingReferences<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw RegistryError.brokenReference(error.message ?? "\(error)")
        }
    }

    private static func document(from row: Row, includingText: Bool) -> Document {
        var document = Document(
            id: row["id"], fileName: row["file_name"], language: row["language"], title: row["title"],
            source: row["source"], text: includingText ? row["text"] : "", sha256: row["sha256"])
        document.scalarCount = row["scalar_count"]
        return document
    }
}
