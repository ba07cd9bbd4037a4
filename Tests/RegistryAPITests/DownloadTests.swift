import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Whole collections in one response (`limit=all`) as NDJSON and CSV: the same records, in the same order,
/// as walking the JSON pages, for every kind and with filters, sorts and `q`; read in batches of three
/// records here, so that every download crosses many batch boundaries (keysets over empty sort values too).
@Suite(.serialized) struct DownloadTests {
    static let kinds = ["projects", "partnerships", "regions", "organisations", "programmes", "people", "themes"]

    static let selections = kinds.map { "/v1/\($0)?" } + [
        "/v1/projects?sort=-total_budget&",
        "/v1/projects?sort=start,-end&",
        "/v1/projects?sort=co_financing_rate,-acronym&",
        "/v1/projects?q=cityregio&",
        "/v1/partnerships?sort=-signed&",
        "/v1/partnerships?country=DE&sort=start&",
        "/v1/organisations?sort=country,-name&",
        "/v1/organisations?country=DE&",
        "/v1/organisations?q=region&",
        "/v1/organisations?q=region&sort=-name&",
        "/v1/organisations?q=region&country=DE&",
        "/v1/projects?q=cityregio&sort=-total_budget&",
        "/v1/regions?sort=-kind&",
    ]

    private static func server(batchSize: Int = 3) throws -> APITestServer {
        var options = APIOptions()
        options.downloadBatchSize = batchSize
        return try APITestServer(options: options)
    }

    @Test func ndjsonHoldsWhatThePagesHoldInTheirOrder() throws {
        let server = try Self.server()
        defer { server.stop() }
        for selection in Self.selections {
            let pages = try server.allEntries(selection + "limit=100")
            let response = try server.get(selection + "limit=all&format=ndjson")
            #expect(response.status == 200, "\(selection): \(response.text)")
            #expect(response.header("Content-Type") == "application/x-ndjson")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(response.header("Content-Length") == nil)
            #expect(response.body.last == 0x0A || response.body.isEmpty)
            let lines = response.body.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
            let entries = try lines.map { try JSONSerialization.jsonObject(with: Data($0)) }
            #expect(!entries.isEmpty, "\(selection) selects nothing")
            #expect(NSArray(array: entries).isEqual(to: pages), "\(selection): the download differs from the pages")
        }
    }

    @Test func csvHasTheKindsColumnsWhateverTheSelection() throws {
        let server = try Self.server()
        defer { server.stop() }
        for kind in Self.kinds {
            let all = try server.get("/v1/\(kind)?limit=all&format=csv")
            #expect(all.status == 200)
            #expect(all.header("Content-Type") == "text/csv; charset=utf-8; header=present")
            let (header, records) = try CSVReader.records(all.body)
            #expect(header.first == "id")
            #expect(header.contains("label") && header.contains("link") && !header.contains("evidence"))
            #expect(header == header.dropFirst().sorted().reduce(into: ["id"]) { $0.append($1) }, "\(kind): columns not sorted")
            // A selection of nothing has the same columns.
            let none = try server.get("/v1/\(kind)?limit=all&format=csv&q=zzqqxxnothing")
            let (noneHeader, noneRecords) = try CSVReader.records(none.body)
            #expect(noneHeader == header)
            #expect(noneRecords.isEmpty)
            // The rows are the records of the NDJSON download, in its order, with the page CSV's cells.
            let ndjson = try server.get("/v1/\(kind)?limit=all&format=ndjson")
            let entries = try ndjson.body.split(separator: 0x0A).map {
                try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
            }
            #expect(records.map { $0["id"] } == entries.map { $0["id"] as? String })
            #expect(records.map { $0["label"] } == entries.map { $0["label"] as? String })
            #expect(records.map { $0["link"] } == entries.map { $0["link"] as? String })
            let page = try CSVReader.records(try server.get("/v1/\(kind)?limit=100&format=csv").body)
            #expect(page.records.count == records.count, "\(kind): the test expects one page of CSV")
            // Pages have the kind's columns too, however few records they hold.
            #expect(page.header == header, "\(kind): a page's columns differ from the download's")
            let onePage = try CSVReader.records(try server.get("/v1/\(kind)?limit=1&format=csv").body)
            #expect(onePage.header == header && onePage.records.count == 1)
            for (pageRow, row) in zip(page.records, records) {
                for (column, value) in pageRow where header.contains(column) {
                    #expect(row[column] == value, "\(kind) \(row["id"] ?? "?") column \(column)")
                }
            }
        }
    }

