import GRDB

/// The document an import's evidence points into: one line per row read, naming the row and the source values the
/// mapping used, so that each imported record quotes the rows it comes from. Lines go to a table of the import's scratch database as the
/// rows stream by and become the document's text when the import ends, so memory does not grow with the file.
struct ProvenanceDocument {
    /// Id, file name, title and source of the document.
    var id: String
    var fileName: String
    var title: String
    var source: String
    /// SHA-256 of the imported file, hexadecimal.
    var sha256: String
    /// Unicode scalars written so far: the offset of the next line.
    private(set) var scalarCount = 0
    private var lines = 0

    init(id: String, fileName: String, title: String, source: String, sha256: String) {
        self.id = id
        self.fileName = fileName
        self.title = title
        self.source = source
        self.sha256 = sha256
    }

    /// Starts the document: its lines are collected from here on, and its row is there from the start (with the
    /// text of an earlier import of the file, or none yet) so that the records' evidence refers to a document that
    /// exists. While a deferred reference dangles, SQLite looks for the rows that refer to every row inserted into
    /// a table others refer to, scanning where no index serves: each organisation inserted would read them all.
    func begin(in db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS import_scratch.import_provenance (seq INTEGER PRIMARY KEY, line TEXT NOT NULL)")
        try db.execute(sql: "DELETE FROM import_scratch.import_provenance")
        try db.execute(
            sql: """
                INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
                VALUES (?, ?, 'en', ?, ?, '', ?, 0) ON CONFLICT(id) DO NOTHING
                """,
            arguments: [id, fileName, title, source, sha256])
    }

    /// Adds a line (without line breaks) and returns its evidence.
    mutating func append(_ line: String, in db: Database) throws -> Evidence {
        let text = (lines == 0 ? "" : "\n") + line
        try db.cachedStatement(sql: "INSERT INTO import_scratch.import_provenance (seq, line) VALUES (?, ?)").execute(arguments: [lines, text])
        lines += 1
        let start = scalarCount + (text.unicodeScalars.count - line.unicodeScalars.count)
        scalarCount += text.unicodeScalars.count
        return Evidence(field: nil, document: id, quote: line, start: start, end: scalarCount)
    }

    /// Writes the document (or updates it when an earlier import of the same file wrote another text).
    func finish(in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO document (id, file_name, language, title, source, text, sha256, scalar_count)
                VALUES (?, ?, 'en', ?, ?, (SELECT ifnull(group_concat(line, ''), '') FROM (SELECT line FROM import_scratch.import_provenance ORDER BY seq)), ?, ?)
                ON CONFLICT(id) DO UPDATE SET text = excluded.text, scalar_count = excluded.scalar_count, title = excluded.title,
                    source = excluded.source WHERE document.text IS NOT excluded.text
                """,
            arguments: [id, fileName, title, source, sha256, scalarCount])
        try db.execute(sql: "DELETE FROM import_scratch.import_provenance")
    }
}
