import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPServer
import Testing
import TestSupport

/// `/v1/network` and `/v1/network/path` end to end over loopback on the repository's seeds.
@Suite struct NetworkRoutesTests {
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
        let body = try APICheck.ok(response)
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
        let agreement = try APICheck.ok(server.get("/v1/network/path?from=region-syddanmark&to=schleswig-holstein"))
        #expect(NetworkRoutesTests.described(agreement) == [
            ["region-syddanmark -[syddanmark-schleswig-holstein-partnership-agreement] co_party-> schleswig-holstein"],
        ])

        let partners = try APICheck.ok(
            server.get("/v1/network/path?from=leipzig-amt-fur-wirtschaftsforderung&to=obshtina-varna"))
        #expect(partners["length"] as? Int == 1)
        let step = try #require((partners["paths"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]]).first
        #expect((step?["via"] as? [String: Any])?["link"] as? String == "/v1/projects/cityregio-ii")
        #expect(step?["relation"] as? String == "co_partner")

        let twoSteps = try APICheck.ok(server.get("/v1/network/path?from=stadt-leipzig&to=obshtina-varna"))
        #expect(twoSteps["length"] as? Int == 2)
        #expect(NetworkRoutesTests.described(twoSteps) == [[
            "stadt-leipzig -[stadt-leipzig] has_part-> leipzig-amt-fur-wirtschaftsforderung",
            "leipzig-amt-fur-wirtschaftsforderung -[cityregio-ii] co_partner-> obshtina-varna",
        ]])

        let qualified = try APICheck.ok(server.get("/v1/network/path?from=region:north-sea&to=organisation:region-syddanmark"))
        #expect(qualified["length"] as? Int == 1)
        #expect((qualified["from"] as? [String: Any])?["type"] as? String == "region")
    }

    @Test func answersUnconnectedPartiesWithNoPaths() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let body = try APICheck.ok(server.get("/v1/network/path?from=guangdong-province&to=hamburg"))
        #expect(body["paths"] as? [Any] != nil)
        #expect((body["paths"] as? [Any])?.isEmpty == true)
        #expect(body["length"] is NSNull)
        #expect(body["count"] as? Int == 0)
        #expect((body["from"] as? [String: Any])?["name"] as? String == "Guangdong")

        let bounded = try APICheck.ok(server.get("/v1/network/path?from=stadt-leipzig&to=obshtina-varna&max_length=1"))
        #expect((bounded["paths"] as? [Any])?.isEmpty == true)
    }

    @Test func limitsTheNumberOfPaths() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let all = try APICheck.ok(server.get("/v1/network/path?from=kobenhavns-kommune&to=malmo-stad"))
        let count = try #require(all["count"] as? Int)
        #expect(count >= 4)
        #expect((all["paths"] as? [Any])?.count == count)
        let limited = try APICheck.ok(server.get("/v1/network/path?from=kobenhavns-kommune&to=malmo-stad&limit=2"))
        #expect((limited["paths"] as? [Any])?.count == 2)
        #expect(limited["count"] as? Int == count)
        #expect(limited["truncated"] as? Bool == true)
        #expect(Array(NetworkRoutesTests.described(all).prefix(2)) == NetworkRoutesTests.described(limited))
    }

    @Test func rejectsMissingUnknownAndMalformedParameters() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let missingFrom = try APICheck.problem(server.get("/v1/network/path?to=hamburg"), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(missingFrom) == ["from"])
        let missingTo = try APICheck.problem(server.get("/v1/network/path?from=hamburg&to="), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(missingTo) == ["to"])
        try APICheck.problem(server.get("/v1/network/path"), status: 400, kind: "invalid-parameter")

        let unknownID = try APICheck.problem(
            server.get("/v1/network/path?from=hamburg&to=atlantis"), status: 404, kind: "not-found")
        #expect((unknownID["detail"] as? String)?.contains("`atlantis`") == true)
        #expect((unknownID["detail"] as? String)?.contains("`hamburg`") == false)
        let bothUnknown = try APICheck.problem(
            server.get("/v1/network/path?from=lemuria&to=atlantis"), status: 404, kind: "not-found")
        #expect((bothUnknown["detail"] as? String)?.contains("`lemuria`") == true)
        #expect((bothUnknown["detail"] as? String)?.contains("`atlantis`") == true)
        try APICheck.problem(server.get("/v1/network/path?from=jakob-richter&to=hamburg"), status: 404, kind: "not-found")

        let unknown = try APICheck.problem(
            server.get("/v1/network/path?from=hamburg&to=malmo-stad&depth=3"), status: 400, kind: "unknown-parameter")
        #expect(NetworkRoutesTests.invalidNames(unknown) == ["depth"])
        let unknownOnGraph = try APICheck.problem(server.get("/v1/network?from=hamburg"), status: 400, kind: "unknown-parameter")
        #expect(NetworkRoutesTests.invalidNames(unknownOnGraph) == ["from"])

        for query in ["limit=0", "limit=101", "limit=two", "max_length=0", "max_length=21"] {
            let body = try APICheck.problem(
                server.get("/v1/network/path?from=hamburg&to=malmo-stad&\(query)"), status: 400, kind: "invalid-parameter")
            #expect(NetworkRoutesTests.invalidNames(body) == [String(query.prefix { $0 != "=" })])
        }
    }

    @Test func exportsTheWholeGraphAsJSON() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/network")
        let body = try APICheck.ok(response)
        let nodes = try #require(body["nodes"] as? [[String: Any]])
        let edges = try #require(body["edges"] as? [[String: Any]])
        let counts = try server.counts()
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

    /// The whole network is written as it is sent, and its entity tag is known before: the same on another server
    /// of the same registry, a `304` when current (for the gzip variant too), another once the network changed.
    @Test func theWholeNetworkIsStreamedWithATagThatFollowsTheNetwork() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let other = try APITestServer()
        defer { other.stop() }
        for accept in ["application/json", "application/graphml+xml"] {
            let response = try server.get("/v1/network", headers: ["Accept": accept])
            #expect(response.status == 200)
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Length") == nil)
            let etag = try #require(response.header("ETag"))
            let elsewhere = try other.get("/v1/network", headers: ["Accept": accept])
            #expect(elsewhere.header("ETag") == etag, "another server of the same registry names the same bytes alike")
            #expect(elsewhere.body == response.body)
            let current = try other.get("/v1/network", headers: ["Accept": accept, "If-None-Match": etag])
            #expect(current.status == 304)
            #expect(current.body.isEmpty)

            let compressed = try server.get("/v1/network", headers: ["Accept": accept, "Accept-Encoding": "gzip"])
            #expect(compressed.header("Content-Encoding") == "gzip")
            #expect(Gzip.decompress(compressed.body) == response.body)
            let gzipTag = try #require(compressed.header("ETag"))
            #expect(gzipTag != etag)
            #expect(try server.get("/v1/network", headers: ["Accept": accept, "Accept-Encoding": "gzip", "If-None-Match": gzipTag]).status == 304)
        }
        let before = try #require(try server.get("/v1/network").header("ETag"))
        let editor = try server.bearer("editor", .write)
        #expect(try server.send("POST", "/v1/projects", #"{"title": "Tag mover", "kind": "infrastructure", "partners": [{"organisation": "hamburg", "listed_name": "Hamburg", "role": "lead"}]}"#,
                                headers: editor).status == 201)
        let after = try server.get("/v1/network", headers: ["If-None-Match": before])
        #expect(after.status == 200)
        #expect(after.header("ETag") != before)
        #expect(after.text.contains("tag-mover"))
    }

    @Test func exportsGraphMLThatParsesAndMatchesTheJSON() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let json = try APICheck.ok(server.get("/v1/network"))
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

        #expect(try NetworkRoutesTests.networkxCounts(byAccept.body) == [nodeCount, edgeCount],
                "networkx.read_graphml reads the same graph")
    }

    @Test func refusesFormatsItDoesNotOffer() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try APICheck.problem(server.get("/v1/network", headers: ["Accept": "text/csv"]), status: 406, kind: "not-acceptable")
        let format = try APICheck.problem(server.get("/v1/network?format=csv"), status: 400, kind: "invalid-parameter")
        #expect(NetworkRoutesTests.invalidNames(format) == ["format"])
        let preferred = try server.get("/v1/network", headers: ["Accept": "application/graphml+xml;q=0.5, application/json"])
        #expect(preferred.header("Content-Type") == "application/json")
    }

    /// The node and edge counts networkx reads from a GraphML document.
    static func networkxCounts(_ document: [UInt8]) throws -> [Int] {
        let script = """
            import sys, networkx
            graph = networkx.read_graphml(sys.stdin.buffer)
            print(graph.number_of_nodes(), graph.number_of_edges())
            """
        let result = try ExternalProcess.run(try ExternalProcess.locate("python3"), ["-c", script], input: document)
        #expect(result.status == 0, "networkx could not read the GraphML (scripts/install-deps installs python3-networkx): \(result.stderr)")
        return result.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }
}
