import Registry

/// The write side of the OpenAPI document: `POST` on every collection, `PUT`, `PATCH` and `DELETE` on every item,
/// `POST …/reset`, the history (`/v1/changes`, `…/history`), the request schemas with an example for every
/// create and replace, and every answer they give.
enum OpenAPIWrites {
    typealias Doc = OpenAPIDocument
    typealias V = OpenAPIValue

    /// The operations added to `/v1/{kind}`.
    static func collectionOperations(_ kind: RecordKind) -> Doc.Members {
        let name = Doc.typeName(kind)
        return [(key: "post", value: operation(
            "create\(name)", summary: "Create a \(kind.rawValue); its id is `id`, or made from its name.",
            description: "Every problem of the body is reported at once (`invalid_params`, JSON Pointers). `origin` is set by the registry; evidence offsets are recomputed from the quote.",
            parameters: [Doc.parameterRef("X-Change-Reason")],
            body: ("application/json", Doc.ref("\(name)Input"), examples[kind]),
            responses: [
                (key: "201", value: written("The new \(kind.rawValue), as `GET` serves it now.", kind: kind, location: true)),
                (key: "409", value: problem("The id is taken (`/problems/id-taken`).")),
            ] + bodyAnswers(mediaType: "application/json", acceptField: "Accept-Post"))),
        ]
    }

    /// The operations added to `/v1/{kind}/{id}`.
    static func itemOperations(_ kind: RecordKind) -> Doc.Members {
        let name = Doc.typeName(kind)
        let id = Doc.idParameter(example: Doc.exampleIDs[kind] ?? "")
        let conditional = [id, Doc.parameterRef("If-Match"), Doc.parameterRef("X-Change-Reason")]
        let preconditions: Doc.Members = [
            (key: "404", value: problem("No \(kind.rawValue) has this id (`/problems/not-found`).")),
            (key: "412", value: problem("`If-Match` names no current version of the item (`/problems/precondition-failed`); nothing was changed.")),
            (key: "428", value: problem("`If-Match` is required and missing (`/problems/precondition-required`).")),
        ]
        return [
            (key: "put", value: operation(
                "replace\(name)", summary: "Replace a \(kind.rawValue) with the body.",
                description: "The body is the whole record (as `GET` serves its `data`); a body equal to the stored record changes nothing.",
                parameters: conditional, body: ("application/json", Doc.ref("\(name)Input"), examples[kind]),
                responses: [(key: "200", value: written("The \(kind.rawValue) as `GET` serves it now.", kind: kind))]
                    + preconditions + bodyAnswers(mediaType: "application/json", acceptField: "Accept-Post"))),
            (key: "patch", value: operation(
                "update\(name)", summary: "Change a \(kind.rawValue) with a JSON Merge Patch (RFC 7396).",
                description: "Members of the patch replace the record's, `null` removes one, objects are patched recursively; the result is validated as a whole.",
                parameters: conditional, body: (WriteRoutes.mergePatch, ["type": "object"], ["description": "Changed by a merge patch."]),
                responses: [(key: "200", value: written("The \(kind.rawValue) as `GET` serves it now.", kind: kind))]
                    + preconditions + bodyAnswers(mediaType: WriteRoutes.mergePatch, acceptField: "Accept-Patch"))),
            (key: "delete", value: operation(
                "delete\(name)", summary: "Delete a \(kind.rawValue) that no record refers to.",
                parameters: conditional,
                responses: [
                    (key: "204", value: ["description": "Deleted; its history stays.", "headers": ["Cache-Control": OpenAPITokens.noStore]]),
                    (key: "409", value: problem("Records refer to it (`/problems/referenced`); `detail` names them.")),
                ] + preconditions)),
        ]
    }

