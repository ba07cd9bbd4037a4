import Registry

/// The network part of the OpenAPI document: `/v1/network` and `/v1/network/path`.
enum OpenAPINetwork {
    typealias Doc = OpenAPIDocument

    static var paths: Doc.Members {
        [
            (key: "/v1/network", value: Doc.operation(
                "getNetwork", tag: "network", summary: "The whole cooperation network, as JSON or GraphML.",
                description: "Organisations, regions, partnerships, projects, programmes and people as nodes; what the registry states about them as directed edges. GraphML (`Accept: application/graphml+xml` or `?format=graphml`) opens in Gephi and networkx; its node ids are `type:id`. Written as it is sent (chunked transfer coding, no `Content-Length`); the entity tag names the network, so `If-None-Match` answers `304` until it changes.",
                parameters: [Doc.format([.json, .graphML])],
                responses: [
                    (key: "200", value: Doc.ok("The network.", content: [
                        "application/json": ["schema": Doc.ref("NetworkGraph")],
                        "application/graphml+xml": ["schema": Doc.string],
                    ], language: false)),
                    (key: "304", value: Doc.responseRef("NotModified")),
                    (key: "400", value: Doc.responseRef("BadRequest")),
                    (key: "406", value: Doc.responseRef("NotAcceptable")),
                ])),
            (key: "/v1/network/path", value: Doc.operation(
                "getNetworkPaths", tag: "network", summary: "The shortest chains of cooperation between two parties.",
                description: "Each step names the partnership, project, region or organisation that links its two ends. `from` and `to` are ids of organisations, regions, partnerships or projects, looked up in that order, or qualified by kind (`region:north-sea`). `length` is null and `paths` empty when no chain of at most `max_length` steps exists.",
                parameters: [
                    Doc.query("from", Doc.nonEmptyString, "Where the chains start.", required: true, example: "hamburg"),
                    Doc.query("to", Doc.nonEmptyString, "Where the chains end.", required: true, example: "kobenhavns-kommune"),
                    Doc.query("max_length", ["type": "integer", "minimum": .integer(NetworkRoutes.maxLengthRange.lowerBound),
                                             "maximum": .integer(NetworkRoutes.maxLengthRange.upperBound),
                                             "default": .integer(NetworkRoutes.defaultMaxLength)],
                              "The longest chain looked for, in steps."),
                    Doc.query("limit", ["type": "integer", "minimum": .integer(NetworkRoutes.limitRange.lowerBound),
                                        "maximum": .integer(NetworkRoutes.limitRange.upperBound),
                                        "default": .integer(NetworkRoutes.defaultLimit)],
                              "At most this many chains."),
                ],
                responses: [
                    (key: "200", value: Doc.ok("The shortest chains.", content: Doc.json(Doc.ref("NetworkPaths")), language: false)),
                    (key: "304", value: Doc.responseRef("NotModified")),
                    (key: "400", value: Doc.responseRef("BadRequest")),
                    (key: "404", value: ["description": "`from` or `to` names no organisation, region, partnership or project.",
                                         "content": ["application/problem+json": ["schema": Doc.ref("Problem")]]]),
                ])),
        ]
    }

    static var schemas: Doc.Members {
        let string = Doc.string
        let kinds = Doc.enumeration(RecordKind.allCases.map(\.rawValue))
        return [
            (key: "NetworkNode", value: Doc.object([
                Doc.required("id", string), Doc.required("type", kinds), Doc.required("name", string),
                Doc.optional("country", string), Doc.required("link", string),
            ])),
            (key: "NetworkEdge", value: Doc.object([
                Doc.required("source", string), Doc.required("source_type", kinds),
                Doc.required("target", string), Doc.required("target_type", kinds),
                Doc.required("relation", Doc.enumeration(NetworkRelation.allCases.map(\.rawValue))),
                Doc.optional("role", string),
            ])),
            (key: "NetworkGraph", value: Doc.object([
                Doc.required("nodes", Doc.array(Doc.ref("NetworkNode"))), Doc.required("edges", Doc.array(Doc.ref("NetworkEdge"))),
            ])),
            (key: "NetworkStep", value: Doc.object([
                Doc.required("from", Doc.ref("NetworkNode")), Doc.required("to", Doc.ref("NetworkNode")),
                Doc.required("via", Doc.ref("NetworkNode")),
                Doc.required("relation", Doc.enumeration(CooperationStep.Relation.allCases.map(\.rawValue))),
                Doc.optional("from_role", string), Doc.optional("to_role", string),
            ])),
            (key: "NetworkPaths", value: Doc.object([
                Doc.required("from", Doc.ref("NetworkNode")), Doc.required("to", Doc.ref("NetworkNode")),
                Doc.required("length", ["type": ["integer", "null"], "minimum": 0]),
                Doc.required("count", Doc.count), Doc.required("truncated", Doc.boolean),
                Doc.required("paths", Doc.array(Doc.object([Doc.required("steps", Doc.array(Doc.ref("NetworkStep")))]))),
            ])),
        ]
    }
}
