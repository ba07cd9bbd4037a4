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

    /// The whole document at once.
    static func document(for network: CooperationNetwork) -> [UInt8] {
        var document: [UInt8] = []
        write(network, partSize: .max) { document = $0 }
        return document
    }

    /// Writes the document in parts of about `partSize` bytes (the last one shorter), each handed to `part` as
    /// soon as it is made: a large registry's document is hundreds of megabytes.
    static func write(_ network: CooperationNetwork, partSize: Int, part: ([UInt8]) throws -> Void) rethrows {
        var xml: [UInt8] = []
        xml.reserveCapacity(min(partSize, network.nodes.count * 300 + network.edges.count * 200) + 4096)
        func handOver(ifAtLeast size: Int) throws {
            guard xml.count >= size else { return }
            try part(xml)
            xml.removeAll(keepingCapacity: true)
        }
        xml.append(contentsOf: """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """.utf8)
        for key in keys {
            xml.append(contentsOf: "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.id)\" attr.type=\"string\"/>\n".utf8)
        }
        xml.append(contentsOf: "  <graph id=\"cooperation-network\" edgedefault=\"directed\">\n".utf8)
        for node in network.nodes {
            xml.append(contentsOf: "    <node id=\"".utf8)
            appendEscaped(node.kind.rawValue, to: &xml)
            xml.append(UInt8(ascii: ":"))
            appendEscaped(node.id, to: &xml)
            xml.append(contentsOf: "\">".utf8)
            appendData("record_id", node.id, to: &xml)
            appendData("type", node.kind.rawValue, to: &xml)
            appendData("name", node.name, to: &xml)
            if let country = node.country { appendData("country", country, to: &xml) }
            appendData("link", SummaryResolver.link(node.kind, node.id), to: &xml)
            xml.append(contentsOf: "</node>\n".utf8)
            try handOver(ifAtLeast: partSize)
        }
        for (index, edge) in network.edges.enumerated() {
            xml.append(contentsOf: "    <edge id=\"e\(index)\" source=\"".utf8)
            appendEscaped(edge.source.kind.rawValue, to: &xml)
            xml.append(UInt8(ascii: ":"))
            appendEscaped(edge.source.id, to: &xml)
            xml.append(contentsOf: "\" target=\"".utf8)
            appendEscaped(edge.target.kind.rawValue, to: &xml)
            xml.append(UInt8(ascii: ":"))
            appendEscaped(edge.target.id, to: &xml)
            xml.append(contentsOf: "\">".utf8)
            appendData("relation", edge.relation.rawValue, to: &xml)
            if let role = edge.role { appendData("role", role, to: &xml) }
            xml.append(contentsOf: "</edge>\n".utf8)
            try handOver(ifAtLeast: partSize)
        }
        xml.append(contentsOf: "  </graph>\n</graphml>\n".utf8)
        try handOver(ifAtLeast: 0)
    }

    private static func appendData(_ key: String, _ value: String, to xml: inout [UInt8]) {
        xml.append(contentsOf: "<data key=\"".utf8)
        xml.append(contentsOf: key.utf8)
        xml.append(contentsOf: "\">".utf8)
        appendEscaped(value, to: &xml)
        xml.append(contentsOf: "</data>".utf8)
    }

    /// Appends `text` with markup characters escaped and characters XML 1.0 does not allow dropped.
    static func appendEscaped(_ text: String, to xml: inout [UInt8]) {
        // Most text needs nothing: copy it whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "<")
            && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }) {
            xml.append(contentsOf: text.utf8)
        } else {
            xml.append(contentsOf: escape(text).utf8)
        }
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