    /// A text that matches more records than a list's pages take (``RegistryStore/maximumFilterMatches``) is refused
    /// by the pages and downloaded whole: every match once, best first as the search gives them, or in the order
    /// asked for, with the list's filters.
    @Test(.sqliteOnly("adds ten thousand records with RegistryStore.importRecords, which only the SQLite store has"))
    func aTextTooBroadForPagesIsDownloadedWhole() throws {
        let server = try Self.server(batchSize: 1_000)
        defer { server.stop() }
        let store = try server.sqliteStore()
        let count = RegistryStore.maximumFilterMatches + 25
        // Names out of the order of the ids; every third in Poland.
        let municipalities: [any RegistryRecord] = (0..<count).map { number -> any RegistryRecord in
            let name = "Gmina \((number * 7_919) % count)"
            return Organisation(id: String(format: "gmina-%05d", number), name: name,
                                kind: .municipality, country: number % 3 == 0 ? "PL" : "CZ",
                                description: number % 2 == 0 ? "A gmina on the Oder." : nil)
        }
        _ = try store.importRecords(municipalities)
        let page = try server.get("/v1/organisations?q=gmina&limit=100")
        #expect(page.status == 400, "\(page.text)")

        func downloadedIDs(_ target: String) throws -> [String] {
            let response = try server.get(target)
            #expect(response.status == 200, "\(target): \(response.text.prefix(300))")
            return try response.body.split(separator: 0x0A).map { line in
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                return try #require(entry["id"] as? String)
            }
        }
        let best = try downloadedIDs("/v1/organisations?q=gmina&limit=all&format=ndjson")
        #expect(best.count == count)
        #expect(best == (try store.searchIDs(of: .organisation, matching: "gmina", upTo: nil)))

        let names = Dictionary(uniqueKeysWithValues: municipalities.compactMap { $0 as? Organisation }.map { ($0.id, $0.name) })
        func name(_ id: String) -> String { names[id] ?? "" }
        let byName = try downloadedIDs("/v1/organisations?q=gmina&sort=-name&limit=all&format=ndjson")
        #expect(byName == names.keys.sorted { name($0) > name($1) })
        let polish = try downloadedIDs("/v1/organisations?q=gmina&country=PL&sort=name&limit=all&format=ndjson")
        #expect(polish == names.keys.filter { (Int($0.dropFirst("gmina-".count)) ?? 1) % 3 == 0 }.sorted { name($0) < name($1) })
        let csv = try CSVReader.records(try server.get("/v1/organisations?q=gmina&limit=all&format=csv").body)
        #expect(csv.records.map { $0["id"] } == best.map { Optional($0) })
    }

    @Test func gzipWhenAcceptedAndTheSameBytesDecoded() throws {
        let server = try Self.server()
        defer { server.stop() }
        for format in ["csv", "ndjson"] {
            let target = "/v1/organisations?limit=all&format=\(format)&sort=-name"
            let plain = try server.get(target)
            let compressed = try server.get(target, headers: ["Accept-Encoding": "gzip"])
            #expect(compressed.header("Content-Encoding") == "gzip")
            #expect(compressed.header("Transfer-Encoding") == "chunked")
            #expect(plain.header("Content-Encoding") == nil)
            #expect(!plain.body.isEmpty)
            #expect(Gzip.decompress(compressed.body) == plain.body)
        }
    }

