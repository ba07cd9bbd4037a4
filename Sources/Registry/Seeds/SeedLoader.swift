import Crypto
import Foundation
import JSONOutput

/// Reads a seeds directory — `documents/`, `records/*.json`, `gazetteer.json` — validates it and
/// writes it into a ``RegistryStore`` or a ``PostgresRegistryStore`` in one transaction.
///
/// Validation stops the load, naming file, line and problem, when an evidence quote does not occur
/// verbatim in its document, an id is duplicated or not a slug, a reference names no record, or a
/// value is malformed. CITYREGIO-style project pages are read by the ``FactSheetParser``.
public struct SeedLoader: Sendable {
    public let seedsDirectory: URL

    public init(seedsDirectory: URL) {
        self.seedsDirectory = seedsDirectory
    }

    /// Validates the seeds and loads them into `store` in one transaction; on any error the database
    /// is left as it was.
    @discardableResult
    public func load(into store: RegistryStore) throws -> SeedLoadReport {
        try SeedWriter(seeds: try prepare()).write(into: store)
    }

    /// Validates the seeds and loads them into the PostgreSQL `store` in one transaction, as into an SQLite one.
    @discardableResult
    public func load(into store: PostgresRegistryStore) throws -> SeedLoadReport {
        try store.writeSeeds(SeedWriter(seeds: try prepare()))
    }

    /// Reads and validates the seeds without touching a database.
    public func prepare() throws(SeedError) -> SeedSet {
        var reader = Reader(directory: seedsDirectory)
        reader.read()
        if reader.problems.isEmpty {
            SeedValidator(reader: reader).validate(into: &reader.set, problems: &reader.problems)
        }
        guard reader.problems.isEmpty else { throw SeedError(problems: reader.problems) }
        return reader.set
    }

    /// Reads the files into a ``SeedSet``, remembering where each record is written.
    struct Reader {
        let directory: URL
        var set = SeedSet()
        var problems: [SeedProblem] = []
        var locations: [String: SeedLocation] = [:]
        var sheets: [String: (sheet: FactSheet, document: String)] = [:]
        private var fingerprintInput: [UInt8] = []

        init(directory: URL) {
            self.directory = directory
        }

        var prefix: String { directory.lastPathComponent }

        mutating func read() {
            let gazetteer = readGazetteer()
            let documentsDirectory = directory.appendingPathComponent("documents")
            let recordsDirectory = directory.appendingPathComponent("records")
            let documentFiles = (try? FileManager.default.contentsOfDirectory(atPath: documentsDirectory.path)) ?? []
            guard let recordFiles = try? FileManager.default.contentsOfDirectory(atPath: recordsDirectory.path) else {
                problems.append(SeedProblem(file: "\(prefix)/records", line: nil, message: "the directory is missing"))
                return
            }
            var described: Set<String> = []
            for name in recordFiles.sorted() where name.hasSuffix(".json") {
                let file = "\(prefix)/records/\(name)"
                guard let data = FileManager.default.contents(atPath: recordsDirectory.appendingPathComponent(name).path),
                      let text = String(data: data, encoding: .utf8) else {
                    problems.append(SeedProblem(file: file, line: nil, message: "cannot read the file as UTF-8"))
                    continue
                }
                fingerprintInput += Array(name.utf8) + Array(data)
                let map: JSONSourceMap
                do {
                    map = try JSONSourceMap(text: text)
                } catch {
                    problems.append(SeedProblem(file: file, line: error.line, message: "invalid JSON: \(error.message)"))
                    continue
                }
                guard let header = decode(SeedRecordFile.Header.self, data, file: file, map: map, document: nil),
                      let content = decode(SeedRecordFile.self, data, file: file, map: map, document: header.document.id) else {
                    continue
                }
                described.insert(content.document.file)
                readDocument(content.document, file: file, map: map, from: documentsDirectory)
                add(content, file: file, map: map, gazetteer: gazetteer)
            }
            for name in documentFiles.sorted() where !described.contains(name) {
                problems.append(SeedProblem(
                    file: "\(prefix)/documents/\(name)", line: nil, message: "no file of records/ describes this document"))
            }
            set.fingerprint = Hexadecimal.encode(SHA256.hash(data: fingerprintInput))
        }

        private mutating func readGazetteer() -> Gazetteer {
            let file = "\(prefix)/gazetteer.json"
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("gazetteer.json").path),
                  let text = String(data: data, encoding: .utf8) else {
                problems.append(SeedProblem(file: file, line: nil, message: "the gazetteer is missing or not UTF-8"))
                return Gazetteer(places: [])
            }
            fingerprintInput += Array("gazetteer.json".utf8) + Array(data)
            do {
                let map = try JSONSourceMap(text: text)
                guard let gazetteer = decode(Gazetteer.self, data, file: file, map: map, document: nil) else {
                    return Gazetteer(places: [])
                }
                var seen: Set<String> = []
                for (index, place) in gazetteer.places.enumerated() {
                    let location = SeedLocation(file: file, path: "places[\(index)]", map: map)
                    if !seen.insert(place.id).inserted { problems.append(location.problem("duplicate place id '\(place.id)'", field: "id")) }
                    if !Slug.isValid(place.id) { problems.append(location.problem("'\(place.id)' is not a slug", field: "id")) }
                    if !SeedValidator.isCountryCode(place.country) {
                        problems.append(location.problem("'\(place.country)' is not an ISO 3166-1 alpha-2 code", field: "country"))
                    }
                    if let within = place.within, !gazetteer.places.contains(where: { $0.id == within }) {
                        problems.append(location.problem("unknown place '\(within)'", field: "within"))
                    }
                    locations["place/\(place.id)"] = location
                }
                set.places = gazetteer.places
                return gazetteer
            } catch {
                problems.append(SeedProblem(file: file, line: error.line, message: "invalid JSON: \(error.message)"))
                return Gazetteer(places: [])
            }
        }

