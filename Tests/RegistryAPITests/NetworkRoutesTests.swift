import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `/v1/network` and `/v1/network/path` end to end over loopback on the repository's seeds.
@Suite struct NetworkRoutesTests {
    /// The body of a 200 JSON response.
    static func ok(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == 200, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        return try response.json()
    }

    /// The body of a problem response with `status`, checking its media type and `type`.
    @discardableResult
    static func problem(_ response: TestResponse, status: Int, kind: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(response.status == status, "status \(response.status): \(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
        let body = try response.json()
        #expect(body["type"] as? String == "/problems/\(kind)", sourceLocation: sourceLocation)
        #expect(body["status"] as? Int == status, sourceLocation: sourceLocation)
        return body
    }

    static func invalidNames(_ body: [String: Any]) -> [String] {
        (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// Each path's steps as `from -[via] relation-> to` lines.
    static func described(_ body: [String: Any]) -> [[String]] {
        (body["paths"] as? [[String: Any]] ?? []).map { path in
            (path["steps"] as? [[String: Any]] ?? []).map { step in
                let id = { (key: String) in (step[key] as? [String: Any])?["id"] as? String ?? "?" }
                return "\(id("from")) -[\(id("via"))] \(step["relation"] as? String ?? "?")-> \(id("to"))"
            }
        }
    }

    @Test func findsCopenhagensChainsToHamburgNamingWhatLinksThem() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/network/path?from=kobenhavns-kommune&to=hamburg")
        let body = try NetworkRoutesTests.ok(response)
        #expect(response.header("ETag") != nil)
        #expect(body["length"] as? Int == 1)
        #expect(body["count"] as? Int == 2)
        #expect(body["truncated"] as? Bool == false)
        let from = try #require(body["from"] as? [String: Any])
        #expect(from["id"] as? String == "kobenhavns-kommune")
        #expect(from["type"] as? String == "organisation")
        #expect(from["name"] as? String == "Københavns Kommune")
        #expect(from["link"] as? String == "/v1/organisations/kobenhavns-kommune")
        #expect((body["to"] as? [String: Any])?["name"] as? String == "Freie und Hansestadt Hamburg")
        let paths = NetworkRoutesTests.described(body)
        #expect(paths.contains(["kobenhavns-kommune -[hamburg-copenhagen-letter-of-intent-2011] co_party-> hamburg"]))
        #expect(paths.contains(["kobenhavns-kommune -[malmo-copenhagen-hamburg-axis] co_member-> hamburg"]))

        let steps = (body["paths"] as? [[String: Any]] ?? []).compactMap { ($0["steps"] as? [[String: Any]])?.first }
        let letter = try #require(steps.first { ($0["via"] as? [String: Any])?["type"] as? String == "partnership" })
        let via = try #require(letter["via"] as? [String: Any])
        #expect(via["name"] as? String == "Letter of intent Hamburg–Copenhagen on strengthened cooperation")
        #expect(via["link"] as? String == "/v1/partnerships/hamburg-copenhagen-letter-of-intent-2011")
        #expect(letter["from_role"] as? String == "signatory")
        #expect(letter["to_role"] as? String == "signatory")

        let again = try server.get("/v1/network/path?from=kobenhavns-kommune&to=hamburg",
                                   headers: ["If-None-Match": response.header("ETag") ?? ""])
        #expect(again.status == 304)
    }

    @Test func findsRegionSyddanmarkToSchleswigHolsteinAndProjectPartners() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let agreement = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=region-syddanmark&to=schleswig-holstein"))
        #expect(NetworkRoutesTests.described(agreement) == [
            ["region-syddanmark -[syddanmark-schleswig-holstein-partnership-agreement] co_party-> schleswig-holstein"],
        ])

        let partners = try NetworkRoutesTests.ok(
            server.get("/v1/network/path?from=leipzig-amt-fur-wirtschaftsforderung&to=obshtina-varna"))
        #expect(partners["length"] as? Int == 1)
        let step = try #require((partners["paths"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]]).first
        #expect((step?["via"] as? [String: Any])?["link"] as? String == "/v1/projects/cityregio-ii")
        #expect(step?["relation"] as? String == "co_partner")