    @Test func curlReadsTheDownloadOverHTTP11AndHTTP10() throws {
        let curl = try ExternalProcess.locate("curl")
        let server = try Self.server()
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/v1/projects?limit=all&format=ndjson&sort=-eu_funding"
        let expected = try server.get("/v1/projects?limit=all&format=ndjson&sort=-eu_funding").text
        #expect(!expected.isEmpty)
        for arguments in [["--http1.1"], ["--http1.1", "--compressed"], ["--http1.0"], ["--http1.0", "--compressed"]] {
            let result = try ExternalProcess.run(curl, ["-sS", "--fail"] + arguments + [url])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout == expected, "\(arguments)")
        }
    }

    @Test func headGetsTheHeadOfTheDownload() throws {
        let server = try Self.server()
        defer { server.stop() }
        let head = try server.request("HEAD", "/v1/projects?limit=all&format=csv")
        #expect(head.status == 200)
        #expect(head.header("Transfer-Encoding") == "chunked")
        #expect(head.header("Content-Type") == "text/csv; charset=utf-8; header=present")
        #expect(head.body.isEmpty)
    }

    @Test func acceptChoosesTheFormatToo() throws {
        let server = try Self.server()
        defer { server.stop() }
        let csv = try server.get("/v1/themes?limit=all", headers: ["Accept": "text/csv"])
        #expect(csv.status == 200)
        #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
        let ndjson = try server.get("/v1/themes?limit=all", headers: ["Accept": "application/x-ndjson"])
        #expect(ndjson.header("Content-Type") == "application/x-ndjson")
    }

    @Test func jsonOrACursorWithLimitAllIsABadRequest() throws {
        let server = try Self.server()
        defer { server.stop() }
        try APICheck.badParameter(try server.get("/v1/projects?limit=all"), "limit")
        try APICheck.badParameter(try server.get("/v1/projects?limit=all&format=json"), "limit")
        try APICheck.badParameter(try server.get("/v1/projects?limit=all&format=csv&cursor=abc"), "cursor")
        try APICheck.badParameter(try server.get("/v1/projects?limit=all&format=ndjson&country=Denmark"), "country")
        try APICheck.badParameter(try server.get("/v1/projects?limit=al&format=ndjson"), "limit")
    }

    /// A text the search cannot take is refused before the head, as a list's pages refuse it, though a download
    /// searches only after its head; `HEAD` checks the text and searches nothing.
    @Test func aTextWithNoWordOrTooManyIsABadRequest() throws {
        let server = try Self.server()
        defer { server.stop() }
        let tooMany = (0...32).map { "w\($0)" }.joined(separator: "+")
        for text in ["%22%22", "%2C+%21", tooMany] {
            for format in ["csv", "ndjson"] {
                let target = "/v1/organisations?q=\(text)&limit=all&format=\(format)"
                try APICheck.badParameter(try server.get(target), "q")
                let head = try server.request("HEAD", target)
                #expect(head.status == 400, "\(target)")
            }
        }
        let words = (0..<32).map { _ in "region" }.joined(separator: "+")
        let head = try server.request("HEAD", "/v1/organisations?q=\(words)&limit=all&format=csv")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        let download = try server.get("/v1/organisations?q=\(words)&limit=all&format=ndjson")
        #expect(download.status == 200)
        let page = try server.allIDs("/v1/organisations?q=\(words)&limit=100").ids
        #expect(!page.isEmpty)
        #expect(download.body.split(separator: 0x0A).count == page.count)
    }

    @Test func ndjsonPagesAreLinkedLikeJSONPages() throws {
        let server = try Self.server()
        defer { server.stop() }
        let first = try server.get("/v1/organisations?limit=5&format=ndjson")
        #expect(first.status == 200)
        #expect(first.header("Content-Length") != nil)
        #expect(first.body.split(separator: 0x0A).count == 5)
        let link = try #require(first.header("Link"))
        #expect(link.contains("format=ndjson") && link.contains("cursor="))
        let target = String(link.dropFirst().prefix { $0 != ">" })
        let second = try server.get(target)
        let firstIDs = try first.body.split(separator: 0x0A).map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])["id"] as? String }
        let secondIDs = try second.body.split(separator: 0x0A).map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])["id"] as? String }
        let walked = try server.allIDs("/v1/organisations?limit=10").ids
        #expect(firstIDs + secondIDs == walked.prefix(10).map { Optional($0) })
    }
}

extension APITestServer {
    /// Every entry of a list, following `next` from page to page.
    func allEntries(_ target: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Any] {
        var entries: [Any] = []
        var next: String? = target
        var pages = 0
        while let page = next, pages < 200 {
            pages += 1
            let body = try APICheck.ok(try get(page), sourceLocation: sourceLocation)
            entries += body["data"] as? [Any] ?? []
            next = body["next"] as? String
        }
        return entries
    }
}
