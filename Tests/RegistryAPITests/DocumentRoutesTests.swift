import Foundation
import Registry
import Testing
import TestSupport

/// The source documents: items with their text, and the text itself as `text/plain`.
@Suite struct DocumentRoutesTests {
    static let documents = [
        ("cityregio-ii", "cityregio-ii.de.txt", "de"),
        ("copenhagen-international-cooperation", "copenhagen-international-cooperation.da.txt", "da"),
        ("copenhagen-malmo-one-city", "copenhagen-malmo-one-city.da.txt", "da"),
        ("metropolregion-hannover-ikm", "metropolregion-hannover-ikm.de.txt", "de"),
        ("syddanmark-danish-german-cooperation", "syddanmark-danish-german-cooperation.da.txt", "da"),
    ]

    static func seedBytes(_ fileName: String) throws -> [UInt8] {
        let url = Fixtures.seeds.appendingPathComponent("documents").appendingPathComponent(fileName)
        return Array(try Data(contentsOf: url))
    }

    /// With a token: anonymous clients get people's contact details masked (see `PrivacyTests`).
    @Test func textIsServedByteIdenticalAsPlainText() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        for (id, fileName, language) in Self.documents {
            let response = try server.get("/v1/documents/\(id)/text", headers: reader)
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.header("Content-Language") == language)
            #expect(response.header("ETag")?.hasPrefix("\"") == true)
            #expect(response.body == (try Self.seedBytes(fileName)), "\(id)")
        }
    }

    @Test func itemCarriesTextAndMetadata() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        for (id, fileName, language) in Self.documents {
            let response = try server.get("/v1/documents/\(id)", headers: reader)
            let body = try APICheck.ok(response)
            #expect(response.header("Content-Language") == language)
            let data = try #require(body["data"] as? [String: Any])
            let bytes = try Self.seedBytes(fileName)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(data["text"] as? String == text)
            #expect(data["scalar_count"] as? Int == text.unicodeScalars.count)
            #expect(data["file_name"] as? String == fileName)
            #expect(data["language"] as? String == language)
            #expect((body["links"] as? [String: String])?["text"] == "/v1/documents/\(id)/text")
        }
        // The item's text as text/plain by negotiation.
        let plain = try server.get("/v1/documents/cityregio-ii", headers: ["Accept": "text/plain"])
        #expect(plain.status == 200)
        #expect(plain.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(plain.body == (try Self.seedBytes("cityregio-ii.de.txt")))
        #expect(try server.get("/v1/documents/cityregio-ii?format=text").body == (try Self.seedBytes("cityregio-ii.de.txt")))
    }

    @Test func documentErrors() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try APICheck.problem(try server.get("/v1/documents/missing"), status: 404, kind: "not-found")
        try APICheck.problem(try server.get("/v1/documents/missing/text"), status: 404, kind: "not-found")
        try APICheck.badParameter(try server.get("/v1/documents/cityregio-ii/text?lang=de"), "lang", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/documents?sort=title"), "sort", kind: "unknown-parameter")
        try APICheck.badParameter(try server.get("/v1/documents/cityregio-ii?format=pdf"), "format")
        // `lang` is checked here too, although the document keeps its own language.
        try APICheck.badParameter(try server.get("/v1/documents/cityregio-ii?lang=AAA"), "lang")
        try APICheck.badParameter(try server.get("/v1/documents/cityregio-ii?lang=AAA&format=text"), "lang")
        #expect(try server.get("/v1/documents/cityregio-ii?lang=DA").header("Content-Language") == "de")
        try APICheck.problem(try server.get("/v1/documents/cityregio-ii", headers: ["Accept": "application/pdf"]),
                             status: 406, kind: "not-acceptable")
        let csv = try server.get("/v1/documents?format=csv")
        #expect(csv.status == 200)
        let table = try CSVReader.records(csv.body)
        #expect(table.records.count == 5)
        #expect(!table.header.contains("text"))
        #expect(table.records.first { $0["id"] == "cityregio-ii" }?["title"]?.contains("–") == true)
    }
}
