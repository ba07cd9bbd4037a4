/// A source document, verbatim, with its language and title.
public struct Document: Codable, Sendable, Hashable {
    public var id: String
    /// The file name under `seeds/documents/`.
    public var fileName: String
    /// ISO 639-1 language code.
    public var language: String
    public var title: String
    /// Where the text was published, if known.
    public var source: String?
    /// The text, byte for byte as the file holds it.
    public var text: String
    /// SHA-256 of the file's bytes, hexadecimal.
    public var sha256: String
    /// Length of `text` in Unicode scalars, the unit of ``Evidence`` offsets.
    public var scalarCount: Int

    public init(id: String, fileName: String, language: String, title: String, source: String?, text: String, sha256: String) {
        self.id = id
        self.fileName = fileName
        self.language = language
        self.title = title
        self.source = source
        self.text = text
        self.sha256 = sha256
        self.scalarCount = text.unicodeScalars.count
    }
}