        let twoSteps = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=stadt-leipzig&to=obshtina-varna"))
        #expect(twoSteps["length"] as? Int == 2)
        #expect(NetworkRoutesTests.described(twoSteps) == [[
            "stadt-leipzig -[stadt-leipzig] has_part-> leipzig-amt-fur-wirtschaftsforderung",
            "leipzig-amt-fur-wirtschaftsforderung -[cityregio-ii] co_partner-> obshtina-varna",
        ]])

        let qualified = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=region:north-sea&to=organisation:region-syddanmark"))
        #expect(qualified["length"] as? Int == 1)
        #expect((qualified["from"] as? [String: Any])?["type"] as? String == "region")
    }

    @Test func answersUnconnectedPartiesWithNoPaths() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let body = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=guangdong-province&to=hamburg"))
        #expect(body["paths"] as? [Any] != nil)
        #expect((body["paths"] as? [Any])?.isEmpty == true)
        #expect(body["length"] is NSNull)
        #expect(body["count"] as? Int == 0)
        #expect((body["from"] as? [String: Any])?["name"] as? String == "Guangdong")

        let bounded = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=stadt-leipzig&to=obshtina-varna&max_length=1"))
        #expect((bounded["paths"] as? [Any])?.isEmpty == true)
    }

    @Test func limitsTheNumberOfPaths() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let all = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=kobenhavns-kommune&to=malmo-stad"))
        let count = try #require(all["count"] as? Int)
        #expect(count >= 4)
        #expect((all["paths"] as? [Any])?.count == count)
        let limited = try NetworkRoutesTests.ok(server.get("/v1/network/path?from=kobenhavns-kommune&to=malmo-stad&limit=2"))
        #expect((limited["paths"] as? [Any])?.count == 2)
        #expect(limited["count"] as? Int == count)
        #expect(limited["truncated"] as? Bool == true)
        #expect(Array(NetworkRoutesTests.described(all).prefix(2)) == NetworkRoutesTests.described(limited))
    }

    @Test func rejectsMissingUnknownAndMalformedParameters() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let missingFrom = try NetworkRoutesTests.problem(server.get("/v1/network/path?to=hamburg"), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(missingFrom) == ["from"])
        let missingTo = try NetworkRoutesTests.problem(server.get("/v1/network/path?from=hamburg&to="), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(missingTo) == ["to"])
        try NetworkRoutesTests.problem(server.get("/v1/network/path"), status: 400, kind: "invalid-parameter")

        let unknownID = try NetworkRoutesTests.problem(
            server.get("/v1/network/path?from=hamburg&to=atlantis"), status: 404, kind: "not-found")
        #expect((unknownID["detail"] as? String)?.contains("`atlantis`") == true)
        #expect((unknownID["detail"] as? String)?.contains("`hamburg`") == false)
        let bothUnknown = try NetworkRoutesTests.problem(
            server.get("/v1/network/path?from=lemuria&to=atlantis"), status: 404, kind: "not-found")
        #expect((bothUnknown["detail"] as? String)?.contains("`lemuria`") == true)
        #expect((bothUnknown["detail"] as? String)?.contains("`atlantis`") == true)
        try NetworkRoutesTests.problem(server.get("/v1/network/path?from=jakob-richter&to=hamburg"), status: 404, kind: "not-found")

        let unknown = try NetworkRoutesTests.problem(
            server.get("/v1/network/path?from=hamburg&to=malmo-stad&depth=3"), status: 400, kind: "unknown-parameter")
        #expect(NetworkRoutesTests.invalidNames(unknown) == ["depth"])
        let unknownOnGraph = try NetworkRoutesTests.problem(server.get("/v1/network?from=hamburg"), status: 400, kind: "unknown-parameter")
        #expect(NetworkRoutesTests.invalidNames(unknownOnGraph) == ["from"])

        for query in ["limit=0", "limit=101", "limit=two", "max_length=0", "max_length=21"] {
            let body = try NetworkRoutesTests.problem(
                server.get("/v1/network/path?from=hamburg&to=malmo-stad&\(query)"), status: 400, kind: "invalid-parameter")
            #expect(NetworkRoutesTests.invalidNames(body) == [String(query.prefix { $0 != "=" })])
        }
    }

    @Test func exportsTheWholeGraphAsJSON() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/network")
        let body = try NetworkRoutesTests.ok(response)
        let nodes = try #require(body["nodes"] as? [[String: Any]])
        let edges = try #require(body["edges"] as? [[String: Any]])
        let counts = try server.store.counts()
        #expect(nodes.count == [.organisation, .region, .partnership, .project, .programme, .person].reduce(0) { $0 + (counts[$1] ?? 0) })
        let hamburg = try #require(nodes.first { $0["id"] as? String == "hamburg" })
        #expect(hamburg["type"] as? String == "organisation")
        #expect(hamburg["country"] as? String == "DE")
        #expect(hamburg["link"] as? String == "/v1/organisations/hamburg")

        let keys = Set(nodes.map { "\($0["type"] as? String ?? ""):\($0["id"] as? String ?? "")" })
        #expect(keys.count == nodes.count)
        for edge in edges {
            #expect(keys.contains("\(edge["source_type"] as? String ?? ""):\(edge["source"] as? String ?? "")"))
            #expect(keys.contains("\(edge["target_type"] as? String ?? ""):\(edge["target"] as? String ?? "")"))
            #expect((edge["relation"] as? String)?.isEmpty == false)
        }
        #expect(edges.contains {
            $0["source"] as? String == "hamburg" && $0["target"] as? String == "hamburg-copenhagen-letter-of-intent-2011"
                && $0["relation"] as? String == "party_of" && $0["role"] as? String == "signatory"
        })
        #expect(edges.contains {
            $0["source"] as? String == "obshtina-varna" && $0["relation"] as? String == "partner_in" && $0["role"] as? String == "partner"
        })
        #expect(response.header("Vary")?.contains("Accept") == true)
        let etag = try #require(response.header("ETag"))
        #expect(try server.get("/v1/network", headers: ["If-None-Match": etag]).status == 304)
    }

    @Test func exportsGraphMLThatParsesAndMatchesTheJSON() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let json = try NetworkRoutesTests.ok(server.get("/v1/network"))
        let nodeCount = (json["nodes"] as? [Any])?.count ?? -1
        let edgeCount = (json["edges"] as? [Any])?.count ?? -1

        let byAccept = try server.get("/v1/network", headers: ["Accept": "application/graphml+xml"])
        #expect(byAccept.status == 200)
        #expect(byAccept.header("Content-Type") == "application/graphml+xml; charset=utf-8")
        #expect(byAccept.header("ETag") != nil)
        let byFormat = try server.get("/v1/network?format=graphml")
        #expect(byFormat.status == 200)
        #expect(byFormat.body == byAccept.body)
        #expect(try server.get("/v1/network", headers: ["If-None-Match": byAccept.header("ETag") ?? ""]).status != 304,
                "the JSON and GraphML representations have different tags")

        let xml = byAccept.text
        #expect(xml.contains(#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns""#))
        for key in ["type", "name", "relation", "role"] { #expect(xml.contains(#"attr.name="\#(key)""#)) }
        #expect(xml.contains("Община Варна"))
        #expect(xml.contains("Hamburg–Copenhagen"))

        let counter = GraphMLCounter()
        let parser = XMLParser(data: Data(byAccept.body))
        parser.delegate = counter
        #expect(parser.parse(), "well-formed XML: \(String(describing: parser.parserError))")
        #expect(counter.nodes == nodeCount)
        #expect(counter.edges == edgeCount)

        if let counts = try NetworkRoutesTests.networkxCounts(byAccept.body) {
            #expect(counts == [nodeCount, edgeCount], "networkx.read_graphml reads the same graph")
        }
    }

    @Test func refusesFormatsItDoesNotOffer() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try NetworkRoutesTests.problem(server.get("/v1/network", headers: ["Accept": "text/csv"]), status: 406, kind: "not-acceptable")
        let format = try NetworkRoutesTests.problem(server.get("/v1/network?format=csv"), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(format) == ["format"])
        let preferred = try server.get("/v1/network", headers: ["Accept": "application/graphml+xml;q=0.5, application/json"])
        #expect(preferred.header("Content-Type") == "application/json")
    }

    /// The node and edge counts networkx reads from a GraphML document, or nil when python3 with networkx is not installed.
    static func networkxCounts(_ document: [UInt8]) throws -> [Int]? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("brobygger-network-\(UUID().uuidString).graphml")
        try Data(document).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = """
            import sys
            try:
                import networkx
            except ImportError:
                print("unavailable")
                sys.exit(0)
            graph = networkx.read_graphml(sys.argv[1])
            print(graph.number_of_nodes(), graph.number_of_edges())
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus == 127 || text == "unavailable" { return nil }
        #expect(process.terminationStatus == 0, "networkx could not read the GraphML: \(text)")
        return text.split(separator: " ").compactMap { Int($0) }
    }
}

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
