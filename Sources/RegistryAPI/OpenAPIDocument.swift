import Registry

/// The OpenAPI 3.1 description of every route, served at `GET /openapi.json`.
///
/// Filters, sort fields and enumerations are read from the same declarations the handlers use
/// (`RecordQuery.supportedFilters(for:)`, `RecordQuery.sortFields(for:)`, the model's `CaseIterable` enums).
enum OpenAPIDocument {
    /// The document as compact JSON, built once.
    static let bytes: [UInt8] = document.bytes

    typealias V = OpenAPIValue
    typealias Members = [(key: String, value: OpenAPIValue)]

    static var document: V {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Brobygger registry API",
                "version": "1",
                "summary": "Read access to the registry of cross-border cooperation: records, relations, documents, findings, search and the cooperation network.",
                "description": """
                    JSON by default; every list also as CSV (`Accept: text/csv` or `?format=csv`), and record lists as \
                    NDJSON (`application/x-ndjson`, `?format=ndjson`), also whole in one streamed response (`?limit=all`). Every \
                    representation but such a download has a strong `ETag` and `Last-Modified`; `If-None-Match` and `If-Modified-Since` give `304`. Responses \
                    are gzip-compressed when `Accept-Encoding` allows. Every error is an RFC 9457 problem \
                    (`application/problem+json`) whose `type` is a stable URI per kind of problem. Every route also answers \
                    `HEAD` (as `GET`, without a body) and `OPTIONS` (`204` with `Allow`); other methods get `405` with `Allow`, \
                    unknown paths `404`. Labels follow `?lang=` or `Accept-Language` (en, da, de), echoed in `Content-Language`. \
                    A server on a PostgreSQL database answers any request that needs the database with `503` and `Retry-After` \
                    while the database does not answer (`/problems/database-unavailable`) or all its connections stay busy \
                    (`/problems/database-busy`).
                    """,
                "license": ["name": "See the repository", "identifier": "MIT"],
            ],
            "servers": [["url": "/"]],
            "tags": [
                ["name": "records", "description": "Collections and items of every record kind."],
                ["name": "relations", "description": "Records related to one record, paginated."],
                ["name": "documents", "description": "The source documents and their text."],
                ["name": "places", "description": "The gazetteer: places and NUTS regions."],
                ["name": "findings", "description": "Data-quality findings."],
                ["name": "search", "description": "Ranked full-text search."],
                ["name": "network", "description": "The cooperation network."],
                ["name": "operations", "description": "Health, readiness, metrics and this document."],
                ["name": "tokens", "description": "Access tokens for the write side; `admin` scope."],
                ["name": "changes", "description": "Creating, replacing, patching, deleting and resetting records; `write` scope."],
                ["name": "history", "description": "Every change: who, when, what before and after, and why."],
                ["name": "imports", "description": "Importing files by a built-in profile, in the background; `admin` scope."],
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "parameters": .object(parameters + OpenAPIWrites.parameters),
                "headers": .object(headers),
                "responses": .object(responses + OpenAPITokens.responses),
                "securitySchemes": .object(OpenAPITokens.securitySchemes),
            ],
        ]
    }

    // MARK: Helpers

    static func ref(_ name: String) -> V { ["$ref": "#/components/schemas/\(name)"] }
    static func parameterRef(_ name: String) -> V { ["$ref": "#/components/parameters/\(name)"] }
    static func responseRef(_ name: String) -> V { ["$ref": "#/components/responses/\(name)"] }
    static func headerRef(_ name: String) -> V { ["$ref": "#/components/headers/\(name)"] }

    static let string: V = ["type": "string"]
    static let nonEmptyString: V = ["type": "string", "minLength": 1]
    static let integer: V = ["type": "integer"]
    static let count: V = ["type": "integer", "minimum": 0]
    static let boolean: V = ["type": "boolean"]
    static let stringList: V = ["type": "array", "items": ["type": "string"]]
    static let stringMap: V = ["type": "object", "additionalProperties": ["type": "string"]]
    static let countryCode: V = ["type": "string", "pattern": "^[A-Z]{2}$"]
    static let isoDate: V = ["type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                             "description": "ISO 8601 date of reduced precision: `2011`, `2011-06` or `2011-06-30`."]

    static func array(_ items: V, minItems: Int = 0) -> V {
        minItems > 0 ? ["type": "array", "items": items, "minItems": .integer(minItems)] : ["type": "array", "items": items]
    }

    static func enumeration(_ values: [String]) -> V { ["type": "string", "enum": .strings(values)] }

    /// One of these lower-case letter codes in any case, as the server reads it: a pattern, since JSON Schema's
    /// `enum` is case-sensitive and ECMA-262 patterns have no case-insensitive flag.
    static func anyCase(_ values: [String]) -> V {
        let alternatives = values.map { value in
            value.map { "[\($0)\($0.uppercased())]" }.joined()
        }
        return ["type": "string", "pattern": .string("^(\(alternatives.joined(separator: "|")))$")]
    }

    /// A property: its name, schema, and whether it is always present.
    struct Property {
        var name: String
        var schema: V
        var required: Bool
    }

    static func required(_ name: String, _ schema: V) -> Property { Property(name: name, schema: schema, required: true) }
    /// A property left out of the JSON when the value is absent (Swift optionals are not written as null).
    static func optional(_ name: String, _ schema: V) -> Property { Property(name: name, schema: schema, required: false) }

    /// A closed object: no properties other than these.
    static func object(_ properties: [Property], description: String? = nil) -> V {
        var members: Members = [(key: "type", value: "object")]
        if let description { members.append((key: "description", value: .string(description))) }
        members.append((key: "properties", value: .object(properties.map { (key: $0.name, value: $0.schema) })))
        let names = properties.filter(\.required).map(\.name)
        if !names.isEmpty { members.append((key: "required", value: .strings(names))) }
        members.append((key: "additionalProperties", value: false))
        return .object(members)
    }

    static func json(_ schema: V) -> V { ["application/json": ["schema": schema]] }

    /// A `200` with the validator and caching headers every registry representation carries.
    static func ok(_ description: String, content: V, language: Bool = true, link: Bool = false) -> V {
        var headers: Members = [
            (key: "ETag", value: headerRef("ETag")),
            (key: "Last-Modified", value: headerRef("Last-Modified")),
            (key: "Cache-Control", value: headerRef("Cache-Control")),
        ]
        if language { headers.append((key: "Content-Language", value: headerRef("Content-Language"))) }
        if link { headers.append((key: "Link", value: headerRef("Link"))) }
        return ["description": .string(description), "headers": .object(headers), "content": content]
    }

    static func operation(
        _ id: String, tag: String, summary: String, description: String? = nil,
        parameters: [V] = [], responses: Members
    ) -> V {
        var members: Members = [(key: "operationId", value: .string(id)), (key: "tags", value: [.string(tag)]),
                                (key: "summary", value: .string(summary))]
        if let description { members.append((key: "description", value: .string(description))) }
        if !parameters.isEmpty { members.append((key: "parameters", value: .array(parameters))) }
        // Reads are public, but credentials that are presented must be valid: they decide what people's
        // contact details a read shows.
        var answers = tag == "operations" || responses.contains(where: { $0.key == "401" })
            ? responses : responses + [(key: "401", value: responseRef("Unauthorized"))]
        if tag != "operations", !answers.contains(where: { $0.key == "503" }) {
            answers.append((key: "503", value: responseRef("Unavailable")))
        }
        members.append((key: "responses", value: .object(answers)))
        return ["get": .object(members)]
    }

    static func query(_ name: String, _ schema: V, _ description: String, required: Bool = false, example: String? = nil) -> V {
        var members: Members = [(key: "name", value: .string(name)), (key: "in", value: "query"),
                                (key: "description", value: .string(description))]
        if required { members.append((key: "required", value: true)) }
        members.append((key: "schema", value: schema))
        if let example { members.append((key: "example", value: .string(example))) }
        return .object(members)
    }

    /// The `{id}` path parameter, with an id from the seeds as its example.
    static func idParameter(example: String) -> V {
        ["name": "id", "in": "path", "required": true, "description": "The readable id (slug).",
         "schema": ["type": "string", "minLength": 1], "example": .string(example)]
    }

    /// Ids of seed records, as examples.
    static let exampleIDs: [RecordKind: String] = [
        .project: "cityregio-ii", .partnership: "hamburg-copenhagen-letter-of-intent-2011", .region: "malmo-copenhagen-hamburg-axis",
        .organisation: "hamburg", .programme: "interreg-cityregio-ii", .person: "christa-standecker", .theme: "logistics",
    ]

    static func format(_ offered: [MediaType]) -> V {
        query("format", enumeration(offered.map(\.formatName)),
              "The representation, overriding `Accept`: \(offered.map { "`\($0.formatName)` (\($0.rawValue))" }.joined(separator: ", ")).")
    }

    static func typeName(_ kind: RecordKind) -> String {
        kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()
    }

    // MARK: Paths

    static var paths: Members {
        var paths: Members = [
            (key: "/healthz", value: operation(
                "getHealth", tag: "operations", summary: "The process answers.",
                responses: [
                    (key: "200", value: ["description": "Alive.", "content": json(object([required("status", enumeration(["ok"]))]))]),
                ])),
            (key: "/readyz", value: operation(
                "getReadiness", tag: "operations", summary: "The database answers and the seeds are loaded.",
                responses: [
                    (key: "200", value: ["description": "Ready.", "content": json(object([
                        required("status", enumeration(["ready"])), required("documents", ["type": "integer", "minimum": 0]),
                    ]))]),
                    (key: "503", value: ["description": "Not ready: the database does not answer.",
                                         "content": ["application/problem+json": ["schema": ref("Problem")]]]),
                ])),
            (key: "/metrics", value: operation(
                "getMetrics", tag: "operations", summary: "Prometheus text exposition.",
                description: "Requests by route and status, a latency histogram, open connections and the database size.",
                responses: [
                    (key: "200", value: ["description": "The metrics.", "content": ["text/plain": ["schema": string]]]),
                ])),
            (key: "/openapi.json", value: operation(
                "getOpenAPIDocument", tag: "operations", summary: "This document.",
                responses: [
                    (key: "200", value: ok("The OpenAPI 3.1 document.", content: json(["type": "object"]), language: false)),
                    (key: "304", value: responseRef("NotModified")),
                    (key: "406", value: responseRef("NotAcceptable")),
                ])),
        ]
        for kind in [RecordKind.project, .partnership, .region, .organisation, .programme, .person, .theme] {
            paths.append((key: "/v1/\(kind.plural)", value: adding(OpenAPIWrites.collectionOperations(kind), to: listOperation(kind))))
            paths.append((key: "/v1/\(kind.plural)/{id}", value: adding(OpenAPIWrites.itemOperations(kind), to: itemOperation(kind))))
        }
        paths += relationPaths + documentPaths + placePaths + findingPaths + searchPaths + networkPaths + OpenAPITokens.paths + OpenAPIWrites.paths + OpenAPIImports.paths
        return paths
    }

    /// `item` (an object) with `members` after its own.
    static func adding(_ members: Members, to item: V) -> V {
        guard case .object(let existing) = item else { return item }
        return .object(existing + members)
    }

    static func listOperation(_ kind: RecordKind) -> V {
        let name = typeName(kind)
        let filters = RecordQuery.supportedFilters(for: kind).map { filterParameter($0, of: kind) }
        let sortFields = RecordQuery.sortFields(for: kind).map(\.parameterName).sorted()
        let field = "-?(\(sortFields.joined(separator: "|")))"
        // The look-ahead refuses a field named twice (with either direction), as the server does.
        let repeated = "(?!(?:.*,)?\(field)(?:,.*)?,-?\\1(?:,|$))"
        let sort = query("sort", ["type": "string", "pattern": .string("^\(repeated)\(field)(,\(field))*$")],
                         "Comma-separated fields to order by, each once, `-` for descending: \(sortFields.joined(separator: ", ")). Records without a value come last.")
        return operation(
            "list\(kind.plural.prefix(1).uppercased() + kind.plural.dropFirst())", tag: "records",
            summary: "\(name) records: filtered, sorted, cursor-paginated.",
            description: """
                Unknown parameters and sort fields are a 400 naming them. `next` (also an RFC 8288 `Link` header) is \
                the next page, or null on the last. `limit=all` gives the whole selection in one response, as CSV or \
                NDJSON (`format=csv`, `format=ndjson` or `Accept`; JSON with `limit=all` is a 400): every record the \
                filters and `q` select, in the list's order, streamed with chunked transfer coding and gzip-compressed \
                when `Accept-Encoding` allows, without `ETag` or `Last-Modified` (`Cache-Control: no-store`). A \
                kind's CSV, a page or a download, has the same columns for every selection: the record's properties, \
                nested objects as `a.b`, arrays of values joined with `;` (`\\;` and `\\\\` inside a value), arrays of \
                objects as their JSON text beside their count (`partners`, `partners.count`), \
                a column per served language for names and titles, then `label` and `link`; an NDJSON line is the entry \
                a JSON page holds in `data`.
                """,
            parameters: filters + [parameterRef("q"), sort, recordLimit, parameterRef("cursor"),
                                   format([.json, .csv, .ndjson]), parameterRef("lang")],
            responses: [
                (key: "200", value: [
                    "description": .string("A page of \(kind.plural), or with `limit=all` all of them (CSV or NDJSON)."),
                    "headers": [
                        "ETag": ["description": "A strong entity tag of a page (`-gzip` suffix when compressed); a download (`limit=all`) has none.",
                                 "schema": ["type": "string", "pattern": "^\"[0-9a-f]{16}(-gzip)?\"$"]],
                        "Last-Modified": ["description": "When the registry was loaded (IMF-fixdate); a download has none.", "schema": string],
                        "Cache-Control": headerRef("Cache-Control"),
                        "Content-Language": headerRef("Content-Language"),
                        "Link": headerRef("Link"),
                    ],
                    "content": [
                        "application/json": ["schema": ref("\(name)List")],
                        "text/csv": ["schema": string],
                        "application/x-ndjson": ["schema": string],
                    ],
                ]),
                (key: "304", value: responseRef("NotModified")),
                (key: "400", value: responseRef("BadRequest")),
                (key: "406", value: responseRef("NotAcceptable")),
            ])
    }

    /// `limit` of a record list: a page size, or `all`.
    static let recordLimit = query("limit", [
        "oneOf": [["type": "integer", "minimum": 1, "maximum": 100], enumeration([RecordDownload.limitValue])],
        "default": 20,
    ], "Page size, or `all` for the whole selection in one response as CSV or NDJSON (with `format=csv` or `format=ndjson`, or `Accept`).")

    static func filterParameter(_ filter: RecordQuery.Filter, of kind: RecordKind) -> V {
        let date: V = ["type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"]
        let amount: V = ["type": "string", "pattern": "^[0-9]{1,15}(\\.[0-9]{1,2})?$", "examples": ["1500000", "1500000.50"]]
        let (schema, description): (V, String) = switch filter {
        case .country:
            (["type": "string", "pattern": "^[A-Za-z]{2}$"],
             "ISO 3166-1 alpha-2 country (any case) of the record or of its parties, partners or members.")
        case .theme: (nonEmptyString, "A theme id.")
        case .kind: (RecordQuery.kindValues(for: kind).map(enumeration) ?? nonEmptyString, "The record's own kind.")
        case .programme: (nonEmptyString, "A programme id.")
        case .organisation: (nonEmptyString, "An organisation id that participates (party, partner, member, role).")
        case .activeOn: (date, "Active on this date: started on or before it and not ended before it.")
        case .startAfter: (date, "Started after this date.")
        case .endBefore: (date, "Ended before this date.")
        case .minBudget: (amount, "Total budget at least this amount, in major units; at most `max_budget`.")
        case .maxBudget: (amount, "Total budget at most this amount, in major units.")
        }
        return query(filter.parameterName, schema, description)
    }

    static func itemOperation(_ kind: RecordKind) -> V {
        let name = typeName(kind)
        return operation(
            "get\(name)", tag: "records", summary: "One \(kind.rawValue) with its related records, evidence and findings.",
            description: kind == .person
                ? "Contact details are shown to requests with a valid token only (`Cache-Control: private`); anonymous requests get `Vary: Authorization`."
                : nil,
            parameters: [idParameter(example: exampleIDs[kind] ?? ""), format([.json]), parameterRef("lang"),
                         query("as_of", ["type": "string", "format": "date-time"],
                               "The record as it was at this RFC 3339 time, from its history (`AsOf`). Before the history of a record that came without a recorded creation, its earliest known version with `exact: false`.")],
            responses: [
                (key: "200", value: ok("The \(kind.rawValue); with `as_of`, the record as it was then.",
                                       content: json(["oneOf": [ref("\(name)Item"), ref("AsOf")]]))),
                (key: "304", value: responseRef("NotModified")),
                (key: "400", value: responseRef("BadRequest")),
                (key: "404", value: responseRef("NotFound")),
                (key: "406", value: responseRef("NotAcceptable")),
                (key: "410", value: ["description": "With `as_of`: the record had been deleted by then (`/problems/gone`).",
                                     "content": ["application/problem+json": ["schema": ref("Problem")]]]),
            ])
    }

    static func collectionOperation(_ id: String, tag: String, summary: String, entry: String,
                                    parameters: [V], notFound: Bool = true) -> V {
        var responses: Members = [
            (key: "200", value: ok("A page of the collection.", content: [
                "application/json": ["schema": page(of: ref(entry))],
                "text/csv": ["schema": string],
            ], link: true)),
            (key: "304", value: responseRef("NotModified")),
            (key: "400", value: responseRef("BadRequest")),
        ]
        if notFound { responses.append((key: "404", value: responseRef("NotFound"))) }
        responses.append((key: "406", value: responseRef("NotAcceptable")))
        return operation(id, tag: tag, summary: summary,
                         parameters: parameters + [parameterRef("limit"), parameterRef("cursor")], responses: responses)
    }

    static var relationPaths: Members {
        func parameters(_ kind: RecordKind) -> [V] {
            [idParameter(example: exampleIDs[kind] ?? ""), format([.json, .csv]), parameterRef("lang")]
        }
        return [
            (key: "/v1/organisations/{id}/partnerships", value: collectionOperation(
                "listOrganisationPartnerships", tag: "relations", summary: "The partnerships an organisation is a party to.",
                entry: "PartnershipListEntry", parameters: parameters(.organisation))),
            (key: "/v1/organisations/{id}/projects", value: collectionOperation(
                "listOrganisationProjects", tag: "relations", summary: "The projects an organisation is a partner in.",
                entry: "ProjectListEntry", parameters: parameters(.organisation))),
            (key: "/v1/regions/{id}/members", value: collectionOperation(
                "listRegionMembers", tag: "relations", summary: "The member organisations of a region.",
                entry: "OrganisationListEntry", parameters: parameters(.region))),
            (key: "/v1/projects/{id}/partners", value: collectionOperation(
                "listProjectPartners", tag: "relations", summary: "A project's partners with their roles and listed names.",
                entry: "PartnerEntry", parameters: parameters(.project))),
        ]
    }

    static var documentPaths: Members {
        let problem: V = ["application/problem+json": ["schema": ref("Problem")]]
        let text: V = ["text/plain": ["schema": string]]
        return [
            (key: "/v1/documents", value: collectionOperation(
                "listDocuments", tag: "documents", summary: "The source documents, without their text.",
                entry: "DocumentEntry",
                parameters: [query("language", string, "Only documents in this ISO 639-1 language (any case)."),
                             format([.json, .csv]), parameterRef("lang")],
                notFound: false)),
            (key: "/v1/documents/{id}", value: operation(
                "getDocument", tag: "documents", summary: "A document with its text; evidence offsets count Unicode scalars of `text`.",
                parameters: [idParameter(example: "cityregio-ii"), format([.json, .plainText]), parameterRef("lang")],
                responses: [
                    (key: "200", value: ok("The document, or its text with `Accept: text/plain` or `?format=text`.", content: [
                        "application/json": ["schema": ref("DocumentItem")],
                        "text/plain": ["schema": string],
                    ])),
                    (key: "304", value: responseRef("NotModified")),
                    (key: "400", value: responseRef("BadRequest")),
                    (key: "404", value: responseRef("NotFound")),
                    (key: "406", value: responseRef("NotAcceptable")),
                ])),
            (key: "/v1/documents/{id}/text", value: operation(
                "getDocumentText", tag: "documents", summary: "A document's text, byte for byte; `Content-Language` is its language.",
                parameters: [idParameter(example: "cityregio-ii")],
                responses: [
                    (key: "200", value: ok("The text.", content: text)),
                    (key: "304", value: responseRef("NotModified")),
                    (key: "400", value: ["description": "A query parameter was given; this resource takes none.", "content": problem]),
                    (key: "404", value: responseRef("NotFound")),
                ])),
        ]
    }

    static var placePaths: Members {
        [
            (key: "/v1/places", value: collectionOperation(
                "listPlaces", tag: "places", summary: "The places of the gazetteer, NUTS regions among them, by id.",
                entry: "PlaceEntry",
                parameters: [query("country", countryCode, "Only places in this country (ISO 3166-1 alpha-2).", example: "DE"),
                             query("level", ["type": "integer", "minimum": 0, "maximum": 3], "Only NUTS regions of this level (0 is a country)."),
                             query("q", ["type": "string", "pattern": "[^ \\t]"],
                                   "Only places whose names (in any language), aliases or NUTS code hold these words, folded as search folds them (case, diacritics, ø/æ/å, ß, Cyrillic); the last word also matches longer words.",
                                   example: "Pecs"),
                             format([.json, .csv]), parameterRef("lang")],
                notFound: false)),
            (key: "/v1/places/{id}", value: operation(
                "getPlace", tag: "places", summary: "A place with its names, NUTS code and level, the place it lies in and the places in it.",
                parameters: [idParameter(example: "hamburg"), format([.json]), parameterRef("lang")],
                responses: [
                    (key: "200", value: ok("The place.", content: ["application/json": ["schema": ref("PlaceItem")]], language: false)),
                    (key: "304", value: responseRef("NotModified")),
                    (key: "400", value: responseRef("BadRequest")),
                    (key: "404", value: responseRef("NotFound")),
                    (key: "406", value: responseRef("NotAcceptable")),
                ])),
        ]
    }

    static var findingPaths: Members {
        let recordTypes = RecordKind.allCases.map(\.rawValue) + RecordKind.allCases.map(\.plural)
        return [
            (key: "/v1/findings", value: collectionOperation(
                "listFindings", tag: "findings", summary: "Every data-quality finding, filtered.",
                entry: "QualityFinding",
                parameters: [
                    query("kind", enumeration(QualityCheck.allCases.map(\.rawValue)), "Only findings of this check."),
                    query("record", string, "Only findings about the record with this id."),
                    query("record_type", enumeration(recordTypes), "Only findings about records of this kind (singular or plural)."),
                    query("severity", enumeration(severities), "Only findings of this severity."),
                    format([.json, .csv]), parameterRef("lang"),
                ],
                notFound: false)),
        ]
    }

    static var searchPaths: Members {
        let types = SearchType.allCases.map(\.rawValue).joined(separator: "|")
        return [
            (key: "/v1/search", value: operation(
                "search", tag: "search",
                summary: "Ranked full-text search over every record and the documents' text.",
                description: "Names match across languages, scripts and spellings (case, diacritics, ø/æ/å/ß, Cyrillic folded; gazetteer aliases). `snippet` is HTML-escaped text with the matched words in `<mark>…</mark>`.",
                parameters: [
                    query("q", ["type": "string", "pattern": "[^\\s]"], "The search text.", required: true, example: "Hamborg"),
                    query("type", ["type": "string", "pattern": .string("^(\(types))(,(\(types)))*$")],
                          "Comma-separated kinds of hit: \(SearchType.allCases.map(\.rawValue).joined(separator: ", ")); all when absent."),
                    parameterRef("limit"), parameterRef("cursor"), parameterRef("lang"),
                ],
                responses: [
                    (key: "200", value: ok("A page of hits, best first.", content: json(ref("SearchPage")), link: true)),
                    (key: "304", value: responseRef("NotModified")),
                    (key: "400", value: responseRef("BadRequest")),
                ])),
        ]
    }

    static var networkPaths: Members { OpenAPINetwork.paths }

    // MARK: Components

    static let severities = ["passed", "notice", "warning"]

    static var parameters: Members {
        [
            (key: "lang", value: query("lang", anyCase(Language.allCases.map(\.rawValue)),
                                       "The language of labels (\(Language.allCases.map(\.rawValue).joined(separator: ", ")), any case), overriding `Accept-Language`; echoed in `Content-Language`.")),
            (key: "limit", value: query("limit", ["type": "integer", "minimum": 1, "maximum": 100, "default": 20], "Page size.")),
            (key: "cursor", value: query("cursor", nonEmptyString,
                                         "The opaque cursor of the next page, from `next`; a cursor of another query or a forged one is a 400.")),
            (key: "q", value: query("q", ["type": "string", "pattern": "[^ \\t]"], "Text search within the list: every record the text matches, best first (the first 200 matching passages scored, then the others in index order) unless `sort` is given; on pages, a text matching more than 10,000 records is a 400; a whole download (`limit=all`) holds every match.")),
        ]
    }

    static var headers: Members {
        [
            (key: "ETag", value: ["description": "A strong entity tag of the representation (`-gzip` suffix when compressed).",
                                  "required": true, "schema": ["type": "string", "pattern": "^\"[0-9a-f]{16}(-gzip)?\"$"]]),
            (key: "Last-Modified", value: ["description": "When the registry was loaded (IMF-fixdate).", "required": true, "schema": string]),
            (key: "Cache-Control", value: ["description": "How long caches may keep the representation.", "required": true, "schema": string]),
            (key: "Content-Language", value: ["description": "The language of labels (or of a document's text).", "schema": string]),
            (key: "Link", value: ["description": "RFC 8288 `rel=\"next\"` link to the next page, when there is one.", "schema": string]),
        ]
    }

    static var responses: Members {
        let problem: V = ["application/problem+json": ["schema": ref("Problem")]]
        return [
            (key: "BadRequest", value: ["description": "A query parameter is unknown or has an unusable value (`/problems/unknown-parameter`, `/problems/invalid-parameter`, `/problems/invalid-cursor`).",
                                        "content": problem]),
            (key: "NotFound", value: ["description": "No record with this id (`/problems/not-found`).", "content": problem]),
            (key: "NotAcceptable", value: ["description": "None of the representations is acceptable to `Accept` (`/problems/not-acceptable`).",
                                           "content": problem]),
            (key: "Unavailable", value: [
                "description": "On PostgreSQL: the database does not answer (`/problems/database-unavailable`) or all its connections stay busy (`/problems/database-busy`); try again after `Retry-After`.",
                "headers": ["Retry-After": ["description": "Seconds after which to try again.", "required": true,
                                            "schema": ["type": "string", "pattern": "^[0-9]+$"]]],
                "content": problem]),
            (key: "NotModified", value: ["description": "The client's copy (`If-None-Match`, `If-Modified-Since`) is current.",
                                         "headers": ["ETag": headerRef("ETag"), "Cache-Control": headerRef("Cache-Control")]]),
        ]
    }

    static var schemas: Members {
        var schemas: Members = [
            (key: "Problem", value: object([
                required("type", ["type": "string", "description": "A stable URI reference per kind of problem, e.g. `/problems/not-found`."]),
                required("title", string),
                required("status", ["type": "integer", "minimum": 400, "maximum": 599]),
                optional("detail", string),
                optional("instance", string),
                optional("invalid_params", array(object([required("name", string), required("reason", string)]), minItems: 1)),
            ], description: "An RFC 9457 problem.")),
            (key: "Money", value: object([
                required("amount", ["type": "number", "minimum": 0, "description": "In major units, at most two decimals."]),
                required("currency", ["type": "string", "pattern": "^[A-Z]{3}$"]),
            ])),
            (key: "Rate", value: ["type": "number", "minimum": 0, "maximum": 1, "description": "A fraction: 0.75 for 75 %."]),
            (key: "ISODate", value: isoDate),
            (key: "Period", value: object([optional("start", ref("ISODate")), optional("end", ref("ISODate"))])),
            (key: "Evidence", value: object([
                required("document", string), required("quote", string),
                required("start", count), required("end", count),
                optional("field", string),
            ], description: "A passage of a source document; `start` and `end` count Unicode scalars of the document's text, half-open.")),
            (key: "Origin", value: enumeration(["seed", "api"])),
            (key: "ContactDetails", value: object(["recipient", "street", "postal_code", "city", "country", "phone", "email", "website"]
                .map { optional($0, string) })),
            (key: "Summary", value: object([
                required("id", string),
                required("type", enumeration(RecordKind.allCases.map(\.rawValue))),
                required("name", string),
                required("link", string),
                optional("role", string),
                optional("country", string),
            ], description: "A short reference to a related record.")),
            (key: "QualityFinding", value: object([
                required("id", string),
                required("record_kind", enumeration(RecordKind.allCases.map(\.rawValue))),
                required("record", string),
                required("check", enumeration(QualityCheck.allCases.map(\.rawValue))),
                required("severity", enumeration(severities)),
                optional("field", string),
                optional("declared", string),
                optional("computed", string),
                required("message", string),
                required("evidence", array(ref("Evidence"))),
            ])),
            (key: "ProjectPartner", value: object([
                required("organisation", string), required("listed_name", string), required("role", string),
                optional("country", string),
            ])),
            (key: "Party", value: object([optional("organisation", string), optional("region", string), required("role", string)])),
            (key: "Frequency", value: object([required("count", integer), required("per", string), required("at_least", boolean)])),
            (key: "GovernanceBody", value: object([
                required("name", string), required("members", stringList), optional("meets", ref("Frequency")),
                required("venues", stringList), optional("alternating_venue", boolean), optional("chair", string),
                optional("task", string),
            ])),
            (key: "PopulationFigure", value: object([
                required("count", integer), optional("year", integer), required("is_forecast", boolean), optional("qualifier", string),
            ])),
            (key: "PersonRole", value: object([
                required("role", string), optional("organisation", string), optional("partnership", string),
                optional("region", string), optional("title", string),
            ])),
            (key: "Links", value: object([required("self", string)])),
            (key: "PartnerEntry", value: object([
                required("organisation", ref("Summary")), required("role", string), optional("country", string),
                required("listed_name", string),
            ])),
            (key: "DocumentEntry", value: object([
                required("id", string), required("title", string), required("language", string), required("file_name", string),
                optional("source", string), required("sha256", string), required("scalar_count", count),
                required("link", string), required("text_link", string),
            ])),
            (key: "Document", value: object([
                required("id", string), required("file_name", string), required("language", string), required("title", string),
                optional("source", string), required("text", string), required("sha256", string), required("scalar_count", count),
            ])),
            (key: "DocumentItem", value: object([
                required("data", ref("Document")),
                required("links", object([required("self", string), required("text", string)])),
            ])),
            (key: "PlaceEntry", value: object(placeFields + [required("link", string)])),
            (key: "Place", value: object(placeFields + [required("children", stringList)])),
            (key: "PlaceItem", value: object([
                required("data", ref("Place")),
                required("links", object([required("self", string)])),
            ])),
            (key: "SearchHit", value: object([
                required("type", enumeration(SearchType.allCases.map(\.rawValue))), required("id", string), required("name", string),
                required("score", ["type": "number"]), required("snippet", string), required("link", string),
            ])),
            (key: "SearchPage", value: object([
                required("data", array(ref("SearchHit"))), required("total", count),
                required("total_relation", enumeration(["eq", "gte"])), required("query", string),
                required("next", ["type": ["string", "null"]]),
            ])),
        ]
        for (kind, fields) in records {
            let name = typeName(kind)
            schemas.append((key: name, value: object(fields)))
            schemas.append((key: "\(name)ListEntry", value: object(fields + [required("label", string), required("link", string)],
                                                                  description: "A \(kind.rawValue) in a list, with its label in the negotiated language and its link.")))
            schemas.append((key: "\(name)List", value: page(of: ref("\(name)ListEntry"))))
            let related = (relatedGroups[kind] ?? []).map { optional($0, array(ref("Summary"), minItems: 1)) }
            schemas.append((key: "\(name)Item", value: object([
                required("data", ref(name)),
                required("label", string),
                required("related", object(related, description: "Related records by relation; empty groups are left out. A theme lists at most 100 records of each kind; `/v1/{kind}?theme={id}` lists them all.")),
                required("findings", array(ref("QualityFinding"))),
                required("links", ref("Links")),
            ])))
        }
        schemas += OpenAPINetwork.schemas + OpenAPITokens.schemas + OpenAPIWrites.schemas + OpenAPIImports.schemas
        return schemas
    }

    /// The groups `related` holds per kind (see `RegistryStore.relatedSummaries`).
    static let relatedGroups: [RecordKind: [String]] = [
        .project: ["partners", "programme", "predecessor", "successor", "themes", "regions"],
        .partnership: ["parties", "themes", "regions", "programmes", "people"],
        .region: ["members", "office", "memberships", "partnerships", "people"],
        .organisation: ["parent", "partnerships", "projects", "themes", "people"],
        .programme: ["projects", "partnerships"],
        .person: ["roles"],
        .theme: ["projects", "partnerships", "organisations"],
    ]

    static var records: [(RecordKind, [Property])] {
        let names = required("names", stringMap)
        let aliases = required("aliases", stringList)
        let tail = [required("origin", ref("Origin")), required("evidence", array(ref("Evidence")))]
        return [
            (.project, [
                required("id", string), optional("acronym", string), required("title", string), required("titles", stringMap),
                aliases, required("kind", enumeration(ProjectKind.allCases.map(\.rawValue))), optional("programme", string),
                optional("period", ref("Period")), optional("status", string), optional("total_budget", ref("Money")),
                optional("eu_funding", ref("Money")), optional("co_financing_rate", ref("Rate")),
                optional("declared_partner_count", count), optional("declared_country_count", count),
                required("partners", array(ref("ProjectPartner"))), optional("predecessor", string), optional("successor", string),
                required("themes", stringList), required("regions", stringList), required("categories", stringList),
                required("results", stringList), optional("description", string), optional("homepage", string),
            ] + tail),
            (.partnership, [
                required("id", string), required("name", string), names, aliases,
                required("kind", enumeration(PartnershipKind.allCases.map(\.rawValue))), required("parties", array(ref("Party"))),
                optional("other_participants", string), optional("signed", ref("ISODate")), optional("period", ref("Period")),
                required("themes", stringList), required("regions", stringList), required("programmes", stringList),
                required("governance", array(ref("GovernanceBody"))), required("instruments", stringList),
                optional("purpose", string), optional("description", string), optional("contact", ref("ContactDetails")),
            ] + tail),
            (.region, [
                required("id", string), required("name", string), names, aliases,
                required("kind", enumeration(RegionKind.allCases.map(\.rawValue))), required("countries", array(countryCode)),
                required("members", stringList), required("places", stringList), required("population", array(ref("PopulationFigure"))),
                optional("governance", string), optional("office", string), required("memberships", stringList),
                optional("description", string),
            ] + tail),
            (.organisation, [
                required("id", string), required("name", string), names, aliases,
                required("kind", enumeration(OrganisationKind.allCases.map(\.rawValue))), optional("country", countryCode),
                optional("nuts", string), optional("place", string), optional("parent", string), required("themes", stringList),
                optional("description", string), optional("contact", ref("ContactDetails")),
            ] + tail),
            (.programme, [
                required("id", string), required("name", string), names, aliases, optional("instrument", string),
                optional("strand", string), optional("period", ref("Period")), required("countries", array(countryCode)),
                optional("description", string),
            ] + tail),
            (.person, [
                required("id", string), required("name", string), optional("honorific", string),
                required("roles", array(ref("PersonRole"))), optional("contact", ref("ContactDetails")),
            ] + tail),
            (.theme, [required("id", string), required("labels", stringMap)] + tail),
        ]
    }

    /// A page of a list: `next` is always present, null on the last page.
    /// The fields of a place, in lists and items alike.
    static let placeFields: [Property] = [
        required("id", string), required("kind", string), required("country", countryCode), required("names", stringMap),
        required("aliases", stringList), optional("nuts", string), optional("level", ["type": "integer", "minimum": 0, "maximum": 3]),
        optional("within", string), optional("note", string),
    ]

    static func page(of entry: V) -> V {
        object([
            required("data", array(entry)),
            required("total", count),
            required("limit", ["type": "integer", "minimum": 1, "maximum": 100]),
            required("offset", count),
            required("next", ["type": ["string", "null"], "description": "The next page, or null on the last."]),
            required("links", object([required("self", string), optional("next", string)])),
        ])
    }
}
