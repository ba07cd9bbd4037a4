import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts `<node>` and `<edge>` elements while an `XMLParser` checks a document is well-formed.
final class GraphMLCounter: NSObject, XMLParserDelegate {
    var nodes = 0
    var edges = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == "node" { nodes += 1 }
        if elementName == "edge" { edges += 1 }
    }
}