    /// `POST /v1/{kind}/{id}/reset` and `GET /v1/{kind}/{id}/history` of every kind, and `GET /v1/changes`.
    static var paths: Doc.Members {
        var paths: Doc.Members = [(key: "/v1/changes", value: ["get": .object(historyOperation(
            "listChanges", summary: "Every change of every record, oldest first: the feed to keep in step with by polling `since`.",
            parameters: [
                Doc.query("kind", Doc.enumeration(RecordKind.allCases.map(\.rawValue)), "Only changes of records of this kind."),
                Doc.query("record", ["type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"], "Only changes of records with this id (a slug)."),
            ]))])]
        for kind in RecordKind.allCases {
            let name = Doc.typeName(kind)
            let id = Doc.idParameter(example: Doc.exampleIDs[kind] ?? "")
            paths.append((key: "/v1/\(kind.plural)/{id}/reset", value: ["post": operation(
                "reset\(name)", summary: "Put a \(kind.rawValue) edited or deleted through the API back to the seeds' version.",
                description: "A seed record never edited is its seed version already: `200` without a change.",
                parameters: [id, Doc.parameterRef("If-Match"), Doc.parameterRef("X-Change-Reason")],
                responses: [
                    (key: "200", value: written("The \(kind.rawValue) as the seeds state it.", kind: kind)),
                    (key: "404", value: problem("With `If-Match`: no \(kind.rawValue) has this id (`/problems/not-found`).")),
                    (key: "409", value: problem("The record has no seed version (`/problems/no-seed-version`), or that version refers to records that are gone (`/problems/broken-reference`).")),
                    (key: "412", value: problem("`If-Match` names no current version of the item (`/problems/precondition-failed`).")),
                ])]))
            paths.append((key: "/v1/\(kind.plural)/{id}/history", value: ["get": .object(historyOperation(
                "get\(name)History", summary: "The changes of one \(kind.rawValue), oldest first; a deleted record keeps its history.",
                parameters: [id], notFound: true))]))
        }
        return paths
    }

    static func historyOperation(_ id: String, summary: String, parameters: [V], notFound: Bool = false) -> Doc.Members {
        var responses: Doc.Members = [
            (key: "200", value: Doc.ok("A page of changes.", content: Doc.json(Doc.page(of: Doc.ref("Change"))), language: false, link: true)),
            (key: "304", value: Doc.responseRef("NotModified")),
            (key: "400", value: Doc.responseRef("BadRequest")),
        ]
        if notFound { responses.append((key: "404", value: Doc.responseRef("NotFound"))) }
        responses.append((key: "401", value: Doc.responseRef("Unauthorized")))
        responses.append((key: "503", value: Doc.responseRef("Unavailable")))
        return [
            (key: "operationId", value: .string(id)), (key: "tags", value: ["history"]), (key: "summary", value: .string(summary)),
            (key: "description", value: "People's contact details are shown to requests with a valid token only (`Cache-Control: private`); anonymous requests get `Vary: Authorization`."),
            (key: "parameters", value: .array(parameters + [
                Doc.query("since", ["type": "string", "pattern": "^(0|[1-9][0-9]{0,17})$"], "Only changes with a greater id.", example: "0"),
                Doc.query("from", ["type": "string", "format": "date-time"], "Only changes at or after this RFC 3339 time."),
                Doc.query("until", ["type": "string", "format": "date-time"], "Only changes before this RFC 3339 time."),
                Doc.parameterRef("limit"), Doc.parameterRef("cursor"),
            ])),
            (key: "responses", value: .object(responses)),
        ]
    }

    /// A write operation: `write` scope, and the authentication answers besides `responses`.
    static func operation(_ id: String, summary: String, description: String? = nil, parameters: [V],
                          body: (mediaType: String, schema: V, example: V?)? = nil, responses: Doc.Members) -> V {
        var members: Doc.Members = [(key: "operationId", value: .string(id)), (key: "tags", value: ["changes"]),
                                    (key: "summary", value: .string(summary))]
        if let description { members.append((key: "description", value: .string(description))) }
        members.append((key: "parameters", value: .array(parameters)))
        if let body {
            var content: Doc.Members = [(key: "schema", value: body.schema)]
            if let example = body.example { content.append((key: "example", value: example)) }
            members.append((key: "requestBody", value: ["required": true, "content": .object([(key: body.mediaType, value: .object(content))])]))
        }
        members.append((key: "security", value: OpenAPITokens.security(.write)))
        let storage = problem("The database cannot take writes now: its file is read-only (`/problems/database-read-only`), its disk is full (`/problems/disk-full`), an import or another process has held it for 15 seconds (`/problems/database-busy`) or its storage failed (`/problems/storage-error`); nothing was written, reads go on. On PostgreSQL: the database does not answer (`/problems/database-unavailable`) or all its connections stay busy (`/problems/database-busy`); if it stopped answering while the change was being committed and did not answer again within 5 seconds (the server then asks whether the change was committed), the change may have been made all the same: read the record before trying again, or try again as it is (a repeated creation is then a `409` `id-taken`, a repeated change with `If-Match` a `412`).",
                              headers: [(key: "Retry-After", value: ["description": "Seconds after which to try again.", "required": true,
                                                                     "schema": ["type": "string", "pattern": "^[0-9]+$"]])])
        members.append((key: "responses", value: OpenAPITokens.authenticated(responses + [(key: "503", value: storage)], badRequest:
            "A query parameter was given (`/problems/unknown-parameter`), or `X-Change-Reason` is too long (`/problems/invalid-header`).")))
        return .object(members)
    }

