import Crypto
import Foundation
import Registry
import Testing
import TestSupport

/// Every seed record's item, every list page (JSON and CSV) and every relation, in every language, has the
/// bytes recorded in `Tests/Golden/served-bytes.tsv`: how records are stored and read may change, what
/// clients receive may not.
///
/// The file holds one line per request: the target, the SHA-256 of the body (cursors blanked, since their
/// key is made per database) and its length. `BROBYGGER_WRITE_GOLDEN=1 swift test --filter ServedBytesTests`
/// writes it anew from the running code.
@Suite struct ServedBytesTests {
    static let goldenFile = Fixtures.repository.appendingPathComponent("Tests/Golden/served-bytes.tsv")
    static let languages = ["en", "da", "de"]

    /// Lists with the documented filters and sorts, besides the plain walk of every collection.
    static let filteredLists = [
        "/v1/projects?sort=-total_budget", "/v1/projects?sort=-eu_funding", "/v1/projects?sort=start",
        "/v1/projects?country=DK", "/v1/projects?country=CZ&sort=name", "/v1/projects?q=cityregio",
        "/v1/projects?kind=fundedProject&sort=-co_financing_rate", "/v1/projects?active_on=2010-01-01",
        "/v1/projects?min_budget=1000000", "/v1/partnerships?sort=-signed", "/v1/partnerships?country=DE",
        "/v1/organisations?q=kommune", "/v1/organisations?country=DK&sort=-name", "/v1/organisations?sort=country",
        "/v1/regions?country=SE", "/v1/programmes?sort=start", "/v1/people?sort=-name", "/v1/themes?sort=name",
    ]

    @Test func everySeedResponseKeepsItsBytes() throws {
        let server = try APITestServer()
        defer { server.stop() }
        var lines: [String] = []
        func record(_ target: String, accept: String? = nil) throws -> RawResponse {
            let response = try server.get(target, headers: accept.map { ["Accept": $0] } ?? [:])
            #expect(response.status == 200, "\(target): \(response.status) \(response.text.prefix(300))")
            let line = "\(target)\(accept.map { " (\($0))" } ?? "")\t\(ServedBytesTests.digest(response.body))"
            lines.append(ServedBytesTests.blankingCursors(line))
            return response
        }
        /// Follows `next` from `target`, recording every page; returns the ids of its entries.
        func walk(_ target: String) throws -> [String] {
            var ids: [String] = []
            var next: String? = target
            while let page = next {
                let body = try record(page).jsonObject()
                ids += APICheck.ids(body)
                next = body["next"] as? String
            }
            return ids
        }
        for collection in ItemRoutesTests.collections {
            let ids = try walk("/v1/\(collection)?limit=100")
            #expect(!ids.isEmpty, "no \(collection)")
            for language in ServedBytesTests.languages {
                _ = try walk("/v1/\(collection)?limit=7&lang=\(language)")
                _ = try record("/v1/\(collection)?limit=100&format=csv&lang=\(language)")
                for id in ids { _ = try record("/v1/\(collection)/\(id)?lang=\(language)") }
            }
            for id in ids {
                for relation in ServedBytesTests.relations[collection] ?? [] {
                    _ = try record("/v1/\(collection)/\(id)/\(relation)")
                }
            }
        }
        for target in ServedBytesTests.filteredLists {
            _ = try walk(target + "&limit=100")
            _ = try record(target + "&limit=100", accept: "text/csv")
        }
        let actual = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["BROBYGGER_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: ServedBytesTests.goldenFile.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try actual.write(to: ServedBytesTests.goldenFile, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: ServedBytesTests.goldenFile, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n").map(String.init)
        #expect(lines.count == expectedLines.count, "\(lines.count) responses, the golden file has \(expectedLines.count)")
        let changed = zip(lines, expectedLines).filter { $0 != $1 }
        #expect(changed.isEmpty, "\(changed.count) responses changed; first: \(changed.prefix(3).map(\.0))")
        #expect(lines.count > 400, "only \(lines.count) responses compared")
    }

    static let relations = [
        "organisations": ["partnerships", "projects"], "regions": ["members"], "projects": ["partners"],
    ]

    /// The body's digest and length, with cursors (whose key is made per database) blanked.
    static func digest(_ body: [UInt8]) -> String {
        let text = blankingCursors(String(decoding: body, as: UTF8.self))
        return "\(Hexadecimal.encode(SHA256.hash(data: Array(text.utf8))))\t\(body.count)"
    }

    static func blankingCursors(_ text: String) -> String {
        text.replacingOccurrences(of: #"cursor=[A-Za-z0-9_\-.~%]+"#, with: "cursor=", options: .regularExpression)
    }
}
