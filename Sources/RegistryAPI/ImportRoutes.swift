import Foundation
import HTTPServer
import Import
import Registry
import RegistryImport

/// Imports over HTTP, for `admin` tokens: `POST /v1/imports?profile=NAME` takes a file as its body and answers
/// `202` with `Location: /v1/imports/{id}` at once; the import runs in the background (``ImportJobs``, one at a
/// time), and `GET /v1/imports/{id}` shows its state, rows read and, once finished, the report the
/// `brobygger import` command prints. `GET /v1/imports` lists the recent ones.
///
/// The mapping is a built-in profile named by `profile`, or a mapping file of the client's own sent with the file
/// as a `multipart/form-data` body (`file` and `mapping` parts), since a mapping is longer than a request line may be.
/// The body's media type says the format where the profile leaves it open (a spreadsheet is always read as one);
/// the body has its own size limit (``RegistryAPI/importsPath``, `--import-body-limit-mb`).
/// Answers are `Cache-Control: no-store`.
enum ImportRoutes {
    static let parameters = ["profile", "dry_run", "skip_invalid", "encoding", "name"]

    /// The media types a file may be sent as, with the file name extension each stands for (nil: the name's).
    static let mediaTypes: [(type: String, pathExtension: String?)] = [
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/json", "json"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        ("application/octet-stream", nil),
    ]

    /// The longest file name `name` may give, in characters.
    static let maxNameLength = 255

