import Foundation
import Import
import RegistryImport

/// The import part of the OpenAPI document: `POST /v1/imports`, `GET /v1/imports` and `GET /v1/imports/{id}`,
/// for `admin` tokens.
enum OpenAPIImports {
    typealias Doc = OpenAPIDocument
    typealias V = OpenAPIValue

    static var paths: Doc.Members {
        let flag: V = ["type": "boolean", "default": false]
        // Text files too are bytes, in whatever encoding the file has (Windows-1252, UTF-16, …).
        let file: V = ["type": "string", "format": "binary", "minLength": 1]
        let document: V = ["type": ["object", "array"], "description": "A JSON document whose rows the profile finds by its path."]
        let csv = "Code 2021,Country,NUTS level 1,NUTS level 2,NUTS level 3,NUTS level\r\nDK,Danmark,,,,0\r\n"
        // A form: the file, and a mapping of the client's own (or the name of a profile) beside it.
        let form: V = [
            "schema": Doc.object([
                Doc.required("file", ["type": "string", "format": "binary", "minLength": 1,
                                      "description": "The file to import; its part's `Content-Type`, else its file name's extension, says its format."]),
                Doc.optional("mapping", ["type": "string", "format": "binary",
                                         "description": "A mapping file (JSON, as `brobygger import --mapping` reads) that says how the file's rows become records."]),
                Doc.optional("profile", ["type": "string", "minLength": 1, "description": "A built-in profile's name, instead of `mapping`."]),
            ]),
            "encoding": [
                "file": ["contentType": .string(ImportRoutes.mediaTypes.map(\.type).joined(separator: ", "))],
                "mapping": ["contentType": "application/json"],
            ],
        ]
        let content: Doc.Members = ImportRoutes.mediaTypes.map { mediaType in
            switch mediaType.pathExtension {
            case "json": (key: mediaType.type, value: ["schema": document, "example": ["hromadas": .array([])]])
            case "tsv": (key: mediaType.type, value: ["schema": file, "example": .string(csv.replacingOccurrences(of: ",", with: "\t"))])
            // A spreadsheet is a zip archive: no text makes an example of one.
            case "xlsx": (key: mediaType.type, value: ["schema": file])
            default: (key: mediaType.type, value: ["schema": file, "example": .string(csv)])
            }
        } + [(key: "multipart/form-data", value: form)]
        let idParameter: V = [
            "name": "id", "in": "path", "required": true, "description": "The import's id, from `Location`.",
            "schema": ["type": "string", "minLength": 1], "example": "0b6e1f0c-5b1a-4c52-9b8e-2f1d7c7e9a11",
        ]
        return [
            (key: "/v1/imports", value: [
                "get": operation(
                    "listImports", summary: "The imports of this server run, the most recent first: the unfinished ones and the last \(ImportJobs.keptFinished) finished.",
                    responses: [(key: "200", value: OpenAPITokens.success("The imports.", schema: Doc.object([
                        Doc.required("data", Doc.array(Doc.ref("ImportJob"))),
                    ])))]),
                "post": operation(
                    "createImport",
                    summary: "Import a file by a built-in profile or a mapping of your own, in the background; `202` at once with the import's resource in `Location`.",
                    description: """
                        The body is the file, byte for byte (CSV, TSV, JSON or XLSX, as the profile reads it; a spreadsheet's \
                        media type makes it read as one). Its size limit is the server's `--import-body-limit-mb` (default \
                        64 MiB), not that of other bodies. Imports run one at a time in the order they came, each in one \
                        transaction: without `skip_invalid`, one invalid row fails the whole import and nothing is written. \
                        Importing the same file again changes nothing. The changes are one entry in the history, by the token's \
                        name. A mapping of your own comes with the file as a `multipart/form-data` body with the parts `file` \
                        and `mapping` (`curl -F file=@data.csv -F mapping=@mapping.json`); the query's other parameters apply to it too.
                        """,
                    parameters: [
                        Doc.query("profile", ["type": "string", "minLength": 1],
                                  "The built-in profile that maps the file's rows to records (`brobygger import --profiles` lists them): brobygger-csv (the API's own CSV downloads, the kind read from the header), nuts-2021, eurostat-metro-population, kohesio-beneficiaries, interreg-partners-se, skew-municipal-partnerships, erdf-operations-thueringen. Required unless a form's `mapping` part gives the mapping.",
                                  example: "nuts-2021"),
                        Doc.query("dry_run", flag, "`true`: report row by row what would be created, updated, unchanged and rejected; write nothing."),
                        Doc.query("skip_invalid", flag, "`true`: import the valid rows and report the rejected ones, instead of failing the whole import."),
                        Doc.query("encoding", ["type": "string", "enum": ["utf-8", "utf-16", "utf-16le", "utf-16be", "windows-1252", "latin1"]],
                                  "The file's encoding, overriding detection (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252)."),
                        Doc.query("name", ["type": "string", "minLength": 1, "maxLength": .integer(ImportRoutes.maxNameLength), "pattern": "^[^/\\\\\\u0000-\\u001f\\u007f]+$"],
                                  "The file's name, which the imported records' evidence cites (default `upload`, with the extension of the media type).",
                                  example: "NUTS2021.csv"),
                    ],
                    requestBody: ["required": true, "content": .object(content)],
                    responses: [
                        (key: "202", value: [
                            "description": "Queued: the import runs in the background; follow `Location` for its state and report.",
                            "headers": [
                                "Cache-Control": OpenAPITokens.noStore,
                                "Location": ["description": "The import's resource.", "required": true, "schema": Doc.string],
                            ],
                            "content": Doc.json(Doc.ref("ImportJob")),
                        ]),
                        (key: "400", value: OpenAPITokens.problem("A query parameter is missing, unknown or malformed, (`/problems/invalid-parameter`, `/problems/unknown-parameter`), the file is empty or the form has no `file` part (`/problems/empty-body`), or the file is labelled JSON and no JSON object or array, or the form is malformed (`/problems/malformed-body`).")),
                        (key: "413", value: ["description": "The body is larger than the server's import limit (`/problems/content-too-large`); the server answers this before any route.",
                                             "content": ["application/problem+json": ["schema": Doc.ref("Problem")]]]),
                        (key: "415", value: OpenAPITokens.problem(
                            "The body is not labelled with one of the accepted media types (`/problems/unsupported-media-type`); `Accept-Post` lists them.",
                            headers: [(key: "Accept-Post", value: ["required": true, "schema": Doc.string])])),
                        (key: "422", value: OpenAPITokens.problem("Neither a `profile` nor a form's `mapping` says how to read the file (`/problems/missing-mapping`), or both do, or `profile` is given twice (`/problems/conflicting-mapping`). Or the server has no profile of this name (`/problems/unknown-profile`); the detail lists the profiles. Or the form's `mapping` is no valid mapping (`/problems/invalid-mapping`); the detail names the key and the reason. Or, with the profile `brobygger-csv`, the file's header is that of no CSV download of the API (`/problems/unrecognised-file`); the detail says what it lacks or has too many.")),
                        (key: "500", value: OpenAPITokens.problem("The server cannot read its profiles directory or the profile's file (`/problems/profiles-unavailable`).")),
                    ],
                    tooManyImports: true),
            ]),
            (key: "/v1/imports/{id}", value: [
                "get": operation(
                    "getImport", summary: "An import: its state, rows read so far and, once finished, its report or why it wrote nothing.",
                    parameters: [idParameter],
                    responses: [
                        (key: "200", value: OpenAPITokens.success("The import.", schema: Doc.ref("ImportJob"))),
                        (key: "404", value: OpenAPITokens.problem("No import with this id is kept (`/problems/not-found`).")),
                    ]),
            ]),
        ]
    }