    /// The answers about a request's body.
    static func bodyAnswers(mediaType: String, acceptField: String) -> Doc.Members {
        [
            (key: "400", value: problem("The body is not JSON (`/problems/malformed-body`), a query parameter was given (`/problems/unknown-parameter`), or `X-Change-Reason` is too long (`/problems/invalid-header`).")),
            (key: "413", value: problem("The body is larger than a record may be (`/problems/content-too-large`).")),
            (key: "415", value: problem("The body is not `\(mediaType)` (`/problems/unsupported-media-type`); `\(acceptField)` says what is.",
                                        headers: [(key: acceptField, value: ["required": true, "schema": Doc.string])])),
            (key: "422", value: problem("The record is not valid (`/problems/invalid-body`); `invalid_params` names every field at fault by JSON Pointer.")),
        ]
    }

    static func written(_ description: String, kind: RecordKind, location: Bool = false) -> V {
        var headers: Doc.Members = [
            (key: "Cache-Control", value: OpenAPITokens.noStore),
            (key: "ETag", value: Doc.headerRef("ETag")),
            (key: "Content-Location", value: ["description": "The item's resource.", "required": true, "schema": Doc.string]),
            (key: "X-Change-Id", value: ["description": "The id of the change in the history; absent when the write changed nothing.",
                                         "schema": ["type": "string", "pattern": "^[1-9][0-9]*$"]]),
        ]
        if location { headers.append((key: "Location", value: ["description": "The new record's resource.", "required": true, "schema": Doc.string])) }
        let unread = " On PostgreSQL, if the database stops answering after the change was committed and before its item was read back, the answer has no body and no `ETag`: the change is made; `GET` the item for them."
        return ["description": .string(description + unread), "headers": .object(headers), "content": Doc.json(Doc.ref("\(Doc.typeName(kind))Item"))]
    }

    static func problem(_ description: String, headers: Doc.Members = []) -> V {
        OpenAPITokens.problem(description, headers: headers)
    }

    static var parameters: Doc.Members {
        [
            (key: "If-Match", value: [
                "name": "If-Match", "in": "header",
                "description": "The strong `ETag` of the item (of any language, with or without `-gzip`), or `*`: the change is made only if the record is still that version. Required for PUT, PATCH and DELETE unless the server runs with `--require-if-match false`.",
                "schema": Doc.string,
            ]),
            (key: "X-Change-Reason", value: [
                "name": "X-Change-Reason", "in": "header", "description": "Why, recorded in the history as given.",
                "schema": ["type": "string", "maxLength": .integer(WriteRoutes.maxReasonLength)],
            ]),
        ]
    }

