import Foundation
import Testing

/// `GET /v1/search` end to end over loopback on the real seeds.
@Suite(.serialized) struct SearchRoutesTests {
    /// The hits of a search response as `type/id`.
    static func keys(_ body: [String: Any]) -> [String] {
        hits(body).compactMap { hit in
            guard let type = hit["type"] as? String, let id = hit["id"] as? String else { return nil }
            return "\(type)/\(id)"
        }
    }

    static func hits(_ body: [String: Any]) -> [[String: Any]] {
        body["data"] as? [[String: Any]] ?? []
    }

    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    @Test func everyCrossLanguageExampleMatches() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let examples: [(query: String, marked: [String], expected: String)] = [
            ("Hamburg", ["Hamborg"], "organisation/hamburg"),
            ("Copenhagen", ["København"], "organisation/kobenhavns-kommune"),
            ("Kopenhagen", ["København"], "organisation/kobenhavns-kommune"),
            ("Malmo", ["Malmø", "Malmö"], "organisation/malmo-stad"),
            ("Gdansk", ["Gdańska"], "document/cityregio-ii"),
            ("Varna", ["Община Варна"], "organisation/obshtina-varna"),
            ("Fehmarn", ["Fehmern", "Femern"], "project/fehmarn-belt-fixed-link"),
        ]
        for example in examples {
            let response = try server.get("/v1/search?q=\(SearchRoutesTests.percentEncoded(example.query))&limit=100")
            #expect(response.status == 200, "\(example.query)")
            let body = try response.jsonObject()
            #expect(SearchRoutesTests.keys(body).contains(example.expected), "\(example.query)")
            let snippets = SearchRoutesTests.hits(body).compactMap { $0["snippet"] as? String }
            for word in example.marked {
                #expect(snippets.contains { $0.contains("<mark>\(word)</mark>") }, "\(example.query) → \(word)")
            }
        }
    }

    @Test func answersTheDocumentedShape() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/search?q=Hamburg")
        #expect(response.status == 200)
        #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(response.header("ETag") != nil)
        #expect(response.header("Content-Language") == "en")
        let body = try response.jsonObject()
        #expect(body["query"] as? String == "Hamburg")
        #expect((body["total"] as? Int ?? 0) > 0)
        #expect(body.keys.contains("next"))
        let hit = try #require(SearchRoutesTests.hits(body).first)
        #expect(Set(hit.keys) == ["type", "id", "name", "score", "snippet", "link"])
        #expect(hit["link"] as? String == "/v1/\(hit["type"] as? String == "person" ? "people" : "\(hit["type"] ?? "")s")/\(hit["id"] ?? "")")
        let scores = SearchRoutesTests.hits(body).compactMap { $0["score"] as? Double }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })

        let again = try server.get("/v1/search?q=Hamburg", headers: ["If-None-Match": response.header("ETag") ?? ""])
        #expect(again.status == 304)
    }

    @Test func filtersByTypeAndPagesWithCursors() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let documents = try server.get("/v1/search?q=K%C3%B8benhavn&type=document").jsonObject()
        #expect(SearchRoutesTests.keys(documents).allSatisfy { $0.hasPrefix("document/") })
        #expect(!SearchRoutesTests.keys(documents).isEmpty)
        let two = try server.get("/v1/search?q=K%C3%B8benhavn&type=organisation,region,document").jsonObject()
        #expect(SearchRoutesTests.keys(two).allSatisfy { !$0.hasPrefix("partnership/") && !$0.hasPrefix("project/") })

        let all = try server.get("/v1/search?q=K%C3%B8benhavn&limit=100").jsonObject()
        let total = try #require(all["total"] as? Int)
        #expect(all["next"] is NSNull)
        var collected: [String] = []
        var target: String? = "/v1/search?q=K%C3%B8benhavn&limit=2"
        var pages = 0
        while let next = target, pages < 100 {
            let response = try server.get(next)
            #expect(response.status == 200)
            let page = try response.jsonObject()
            #expect(page["total"] as? Int == total)
            collected += SearchRoutesTests.keys(page)
            target = page["next"] as? String
            if let target { #expect(response.header("Link") == "<\(target)>; rel=\"next\"") }
            pages += 1
        }
        #expect(collected == SearchRoutesTests.keys(all))
        #expect(pages == (total + 1) / 2)
    }

    @Test func namesFollowTheRequestedLanguage() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let german = try server.get("/v1/search?q=Kobenhavns%20Kommune&type=organisation&lang=de")
        #expect(german.header("Content-Language") == "de")
        let name = SearchRoutesTests.hits(try german.jsonObject()).first { $0["id"] as? String == "kobenhavns-kommune" }?["name"]
        #expect(name as? String == "Stadt Kopenhagen")
        let danish = try server.get("/v1/search?q=Hamburg&type=organisation", headers: ["Accept-Language": "da, en;q=0.5"])
        #expect(danish.header("Content-Language") == "da")
        #expect(SearchRoutesTests.hits(try danish.jsonObject()).contains { $0["name"] as? String == "Hamborg" })
    }

    @Test func badRequestsAreProblems() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let cases: [(target: String, parameter: String)] = [
            ("/v1/search", "q"),
            ("/v1/search?q=", "q"),
            ("/v1/search?q=%20%20", "q"),
            ("/v1/search?q=%28%29%2A", "q"),
            ("/v1/search?q=\(String(repeating: "a+", count: 40))", "q"),
            ("/v1/search?q=Hamburg&type=city", "type"),
            ("/v1/search?q=Hamburg&type=project,", "type"),
            ("/v1/search?q=Hamburg&limit=0", "limit"),
            ("/v1/search?q=Hamburg&limit=101", "limit"),
            ("/v1/search?q=Hamburg&limit=ten", "limit"),
            ("/v1/search?q=Hamburg&cursor=forged", "cursor"),
            ("/v1/search?q=Hamburg&lang=fr", "lang"),
            ("/v1/search?q=Hamburg&sort=name", "sort"),
        ]
        for (target, parameter) in cases {
            let response = try server.get(target)
            #expect(response.status == 400, "\(target)")
            #expect(response.header("Content-Type")?.hasPrefix("application/problem+json") == true, "\(target)")
            #expect(response.text.contains(parameter), "\(target)")
        }
        let first = try server.get("/v1/search?q=K%C3%B8benhavn&limit=1").jsonObject()
        let next = try #require(first["next"] as? String)
        let cursor = try #require(next.components(separatedBy: "cursor=").last)
        let reused = try server.get("/v1/search?q=Malm%C3%B8&limit=1&cursor=\(cursor)")
        #expect(reused.status == 400)
        #expect(reused.text.contains("cursor"))
    }

    @Test func ftsSyntaxInTheQueryIsNeverAServerError() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for query in [#"""#, #"Hamburg""#, "Ham*", "NEAR(a b)", "a OR", "NOT Hamburg", "col:x", "^a", "{a}", "a-b", "'", "%27%22"] {
            let response = try server.get("/v1/search?q=\(SearchRoutesTests.percentEncoded(query))")
            #expect(response.status == 200 || response.status == 400, "\(query)")
        }
    }
}
