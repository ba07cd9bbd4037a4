/// The JSON of one `seeds/records/*.json` file: the document it describes and the records it states.
struct SeedRecordFile: Decodable {
    /// The source document: its file under `seeds/documents/`, language, title, and optionally the
    /// SHA-256 of its bytes, which pins the text the evidence was checked against.
    struct DocumentEntry: Codable, Hashable, Sendable {
        var id: String
        var file: String
        var language: String
        var title: String
        var source: String?
        var sha256: String?
    }

    /// A project read from the document by the fact-sheet parser, plus what the sheet cannot say.
    struct FactSheetEntry: Codable, Hashable, Sendable {
        /// Id of the project to create.
        var project: String
        var programme: String?
        var predecessor: String?
        @DefaultEmpty var themes: [String]
        @DefaultEmpty var regions: [String]
        /// Listed partner name → organisation id, for partners described by a curated organisation.
        @DefaultEmptyDictionary var organisations: [String: String]
        /// Evidence for the curated fields above.
        @DefaultEmpty var evidence: [Evidence]
    }

    var document: DocumentEntry
    @DefaultEmpty var themes: [Theme]
    @DefaultEmpty var organisations: [Organisation]
    @DefaultEmpty var regions: [Region]
    @DefaultEmpty var programmes: [Programme]
    @DefaultEmpty var partnerships: [Partnership]
    @DefaultEmpty var projects: [Project]
    @DefaultEmpty var people: [Person]
    @DefaultEmpty var factSheets: [FactSheetEntry]

    /// Only the document entry, read first to learn the default document of the evidence.
    struct Header: Decodable {
        var document: DocumentEntry
    }
}