    /// An operation on imports: `admin` scope, and the authentication answers besides `responses`; with
    /// `tooManyImports`, the `429` of failed authentications also stands for a full queue of imports.
    static func operation(_ id: String, summary: String, description: String? = nil, parameters: [V] = [], requestBody: V? = nil,
                          responses: Doc.Members, tooManyImports: Bool = false) -> V {
        let operation = OpenAPITokens.operation(id, tag: "imports", summary: summary, description: description, parameters: parameters,
                                                requestBody: requestBody, responses: responses)
        guard tooManyImports, case .object(var members) = operation,
              let index = members.firstIndex(where: { $0.key == "responses" }),
              case .object(let answers) = members[index].value else { return operation }
        let tooMany = OpenAPITokens.problem(
            "\(ImportJobs.maxWaiting) imports wait for their turn already (`/problems/too-many-imports`), or too many failed authentications came from this address lately (`/problems/too-many-authentication-failures`).",
            headers: [(key: "Retry-After", value: ["description": "Seconds after which to try again.", "required": true,
                                                   "schema": ["type": "string", "pattern": "^[0-9]+$"]])])
        members[index].value = .object(answers.map { $0.key == "429" ? (key: "429", value: tooMany) : $0 })
        return .object(members)
    }

    static var schemas: Doc.Members {
        let date: V = ["type": "string", "format": "date-time"]
        let nullableDate: V = ["type": ["string", "null"], "format": "date-time"]
        let outcome = Doc.object([
            Doc.required("location", ["type": "string", "description": "Where in the file: `line 12`, `line 3, column 2 (Name)`, `sheet Sheet1, row 4`, a JSON path."]),
            Doc.optional("line", ["type": "integer", "minimum": 1, "description": "The line, when the place is a line of a text file."]),
            Doc.required("status", Doc.enumeration(["imported", "rejected", "skipped"])),
            Doc.required("records", ["type": "array", "items": Doc.string,
                                     "description": "What the row did to each record: `created project/…`, `unchanged organisation/…`."]),
            Doc.optional("reason", ["type": "string", "description": "Why the row was rejected or skipped."]),
        ])
        let report = Doc.object([
            Doc.required("summary", ["type": "string", "description": "The line `brobygger import` ends with: `3 created, 0 updated, 12 unchanged, 1 rejected (16 rows read)`."]),
            Doc.required("created", Doc.count), Doc.required("updated", Doc.count), Doc.required("unchanged", Doc.count),
            Doc.required("rejected", Doc.count), Doc.required("rows_read", Doc.count), Doc.required("rows_skipped", Doc.count),
            Doc.optional("warnings", ["type": "array", "items": Doc.string, "description": "What the reader did on a guess, such as reading the file as Windows-1252 (item only)."]),
            Doc.optional("problems", ["type": "array", "items": outcome, "maxItems": .integer(ImportJob.keptRows),
                                      "description": "The rejected rows, with their lines and reasons (item only)."]),
            Doc.optional("rows", ["type": "array", "items": outcome, "maxItems": .integer(ImportJob.keptRows),
                                  "description": "A dry run's outcome of every row (item only)."]),
        ], description: "What the import did; the counts are of distinct records.")
        let failure = Doc.object([
            Doc.required("detail", ["type": "string", "description": "Why nothing was written, naming the file and the line, cell or key."]),
            Doc.required("problem_count", Doc.count),
            Doc.optional("problems", ["type": "array", "items": outcome, "maxItems": .integer(ImportJob.keptRows),
                                      "description": "The invalid rows that failed the import (item only)."]),
        ])
        return [
            (key: "ImportJob", value: Doc.object([
                Doc.required("id", Doc.string),
                Doc.required("state", Doc.enumeration(ImportJob.State.allCases.map(\.rawValue))),
                Doc.required("profile", Doc.string),
                Doc.required("file", Doc.string),
                Doc.required("sha256", ["type": "string", "pattern": "^[0-9a-f]{64}$"]),
                Doc.required("size", Doc.count),
                Doc.required("dry_run", Doc.boolean),
                Doc.required("skip_invalid", Doc.boolean),
                Doc.required("author", ["type": "string", "description": "The name of the token that asked."]),
                Doc.required("submitted_at", date),
                Doc.required("started_at", nullableDate),
                Doc.required("finished_at", nullableDate),
                Doc.required("rows_done", ["type": "integer", "minimum": 0, "description": "Rows read so far."]),
                Doc.required("link", Doc.string),
                Doc.required("report", ["oneOf": [report, ["type": "null"]], "description": "Once `succeeded`."]),
                Doc.required("error", ["oneOf": [failure, ["type": "null"]], "description": "Once `failed`: nothing was written."]),
            ], description: "An import asked for over HTTP.")),
        ]
    }
}
