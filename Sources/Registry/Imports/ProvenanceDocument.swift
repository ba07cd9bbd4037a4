/// The document an import's evidence points into: one line per row read, naming the row and the source values the
/// mapping used, so that each imported record quotes the rows it comes from. Lines go to a table of the import's
/// own as the rows stream by and are copied into the document's text when the import ends, a span at a time on
/// SQLite (``DocumentTextBlob``), so that memory does not grow with the file.
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
    /// UTF-8 bytes written so far: the length of the text.
    private(set) var byteCount = 0
    private var lines = 0

    init(id: String, fileName: String, title: String, source: String, sha256: String) {
        self.id = id
        self.fileName = fileName
        self.title = title
        self.source = source
        self.sha256 = sha256
    }

    /// The document of an import of `file` (its bytes' hash `sha256`) with the mapping named `mapping` (its
    /// definition's hash `mappingDigest`): the same file imported again with the same mapping has the same
    /// document. Another version of the mapping reads other lines, so it makes another document rather than
    /// rewriting this one, which the records of the first import, and their earlier versions in the history, quote.
    static func forImport(file: String, sha256: String, mapping: String, mappingDigest: String) -> ProvenanceDocument {
        let reading = Slug.make(mapping) + "-" + String(mappingDigest.prefix(8))
        return ProvenanceDocument(
            id: "import-" + String(sha256.prefix(16)) + "-" + reading,
            fileName: "imports/\(sha256)/\(reading)/\(file)",
            title: "Import of \(file)",
            source: "\(file) (SHA-256 \(sha256)), read with the mapping \(mapping) (SHA-256 \(mappingDigest))",
            sha256: sha256)
    }

    /// Adds a line (without line breaks) through `statements` and returns its evidence.
    mutating func append(_ line: String, using statements: some ImportStatements) throws -> Evidence {
        let separator = lines == 0 ? 0 : 1
        try statements.appendProvenanceLine(lines, separator == 0 ? line : "\n" + line)
        lines += 1
        let start = scalarCount + separator
        scalarCount = start + Self.scalarCount(of: line)
        byteCount += separator + line.utf8.count
        return Evidence(field: nil, document: id, quote: line, start: start, end: scalarCount)
    }

    /// The Unicode scalars of `line`: its UTF-8 bytes that begin one (a string's UTF-8 is valid), counted in one
    /// pass over them, where the string's scalar view decodes each.
    static func scalarCount(of line: String) -> Int {
        var line = line
        return line.withUTF8 { bytes in bytes.reduce(0) { $0 &+ ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }
}