        private mutating func readDocument(_ entry: SeedRecordFile.DocumentEntry, file: String, map: JSONSourceMap, from directory: URL) {
            let location = SeedLocation(file: file, path: "document", map: map)
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(entry.file).path),
                  let text = String(data: data, encoding: .utf8) else {
                problems.append(location.problem("the document '\(entry.file)' is not in \(prefix)/documents/ or not UTF-8", field: "file"))
                return
            }
            fingerprintInput += Array(entry.file.utf8) + Array(data)
            let checksum = Hexadecimal.encode(SHA256.hash(data: data))
            if let pinned = entry.sha256, pinned != checksum {
                problems.append(location.problem(
                    "the document '\(entry.file)' has changed: SHA-256 is \(checksum), the records were checked against \(pinned)",
                    field: "sha256"))
            }
            if !Slug.isValid(entry.id) { problems.append(location.problem("'\(entry.id)' is not a slug", field: "id")) }
            if set.documents.contains(where: { $0.id == entry.id }) {
                problems.append(location.problem("duplicate document id '\(entry.id)'", field: "id"))
            }
            set.documents.append(Document(
                id: entry.id, fileName: entry.file, language: entry.language, title: entry.title, source: entry.source,
                text: text, sha256: checksum))
            locations["document/\(entry.id)"] = location
        }

        private mutating func add(_ content: SeedRecordFile, file: String, map: JSONSourceMap, gazetteer: Gazetteer) {
            set.themes += registered(content.themes, file: file, map: map)
            set.organisations += registered(content.organisations, file: file, map: map)
            set.regions += registered(content.regions, file: file, map: map)
            set.programmes += registered(content.programmes, file: file, map: map)
            set.partnerships += registered(content.partnerships, file: file, map: map)
            set.projects += registered(content.projects, file: file, map: map)
            set.people += registered(content.people, file: file, map: map)

            for (index, entry) in content.factSheets.enumerated() {
                let location = SeedLocation(file: file, path: "factSheets[\(index)]", map: map)
                guard let document = set.documents.first(where: { $0.id == content.document.id }) else { continue }
                let sheet: FactSheet
                do {
                    sheet = try FactSheetParser().parse(document.text)
                } catch {
                    problems.append(SeedProblem(
                        file: "\(prefix)/documents/\(document.fileName)", line: error.line, message: "fact sheet: \(error.message)"))
                    continue
                }
                let curated = Dictionary(set.organisations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
                var importer = FactSheetImporter(gazetteer: gazetteer, documentID: document.id)
                let project = importer.project(from: sheet, entry: entry, curated: curated)
                register(.project, project.id, location: location)
                set.projects.append(project)
                for organisation in importer.organisations where !set.organisations.contains(where: { $0.id == organisation.id }) {
                    register(.organisation, organisation.id, location: location)
                    set.organisations.append(organisation)
                }
                sheets[project.id] = (sheet, document.id)
            }
        }

        /// The records marked as seed records, each registered with its location.
        private mutating func registered<R: RegistryRecord>(_ records: [R], file: String, map: JSONSourceMap) -> [R] {
            records.enumerated().map { index, record in
                var record = record
                record.origin = .seed
                register(R.kind, record.id, location: SeedLocation(file: file, path: "\(R.kind.plural)[\(index)]", map: map))
                return record
            }
        }

        private mutating func register(_ kind: RecordKind, _ id: String, location: SeedLocation) {
            let key = "\(kind.rawValue)/\(id)"
            if let first = locations[key] {
                problems.append(location.problem(
                    "duplicate \(kind.rawValue) id '\(id)' (first in \(first.file):\(first.map.line(of: first.path)))", field: "id"))
            }
            if !Slug.isValid(id) {
                problems.append(location.problem("'\(id)' is not a slug (lowercase ASCII letters, digits, hyphens); try '\(Slug.make(id))'", field: "id"))
            }
            locations[key] = location
            set.sourceFiles[key] = location.file
        }

        private mutating func decode<T: Decodable>(_ type: T.Type, _ data: Data, file: String, map: JSONSourceMap, document: String?) -> T? {
            var decoder = JSONTextDecoder()
            if let document { decoder.userInfo[Evidence.defaultDocumentKey] = document }
            do {
                return try decoder.decode(type, from: data)
            } catch let error as DecodingError {
                let (path, message) = SeedLoader.explain(error)
                problems.append(SeedProblem(file: file, line: map.line(of: path), message: message))
            } catch {
                problems.append(SeedProblem(file: file, line: nil, message: "\(error)"))
            }
            return nil
        }
    }

    /// The JSON path and a readable message of a decoding error.
    static func explain(_ error: DecodingError) -> (String, String) {
        switch error {
        case let .keyNotFound(key, context):
            let path = JSONSourceMap.path(context.codingPath)
            return (path, "missing field '\(key.stringValue)'" + (path.isEmpty ? "" : " in \(path)"))
        case let .typeMismatch(type, context):
            let path = JSONSourceMap.path(context.codingPath)
            return (path, "\(path): expected \(type)")
        case let .valueNotFound(type, context):
            let path = JSONSourceMap.path(context.codingPath)
            return (path, "\(path): expected \(type), found null")
        case let .dataCorrupted(context):
            let path = JSONSourceMap.path(context.codingPath)
            return (path, "\(path): \(context.debugDescription)")
        @unknown default:
            return ("", "\(error)")
        }
    }
}
