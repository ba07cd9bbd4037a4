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
            var document: [UInt8] = []
            write(network, partSize: .max) { document = $0 }
            return document
        }

        /// Writes ``json(_:)`` in parts of about `partSize` bytes (the last one shorter), each handed to `part`
        /// as soon as it is made.
        static func write(_ network: CooperationNetwork, partSize: Int, part: ([UInt8]) throws -> Void) rethrows {
            var writer = JSONWriter()
            writer.reserveCapacity(min(partSize, network.nodes.count * 160 + network.edges.count * 140) + 4096)
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
                if writer.bytes.count >= partSize { try part(writer.takeBytes()) }
            }
            writer.endArray()
            writer.key("nodes")
            writer.beginArray()
            for node in network.nodes {
                NetworkDocuments.write(node, to: &writer)
                if writer.bytes.count >= partSize { try part(writer.takeBytes()) }
            }
            writer.endArray()
            writer.endObject()
            try part(writer.takeBytes())
        }
    }

    /// A strong entity tag for the whole network in `type`: its fingerprint, with the format and the layout of
    /// the document, so that the tag names the bytes without their being written.
    static func entityTag(of network: CooperationNetwork, type: MediaType) -> String {
        APIContext.entityTag(for: Array("network-1|\(type.contentType)|\(network.fingerprint)".utf8))
    }

    /// `GET /v1/network/path` as JSON: `length` is null and `paths` empty when the two are not connected.
    /// Sorted keys, absent roles and countries left out.
    static func paths(_ result: CooperationPaths) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("count")
        writer.number(result.count)
        writer.key("from")
        write(result.from, to: &writer)
        writer.key("length")
        if let length = result.length { writer.number(length) } else { writer.null() }
        writer.key("paths")
        writer.beginArray()
        for path in result.paths {
            writer.beginObject()
            writer.key("steps")
            writer.beginArray()
            for step in path.steps {
                writer.beginObject()
                writer.key("from")
                write(step.from, to: &writer)
                if let role = step.fromRole {
                    writer.key("from_role")
                    writer.string(role)
                }
                writer.key("relation")
                writer.string(step.relation.rawValue)
                writer.key("to")
                write(step.to, to: &writer)
                if let role = step.toRole {
                    writer.key("to_role")
                    writer.string(role)
                }
                writer.key("via")
                write(step.via, to: &writer)
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
        }
        writer.endArray()
        writer.key("to")
        write(result.to, to: &writer)
        writer.key("truncated")
        writer.bool(result.isTruncated)
        writer.endObject()
        return writer.bytes
    }

    /// A node as a short reference: `{country?, id, link, name, type}`.
    static func write(_ node: NetworkNode, to writer: inout JSONWriter) {
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
}
