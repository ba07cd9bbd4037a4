import Registry

/// Writes the cooperation network as GraphML (http://graphml.graphdrawing.org/), as Gephi, yEd and
/// networkx read it: a directed graph whose nodes carry `record_id`, `type`, `name`, `country` and
/// `link`, and whose edges carry `relation` and `role`.
///
/// Node ids are `type:id` (`organisation:hamburg`), since record ids are unique only within a type.
enum GraphMLWriter {
    /// The attribute declarations: key id, domain and name.
    private static let keys: [(id: String, domain: String)] = [
        ("record_id", "node"), ("type", "node"), ("name", "node"), ("country", "node"), ("link", "node"),
        ("relation", "edge"), ("role", "edge"),
    ]

    static func document(for network: CooperationNetwork) -> [UInt8] {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        for key in keys {
            xml += "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.id)\" attr.type=\"string\"/>\n"
        }
        xml += "  <graph id=\"cooperation-network\" edgedefault=\"directed\">\n"
        for node in network.nodes {
            xml += "    <node id=\"\(escape(node.key.description))\">"
            xml += data("record_id", node.id) + data("type", node.kind.rawValue) + data("name", node.name)
            if let country = node.country { xml += data("country", country) }
            xml += data("link", "/v1/\(node.kind.plural)/\(node.id)")
            xml += "</node>\n"
        }
        for (index, edge) in network.edges.enumerated() {
            xml += "    <edge id=\"e\(index)\" source=\"\(escape(edge.source.description))\" target=\"\(escape(edge.target.description))\">"
            xml += data("relation", edge.relation.rawValue)
            if let role = edge.role { xml += data("role", role) }
            xml += "</edge>\n"
        }
        xml += "  </graph>\n</graphml>\n"
        return Array(xml.utf8)
    }

    private static func data(_ key: String, _ value: String) -> String {
        "<data key=\"\(key)\">\(escape(value))</data>"
    }

    /// Escapes markup characters and drops characters XML 1.0 does not allow.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                guard value >= 0x20, value != 0xFFFE, value != 0xFFFF else { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
