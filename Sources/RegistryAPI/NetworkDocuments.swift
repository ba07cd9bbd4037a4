import HTTPServer
import JSONOutput
import Registry

/// The JSON shapes of the network resources: `/v1/network` and `/v1/network/path`.
enum NetworkDocuments {
    /// A node as a short reference: `{id, type, name, country?, link}`.
    struct Node: Encodable, Sendable, Hashable {
        var id: String
        var type: String
        var name: String
        var country: String?
        var link: String

        init(_ node: NetworkNode) {
            id = node.id
            type = node.kind.rawValue
            name = node.name
            country = node.country
            link = SummaryResolver.link(node.kind, node.id)
        }
    }

    /// An edge of the whole graph; record ids are unique only within a type, so both ends name theirs.
    struct Edge: Encodable, Sendable {
        var source: String
        var sourceType: String
        var target: String
        var targetType: String
        var relation: String
        var role: String?

        init(_ edge: NetworkEdge) {
            source = edge.source.id
            sourceType = edge.source.kind.rawValue
            target = edge.target.id
            targetType = edge.target.kind.rawValue
            relation = edge.relation.rawValue
            role = edge.role
        }
    }

    /// `GET /v1/network`.
    struct Graph: Encodable, Sendable {
        var nodes: [Node]
        var edges: [Edge]

        init(_ network: CooperationNetwork) {
            nodes = network.nodes.map(Node.init)
            edges = network.edges.map(Edge.init)
        }

        /// The bytes `JSONEncoder` writes for ``Graph`` (snake_case, sorted keys), written directly: the
        /// graph of a large registry has millions of values, which the encoder takes seconds over.
        static func json(_ network: CooperationNetwork) -> [UInt8] {
            var writer = JSONWriter()
            writer.reserveCapacity(network.nodes.count * 160 + network.edges.count * 140)
            writer.beginObject()
            writer.key("edges")
            writer.beginArray()
            for edge in network.edges {
                writer.beginObject()
                writer.key("relation")
                writer.string(edge.relation.rawValue)
                if let role = edge.role {
                    writer.key("role")
                    writer.string(role)
                }
                writer.key("source")
                writer.string(edge.source.id)
                writer.key("source_type")
                writer.string(edge.source.kind.rawValue)
                writer.key("target")
                writer.string(edge.target.id)
                writer.key("target_type")
                writer.string(edge.target.kind.rawValue)
                writer.endObject()
            }
            writer.endArray()
            writer.key("nodes")
            writer.beginArray()
            for node in network.nodes {
                writer.beginObject()
                if let country = node.country {
                    writer.key("country")
                    writer.string(country)
                }
                writer.key("id")
                writer.string(node.id)
                writer.key("link")
                writer.string(SummaryResolver.link(node.kind, node.id))
                writer.key("name")
                writer.string(node.name)
                writer.key("type")
                writer.string(node.kind.rawValue)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            return writer.bytes
        }
    }

    /// One step of a chain: `from` and `to` linked through `via`.
    struct Step: Encodable, Sendable {
        var from: Node
        var to: Node
        var via: Node
        var relation: String
        var fromRole: String?
        var toRole: String?

        init(_ step: CooperationStep) {
            from = Node(step.from)
            to = Node(step.to)
            via = Node(step.via)
            relation = step.relation.rawValue
            fromRole = step.fromRole
            toRole = step.toRole
        }
    }

    struct Path: Encodable, Sendable {
        var steps: [Step]
    }

    /// `GET /v1/network/path`: `length` is null and `paths` empty when the two are not connected.
    struct Paths: Encodable, Sendable {
        var from: Node
        var to: Node
        var length: Int?
        var count: Int
        var truncated: Bool
        var paths: [Path]

        init(_ result: CooperationPaths) {
            from = Node(result.from)
            to = Node(result.to)
            length = result.length
            count = result.count
            truncated = result.isTruncated
            paths = result.paths.map { Path(steps: $0.steps.map(Step.init)) }
        }

        enum CodingKeys: String, CodingKey {
            case from, to, length, count, truncated, paths
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(length, forKey: .length)
            try container.encode(count, forKey: .count)
            try container.encode(truncated, forKey: .truncated)
            try container.encode(paths, forKey: .paths)
        }
    }
}