    static var schemas: Doc.Members {
        var schemas: Doc.Members = [
            (key: "Change", value: Doc.object([
                Doc.required("id", ["type": "integer", "minimum": 1]),
                Doc.required("time", ["type": "string", "format": "date-time"]),
                Doc.required("author", ["type": "string", "description": "The token's name, or the seed file of a seed load."]),
                Doc.required("operation", Doc.enumeration(ChangeOperation.allCases.map(\.rawValue))),
                Doc.required("kind", Doc.enumeration(RecordKind.allCases.map(\.rawValue) + [ChangeOperation.import.rawValue])),
                Doc.required("record", Doc.string), Doc.required("link", Doc.string),
                Doc.required("before", ["type": ["object", "null"], "description": "The record as served before; null before a creation."]),
                Doc.required("after", ["type": ["object", "null"], "description": "The record as served after; null after a deletion."]),
                Doc.required("reason", ["type": ["string", "null"]]),
            ], description: "A change of one record; or an import (`operation` and `kind` `import`), one entry for every record it created or changed: `record` and `link` name its provenance document, `after` says what it did (file, SHA-256, mapping, counts). In one record's history an import's `before` and `after` are that record's.")),
            (key: "AsOf", value: Doc.object([
                Doc.required("as_of", Doc.string),
                Doc.required("exact", ["type": "boolean", "description": "False when `as_of` lies before the record's history: the record came into the registry without a recorded creation (loaded before the history was kept, or in bulk), so whether it existed then is not known, and `data` is the earliest version known."]),
                Doc.optional("history_begins", ["type": ["string", "null"], "description": "When not `exact`: the time of the record's first recorded change, whose `before` `data` is; null when the history records no change of it and `data` is the record now."]),
                Doc.optional("note", ["type": "string", "description": "When not `exact`: the same in words."]),
                Doc.required("data", ["type": "object"]),
                Doc.required("links", Doc.object([Doc.required("current", Doc.string), Doc.required("history", Doc.string)])),
            ], description: "A record as it was at `as_of`. From the history when `exact`; before the record's history, its earliest known version, marked as such.")),
            (key: "EvidenceInput", value: Doc.object([
                Doc.required("document", Doc.string), Doc.required("quote", Doc.nonEmptyString),
                Doc.optional("start", Doc.count), Doc.optional("end", Doc.count), Doc.optional("field", Doc.string),
            ], description: "A passage of a source document; offsets are recomputed from the quote unless they point at it.")),
        ]
        for (kind, properties) in Doc.records {
            let required = requiredFields[kind] ?? []
            let input = properties.map { property -> Doc.Property in
                var property = property
                property.required = required.contains(property.name)
                if property.name == "evidence" { property.schema = Doc.array(Doc.ref("EvidenceInput")) }
                return property
            }
            schemas.append((key: "\(Doc.typeName(kind))Input", value: Doc.object(
                input, description: "A \(kind.rawValue) to write: as served, `id`, `origin` and evidence offsets optional.")))
        }
        return schemas
    }

    /// The fields a written record must have (see the registry's validation).
    static let requiredFields: [RecordKind: Set<String>] = [
        .theme: ["labels"], .organisation: ["name", "kind"], .region: ["name", "kind"], .programme: ["name"],
        .partnership: ["name", "kind"], .project: ["title", "kind"], .person: ["name"],
    ]

    /// A valid body of every kind, naming records of the seeds.
    static let examples: [RecordKind: V] = [
        .theme: ["labels": ["en": "Ports", "da": "Havne", "de": "Häfen"]],
        .organisation: ["name": "Port of Aabenraa", "kind": "agency", "country": "DK", "nuts": "DK03", "themes": ["logistics"]],
        .region: ["name": "Fehmarnbelt Region", "kind": "crossBorderRegion", "countries": ["DE", "DK"], "members": ["hamburg"]],
        .programme: ["name": "Interreg Deutschland-Danmark 2021-2027", "instrument": "Interreg", "strand": "A",
                     "period": ["start": "2021", "end": "2027"], "countries": ["DE", "DK"]],
        .partnership: ["name": "Harbour network", "kind": "network", "parties": [["organisation": "hamburg", "role": "member"]],
                       "themes": ["logistics"]],
        .project: ["acronym": "PORTS", "title": "Ports together", "kind": "fundedProject", "programme": "interreg-cityregio-ii",
                   "period": ["start": "2021-01", "end": "2023-12"], "total_budget": ["amount": 1000000, "currency": "EUR"],
                   "eu_funding": ["amount": 750000, "currency": "EUR"], "co_financing_rate": .number(0.75),
                   "partners": [["organisation": "hamburg", "listed_name": "Freie und Hansestadt Hamburg", "role": "lead", "country": "DE"]]],
        .person: ["name": "Jane Example", "roles": [["role": "contact", "organisation": "hamburg"]], "contact": ["email": "jane@example.org"]],
    ]
}
