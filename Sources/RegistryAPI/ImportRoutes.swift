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
/// The mapping is a built-in profile only: a mapping file is longer than a request line may be, and a second
/// part of the body would make a file upload a multipart one. Custom mappings go through the command.
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
    /// type (`415`), the body (`400` when empty, or labelled JSON and not a JSON document), the profile (`422` when the server has none of that name).
    private static func importRequest(_ request: Request, principal: Principal, profiles: ProfileLibrary) throws -> ImportJobs.Request {
        try QueryParameters.check(request, accepting: parameters)
        guard let profile = request.query("profile") else {
            throw APIError.invalidParameter("profile", reason: "is required: the name of a built-in profile, such as `nuts-2021`.")
        }
        let dryRun = try flag("dry_run", request)
        let skipInvalid = try flag("skip_invalid", request)
        var encoding: TextEncoding?
        if let name = request.query("encoding") {
            guard let named = TextEncoding(named: name) else {
                throw APIError.invalidParameter("encoding", reason: "must be utf-8, utf-16, windows-1252 or latin1.")
            }
            encoding = named
        }
        let given = try fileName(request)

        let label = request.headers["Content-Type"]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let label, let mediaType = mediaTypes.first(where: { $0.type == label }) else {
            let accepted = mediaTypes.map(\.type).joined(separator: ", ")
            throw HTTPError(.unsupportedMediaType, kind: "unsupported-media-type",
                            detail: "The file must be sent as one of \(accepted); it was \(label.map { "`\($0)`" } ?? "not labelled").",
                            headers: ["Accept-Post": accepted])
        }
        guard !request.body.isEmpty else {
            throw HTTPError(.badRequest, kind: "empty-body", detail: "The body is empty; send the file to import as the body.")
        }
        if mediaType.pathExtension == "json", !opensJSONDocument(request.body) {
            throw HTTPError(.badRequest, kind: "malformed-body",
                            detail: "The body is labelled `application/json` but is no JSON object or array, which a file to import is.")
        }

        let known: [String]
        do { known = try profiles.names() } catch {
            throw HTTPError(.internalServerError, kind: "profiles-unavailable", detail: "The server cannot read its import profiles.")
        }
        guard known.contains(profile) else {
            let reason = "is not a profile of this server; the profiles are " + known.joined(separator: ", ") + "."
            throw HTTPError(.unprocessableContent, kind: "unknown-profile", detail: "Query parameter `profile`: \(reason)",
                            invalidParameters: [.init(name: "profile", reason: reason)])
        }
        let mapping: ImportMapping
        do { mapping = try profiles.load(profile) } catch {
            throw HTTPError(.internalServerError, kind: "profiles-unavailable", detail: "The server's profile `\(profile)` cannot be read: \(error)")
        }

        // The media type's extension, which tells the reader a spreadsheet from text, goes on a name without it.
        var file = given ?? "upload"
        if let pathExtension = mediaType.pathExtension, URL(fileURLWithPath: file).pathExtension.lowercased() != pathExtension {
            file += "." + pathExtension
        }
        return ImportJobs.Request(input: .bytes(request.body, name: file), mapping: mapping, encoding: encoding,
                                  dryRun: dryRun, skipInvalid: skipInvalid, author: principal.name)
    }

    /// Whether `body` begins as a JSON object or array does, after a byte order mark and blanks: a check of the
    /// label before the import is queued, so that a scalar (`""`, `42`) is refused at once. UTF-16 text, which
    /// the reader detects by its mark, is left to the reader.
    static func opensJSONDocument(_ body: [UInt8]) -> Bool {
        if body.starts(with: [0xFE, 0xFF]) || body.starts(with: [0xFF, 0xFE]) { return true }
        let text = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body[...]
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

    /// The file's name that `name` gives, for the evidence of the imported records: no path, no control characters.
    private static func fileName(_ request: Request) throws -> String? {
        guard let name = request.query("name") else { return nil }
        let valid = !name.isEmpty && name.count <= maxNameLength && name != "." && name != ".."
            && !name.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.properties.generalCategory == .control }
        guard valid else {
            throw APIError.invalidParameter("name", reason: "must be a file name of 1 to \(maxNameLength) characters, without `/`, `\\` or control characters.")
        }
        return name
    }
}
