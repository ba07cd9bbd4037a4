/// The path templates of a router as a tree of segments: a request path is matched by walking its segments
/// from the root, literal children first, then the node's one parameter child, so that the cost depends on
/// the path's depth, not on the number of routes.
///
/// Nodes live in an array and refer to each other by index: the tree is a plain value, immutable once the
/// router serves.
struct RouterTrie: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: (name: String, child: Int)?
        var resource: Router.Resource?
    }

    private(set) var nodes = [Node()]

    /// The node for `segments`, created as needed. Two templates that differ only in a parameter's name
    /// would answer the same paths: that is a programming error, stopped here.
    mutating func node(for segments: [Segment], template: String) -> Int {
        var current = 0
        for segment in segments {
            switch segment {
            case .literal(let literal):
                if let child = nodes[current].literals[literal] {
                    current = child
                } else {
                    nodes.append(Node())
                    nodes[current].literals[literal] = nodes.count - 1
                    current = nodes.count - 1
                }
            case .parameter(let name):
                if let existing = nodes[current].parameter {
                    precondition(existing.name == name, """
                        Route template \(template) names parameter {\(name)} where another route names it \
                        {\(existing.name)}: both would match the same paths.
                        """)
                    current = existing.child
                } else {
                    nodes.append(Node())
                    nodes[current].parameter = (name, nodes.count - 1)
                    current = nodes.count - 1
                }
            }
        }
        return current
    }

    subscript(index: Int) -> Node {
        get { nodes[index] }
        set { nodes[index] = newValue }
    }

    /// The node with a resource that `path` reaches, and the parameters bound on the way; nil when none.
    func match(_ path: Substring) -> (node: Int, parameters: [String: String])? {
        let segments = path.splitting(atASCII: UInt8(ascii: "/")).dropFirst()
        var parameters: [String: String] = [:]
        guard let node = match(segments, from: 0, parameters: &parameters) else { return nil }
        return (node, parameters)
    }

    private func match(_ segments: ArraySlice<Substring>, from index: Int, parameters: inout [String: String]) -> Int? {
        guard let segment = segments.first else { return nodes[index].resource == nil ? nil : index }
        guard let decoded = PercentEncoding.decode(segment) else { return nil }
        let rest = segments.dropFirst()
        let node = nodes[index]
        if let child = node.literals[decoded], let found = match(rest, from: child, parameters: &parameters) {
            return found
        }
        if let (name, child) = node.parameter, !decoded.isEmpty {
            let previous = parameters.updateValue(decoded, forKey: name)
            if let found = match(rest, from: child, parameters: &parameters) { return found }
            parameters[name] = previous
        }
        return nil
    }

    /// The segments of a template: literals (percent-decoded) and `{name}` parameters.
    static func segments(of template: String) -> [Segment] {
        template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(PercentEncoding.decode(part) ?? String(part))
        }
    }
}
