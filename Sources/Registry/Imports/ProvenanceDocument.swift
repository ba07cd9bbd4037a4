/// The document an import's evidence points into: one line per row read, naming the row and the source values the
/// mapping used, so that each imported record quotes the rows it comes from. Lines go to a table of the import's
/// own as the rows stream by and become the document's text when the import ends, so memory does not grow with
/// the file.
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

    /// The document of an import of `file` (its bytes' hash `sha256`) with the mapping named `mapping`: the same
    /// file imported again with the same mapping has the same document.
    static func forImport(file: String, sha256: String, mapping: String) -> ProvenanceDocument {
        ProvenanceDocument(
            id: "import-" + String(sha256.prefix(16)) + "-" + Slug.make(mapping),
            fileName: "imports/\(sha256)/\(Slug.make(mapping))/\(file)",
            title: "Import of \(file)",
            source: "\(file) (SHA-256 \(sha256)), read with the mapping \(mapping)",
            sha256: sha256)
    }

    /// Adds a line (without line breaks) through `statements` and returns its evidence.
    mutating func append(_ line: String, using statements: some ImportStatements) throws -> Evidence {
        let text = (lines == 0 ? "" : "\n") + line
        try statements.appendProvenanceLine(lines, text)
        lines += 1
        let start = scalarCount + (text.unicodeScalars.count - line.unicodeScalars.count)
        scalarCount += text.unicodeScalars.count
        return Evidence(field: nil, document: id, quote: line, start: start, end: scalarCount)
    }
}