    static func install(on router: inout RouterGroup, context: APIContext) {
        let authentication = context.authentication
        let imports = context.imports
        router.add(.post, "/imports", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, principal in
            let asked = try importRequest(request, principal: principal, profiles: context.profiles)
            guard let job = imports.submit(asked, size: request.body.count) else {
                throw HTTPError(.init(code: 429), kind: "too-many-imports",
                                detail: "\(ImportJobs.maxWaiting) imports are waiting for their turn already; try again when one has started.",
                                headers: ["Retry-After": "5"])
            }
            var response = Response.json(ImportJobJSON.render(job, detailed: false), status: .init(code: 202))
            response.headers.set("Location", job.link)
            return response
        })
        router.get("/imports", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            return Response.json(ImportJobJSON.list(imports.recent()))
        })
        router.get("/imports/{id}", caching: .uncached, handler: authentication.handler(requiring: .admin) { request, _ in
            try QueryParameters.check(request, accepting: [])
            let id = request.pathParameters["id"] ?? ""
            guard let job = imports.job(id: id) else {
                throw HTTPError(.notFound, kind: "not-found",
                                detail: "No import with id `\(id)`; the server keeps the \(ImportJobs.keptFinished) most recent finished ones, until it stops.")
            }
            return Response.json(ImportJobJSON.render(job, detailed: true))
        })
    }

    /// What a `POST /v1/imports` asks for, checked in the order of its parts: the query (`400`), the body's media
    /// type (`415`), the body (`400` when empty, or labelled JSON and not a JSON document), the profile (`422` when
    /// the server has none of that name) or the mapping (`422` when it is no valid mapping).
    private static func importRequest(_ request: Request, principal: Principal, profiles: ProfileLibrary) throws -> ImportJobs.Request {
        try QueryParameters.check(request, accepting: parameters)
        let dryRun = try flag("dry_run", request)
        let skipInvalid = try flag("skip_invalid", request)
        var encoding: TextEncoding?
        if let name = request.query("encoding") {
            guard let named = TextEncoding(named: name) else {
                throw APIError.invalidParameter("encoding", reason: "must be utf-8, utf-16, windows-1252 or latin1.")
            }
            encoding = named
        }
        let given = try fileName(request.query("name"), parameter: "name")
        let contentType = request.headers["Content-Type"]
        if let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
           MultipartFormData.boundary(ofContentType: contentType) == nil {
            throw HTTPError(.badRequest, kind: "malformed-body",
                            detail: "The body is labelled multipart/form-data without a `boundary` parameter of 1 to 70 characters.")
        }
        let upload = try contentType.flatMap(MultipartFormData.boundary(ofContentType:)).map { boundary in
            try formUpload(request.body, boundary: boundary, profile: request.query("profile"))
        } ?? Upload(file: request.body[...], contentType: contentType, fileName: nil, profile: request.query("profile"), mapping: nil)

        let mediaType = try acceptedMediaType(of: upload)
        guard !upload.file.isEmpty else {
            throw HTTPError(.badRequest, kind: "empty-body", detail: "The file is empty; send the file to import as the body, or as the `file` part of a form.")
        }
        if mediaType.pathExtension == "json", !opensJSONDocument(upload.file) {
            throw HTTPError(.badRequest, kind: "malformed-body",
                            detail: "The file is labelled `application/json` but is no JSON object or array, which a file to import is.")
        }
        // The media type's extension, which tells the reader a spreadsheet from text, goes on a name without it.
        var file = given ?? upload.fileName ?? "upload"
        if let pathExtension = mediaType.pathExtension, URL(fileURLWithPath: file).pathExtension.lowercased() != pathExtension {
            file += "." + pathExtension
        }
        let input = ImportInput.bytes(Array(upload.file), name: file)
        let mapping: ImportMapping
        if let text = upload.mapping {
            mapping = try customMapping(text)
        } else if upload.profile == BrobyggerCSVProfile.name {
            do { mapping = try BrobyggerCSVProfile.mapping(for: input) } catch {
                throw HTTPError(.unprocessableContent, kind: "unrecognised-file", detail: "Profile `\(BrobyggerCSVProfile.name)`: \(error)")
            }
        } else if let profile = upload.profile {
            mapping = try builtInProfile(profile, profiles: profiles)
        } else {
            // 422, not 400: the request is well-formed, and the schema cannot say that a plain body needs a profile.
            let reason = "is required unless a form's `mapping` part gives the mapping: the name of a built-in profile, such as `nuts-2021`."
            throw HTTPError(.unprocessableContent, kind: "missing-mapping",
                            detail: "Nothing says how to read the file: give the query parameter `profile`, or send the file as a form with a `mapping` part.",
                            invalidParameters: [.init(name: "profile", reason: reason)])
        }

        return ImportJobs.Request(input: input, mapping: mapping, encoding: encoding,
                                  dryRun: dryRun, skipInvalid: skipInvalid, author: principal.name)
    }

    /// The file to import and what says how to read it, from the body or from the parts of a form.
    private struct Upload {
        var file: ArraySlice<UInt8>
        var contentType: String?
        var fileName: String?
        var profile: String?
        var mapping: ArraySlice<UInt8>?
    }

    /// The form parts a `multipart/form-data` body may have.
    static let formParts = ["file", "mapping", "profile"]

    /// The parts of a `multipart/form-data` body: `file` (required), and `mapping` (a mapping file) or `profile`.
    private static func formUpload(_ body: [UInt8], boundary: String, profile queried: String?) throws -> Upload {
        let form: MultipartFormData
        do { form = try MultipartFormData(parsing: body, boundary: boundary) } catch {
            throw HTTPError(.badRequest, kind: "malformed-body", detail: "The body is no valid multipart/form-data: \(error).")
        }
        var seen = Set<String>()
        for part in form.parts {
            guard formParts.contains(part.name) else {
                throw HTTPError(.badRequest, kind: "malformed-body",
                                detail: "The form has a part `\(part.name)`; its parts are `file`, and `mapping` or `profile`.")
            }
            guard seen.insert(part.name).inserted else {
                throw HTTPError(.badRequest, kind: "malformed-body", detail: "The form has more than one `\(part.name)` part.")
            }
        }
        guard let file = form.part(named: "file") else {
            throw HTTPError(.badRequest, kind: "empty-body", detail: "The form has no `file` part: the file to import.")
        }
        var profile = queried
        if let part = form.part(named: "profile") {
            guard queried == nil else { throw conflict("is given both in the query and as a part of the form; give it once.") }
            guard let name = String(validating: part.body, as: UTF8.self), !name.isEmpty else {
                throw HTTPError(.badRequest, kind: "malformed-body", detail: "The form's `profile` part is no profile name.")
            }
            profile = name
        }
        let mapping = form.part(named: "mapping")?.body
        if mapping != nil, profile != nil {
            throw conflict("cannot be given with a `mapping` part: give a built-in profile or a mapping, not both.")
        }
        // A browser or curl sends the name of the file on the client's disk; only its last component is kept.
        let lastComponent = file.fileName?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)
        let clientName = try fileName(lastComponent, parameter: "file")
        return Upload(file: file.body, contentType: file.contentType, fileName: clientName, profile: profile, mapping: mapping)
    }

    /// Two ways of reading the file given at once: each is well-formed (the schema allows both), so `422`.
    private static func conflict(_ reason: String) -> HTTPError {
        HTTPError(.unprocessableContent, kind: "conflicting-mapping", detail: "Query parameter or part `profile`: \(reason)",
                  invalidParameters: [.init(name: "profile", reason: reason)])
    }

    /// The accepted media type the file is labelled with; a file part without a label, or labelled as bytes, takes
    /// its type from its name's extension when that is one of the accepted ones.
    private static func acceptedMediaType(of upload: Upload) throws -> (type: String, pathExtension: String?) {
        let label = upload.contentType?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let label, let mediaType = mediaTypes.first(where: { $0.type == label }) {
            if mediaType.pathExtension == nil, let named = typeOfName(upload.fileName) { return named }
            return mediaType
        }
        if label == nil, let named = typeOfName(upload.fileName) { return named }
        let accepted = mediaTypes.map(\.type).joined(separator: ", ")
        throw HTTPError(.unsupportedMediaType, kind: "unsupported-media-type",
                        detail: "The file must be sent as one of \(accepted), or as the `file` part of multipart/form-data; it was \(label.map { "`\($0)`" } ?? "not labelled").",
                        headers: ["Accept-Post": accepted + ", multipart/form-data"])
    }

    /// The accepted media type a file name's extension stands for.
    private static func typeOfName(_ name: String?) -> (type: String, pathExtension: String?)? {
        guard let name else { return nil }
        let pathExtension = URL(fileURLWithPath: name).pathExtension.lowercased()
        return mediaTypes.first { $0.pathExtension == pathExtension && !pathExtension.isEmpty }
    }

    /// A mapping sent with the file (`422` naming the key and the reason when it is no valid mapping).
    private static func customMapping(_ text: ArraySlice<UInt8>) throws -> ImportMapping {
        do {
            return try ImportMapping.parse(Data(text), file: "mapping", name: "custom")
        } catch let error as MappingError {
            let reason = error.key.isEmpty ? error.reason : "\(error.key): \(error.reason)"
            throw HTTPError(.unprocessableContent, kind: "invalid-mapping", detail: "The form's `mapping` part is no valid mapping: \(reason)",
                            invalidParameters: [.init(name: error.key.isEmpty ? "mapping" : "mapping.\(error.key)", reason: error.reason)])
        }
    }

    /// The built-in profile `name` (`422` when the server has none of that name).
    private static func builtInProfile(_ name: String, profiles: ProfileLibrary) throws -> ImportMapping {
        let known: [String]
        do { known = try [BrobyggerCSVProfile.name] + profiles.names() } catch {
            throw HTTPError(.internalServerError, kind: "profiles-unavailable", detail: "The server cannot read its import profiles.")
        }
        guard known.contains(name) else {
            let reason = "is not a profile of this server; the profiles are " + known.joined(separator: ", ") + "."
            throw HTTPError(.unprocessableContent, kind: "unknown-profile", detail: "Query parameter `profile`: \(reason)",
                            invalidParameters: [.init(name: "profile", reason: reason)])
        }
        do { return try profiles.load(name) } catch {
            throw HTTPError(.internalServerError, kind: "profiles-unavailable", detail: "The server's profile `\(name)` cannot be read: \(error)")
        }
    }

    /// Whether `body` begins as a JSON object or array does, after a byte order mark and blanks: a check of the
    /// label before the import is queued, so that a scalar (`""`, `42`) is refused at once. UTF-16 text, which
    /// the reader detects by its mark, is left to the reader.
    static func opensJSONDocument(_ body: ArraySlice<UInt8>) -> Bool {
        if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) { return true }
        let text = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body
        let first = text.first { ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains($0) }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// `true` or `false`; false when not given.
    private static func flag(_ name: String, _ request: Request) throws -> Bool {
        switch request.query(name) {
        case nil, "false": return false
        case "true": return true
        default: throw APIError.invalidParameter(name, reason: "must be `true` or `false`.")
        }
    }

    /// A file's name as `name` or the form's file part gives it, for the evidence of the imported records: no
    /// path, no control characters.
    private static func fileName(_ name: String?, parameter: String) throws -> String? {
        guard let name else { return nil }
        let valid = !name.isEmpty && name.count <= maxNameLength && name != "." && name != ".."
            && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control }
        guard valid else {
            throw APIError.invalidParameter(parameter, reason: "must be a file name of 1 to \(maxNameLength) characters, without `/`, `\\` or control characters.")
        }
        return name
    }
}
