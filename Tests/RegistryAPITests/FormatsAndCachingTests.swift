import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Testing
import TestSupport

/// CSV and content negotiation, conditional requests and caching headers, and languages.
@Suite struct FormatsAndCachingTests {
    @Test func listsAsCSVByFormatOrAccept() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let byFormat = try server.get("/v1/projects?format=csv")
        let byAccept = try server.get("/v1/projects", headers: ["Accept": "text/csv"])
        let byQuality = try server.get("/v1/projects", headers: ["Accept": "application/json;q=0.5, text/csv"])
        for response in [byFormat, byAccept, byQuality] {
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/csv; charset=utf-8; header=present")
            #expect(response.headers.contains { $0.0 == "Vary" && $0.1.contains("Accept,") })
        }
        #expect(byFormat.body == byAccept.body)
        #expect(byFormat.body == byQuality.body)
        #expect(try server.get("/v1/projects?format=CSV").body == byFormat.body)
        // Rows end in CRLF.
        #expect(byFormat.text.hasSuffix("\r\n"))
        #expect(!byFormat.text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))

        let table = try CSVReader.records(byFormat.body)
        #expect(table.header.first == "id")
        #expect(Set(table.header).count == table.header.count)
        #expect(table.records.map { $0["id"] } == ["city-regio", "cityregio-ii", "fehmarn-belt-fixed-link"])
        let cityregio = try #require(table.records.first { $0["id"] == "cityregio-ii" })
        #expect(cityregio["total_budget.amount"] == "1603747")
        #expect(cityregio["total_budget.currency"] == "EUR")
        #expect(cityregio["partners.count"] == "15")
        #expect(cityregio["label"] == "CITYREGIO II")
        #expect(cityregio["themes"] == "business-development;urban-rural-partnership;clusters;it;logistics;strategic-sites;human-resources-development")
        // The real description holds commas and typographic quotes; it reads back exactly as the JSON gives it.
        let json = try APICheck.ok(try server.get("/v1/projects/cityregio-ii"))
        let description = try #require((json["data"] as? [String: Any])?["description"] as? String)
        #expect(description.contains(","))
        #expect(cityregio["description"] == description)
        #expect(byFormat.text.contains("\"" + description + "\""))
        #expect(!table.header.contains("evidence"))

        // Every collection: as many rows as the JSON page has entries.
        for plural in ["partnerships", "regions", "organisations", "programmes", "people", "themes"] {
            let csv = try server.get("/v1/\(plural)?format=csv&limit=100")
            let rows = try CSVReader.records(csv.body)
            let ids = try server.listIDs("/v1/\(plural)?limit=100")
            #expect(rows.records.map { $0["id"] ?? "" } == ids, "\(plural)")
        }
        // CSV pages carry the next link in the Link header.
        let paged = try server.get("/v1/themes?format=csv&limit=10")
        #expect(try CSVReader.records(paged.body).records.count == 10)
        let link = try #require(paged.header("Link"))
        #expect(link.hasPrefix("</v1/themes?format=csv&limit=10&cursor="))
        // An empty selection is a header row alone.
        let empty = try server.get("/v1/projects?country=DK&format=csv")
        #expect(try CSVReader.rows(empty.body).count == 1)
        let themes = try CSVReader.records(try server.get("/v1/themes?format=csv&lang=de&limit=100").body)
        #expect(themes.records.first { $0["id"] == "transport" }?["label"] == "Verkehr")
    }

    @Test func csvWriterQuotesCommasQuotesAndLineBreaks() {
        let writer = CSVWriter(header: ["id", "text"])
        writer.row(["a", "plain"])
        writer.row(["b", "comma, here"])
        writer.row(["c", "say \"hej\""])
        writer.row(["d", "two\nlines"])
        writer.row(["e", "cr\r\nlf"])
        writer.row(["f", ""])
        let expected = "id,text\r\na,plain\r\nb,\"comma, here\"\r\nc,\"say \"\"hej\"\"\"\r\nd,\"two\nlines\"\r\ne,\"cr\r\nlf\"\r\nf,\r\n"
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        #expect((try? CSVReader.rows(writer.bytes)) == [["id", "text"], ["a", "plain"], ["b", "comma, here"], ["c", "say \"hej\""],
                                                         ["d", "two\nlines"], ["e", "cr\r\nlf"], ["f", ""]])
    }

    /// A field is quoted exactly when a comma, quote, CR or LF stands anywhere in it, at every offset of the
    /// eight-byte words the writer reads and in the bytes after the last whole word.
    @Test func csvWriterQuotesWhateverTheSpecialBytesOffset() {
        for length in 0...24 {
            for special in [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0D, 0x0A] {
                for offset in 0..<max(length, 1) {
                    // Neighbours of the special bytes (`+`, `!`, `\u{0C}`, `\u{0B}`, `-`) and letters around them.
                    var field = (0..<length).map { [UInt8(ascii: "a"), 0x2B, 0x21, 0x0C, 0x0B, 0x2D][$0 % 6] }
                    if length > 0 { field[offset] = special }
                    let writer = CSVWriter(header: ["x"])
                    _ = writer.takeBytes()
                    field.withUnsafeBufferPointer { writer.field($0) }
                    writer.endRow()
                    let escaped = field.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] }
                    let expected = length > 0 ? [UInt8(ascii: "\"")] + escaped + [UInt8(ascii: "\""), 0x0D, 0x0A] : [0x0D, 0x0A]
                    if writer.bytes != expected { Issue.record("length \(length), byte \(special) at \(offset)") }
                }
            }
            // Without any of them, never quoted.
            let plain = (0..<length).map { [UInt8(ascii: "a"), 0x2B, 0x21, 0x0C, 0x0B, 0x2D, 0x20, 0xC3, 0xA5][$0 % 9] }
            let writer = CSVWriter(header: ["x"])
            _ = writer.takeBytes()
            plain.withUnsafeBufferPointer { writer.field($0) }
            if writer.bytes != plain { Issue.record("length \(length): quoted without a reason") }
        }
    }

    /// Every quote of a quoted field is doubled, wherever the quotes stand: side by side, at the ends, across the
    /// eight-byte words the writer reads and in the bytes after the last whole word.
    @Test func csvWriterDoublesEveryQuote() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [UInt8(ascii: "\""), UInt8(ascii: "\""), UInt8(ascii: "a"), UInt8(ascii: ","), 0xC3, 0xA5, 0x21]
        for length in 1...40 {
            for _ in 0..<50 {
                var field = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
                field[Int.random(in: 0..<length, using: &generator)] = UInt8(ascii: "\"")
                let writer = CSVWriter(header: ["x"])
                _ = writer.takeBytes()
                field.withUnsafeBufferPointer { writer.field($0) }
                let escaped = field.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] }
                if writer.bytes != [UInt8(ascii: "\"")] + escaped + [UInt8(ascii: "\"")] {
                    Issue.record("\(field) written as \(writer.bytes)")
                }
            }
        }
        // Nothing but quotes.
        for length in 1...17 {
            let writer = CSVWriter(header: ["x"])
            _ = writer.takeBytes()
            Array(repeating: UInt8(ascii: "\""), count: length).withUnsafeBufferPointer { writer.field($0) }
            #expect(writer.bytes == Array(repeating: UInt8(ascii: "\""), count: 2 * length + 2))
        }
    }

    @Test func unacceptableAndUnknownFormats() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try APICheck.problem(try server.get("/v1/projects", headers: ["Accept": "application/xml"]), status: 406, kind: "not-acceptable")
        try APICheck.problem(try server.get("/v1/projects/cityregio-ii", headers: ["Accept": "application/xml"]), status: 406, kind: "not-acceptable")
        try APICheck.problem(try server.get("/v1/projects/cityregio-ii", headers: ["Accept": "text/csv"]), status: 406, kind: "not-acceptable")
        try APICheck.problem(try server.get("/v1/projects", headers: ["Accept": "application/json;q=0, text/csv;q=0"]), status: 406)
        try APICheck.badParameter(try server.get("/v1/projects?format=xml"), "format")
        try APICheck.badParameter(try server.get("/v1/projects/cityregio-ii?format=csv"), "format")
        // Wildcards and unknown-plus-known lists fall back to JSON.
        for accept in ["*/*", "application/*", "application/xml, application/json;q=0.1", "text/html, */*;q=0.8"] {
            let response = try server.get("/v1/projects", headers: ["Accept": accept])
            #expect(response.status == 200, "\(accept)")
            #expect(response.header("Content-Type") == "application/json", "\(accept)")
        }
        #expect(try server.get("/v1/projects", headers: ["Accept": "text/*"]).header("Content-Type")?.hasPrefix("text/csv") == true)
    }

    @Test func strongETagsAndIfNoneMatch() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for target in ["/v1/projects", "/v1/projects/cityregio-ii", "/v1/projects?format=csv", "/v1/documents/cityregio-ii/text",
                       "/v1/projects/cityregio-ii/partners", "/v1/findings", "/v1/documents"] {
            let first = try server.get(target)
            #expect(first.status == 200)
            let tag = try #require(first.header("ETag"), "\(target)")
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\"") && !tag.hasPrefix("W/"), "\(target): \(tag)")
            #expect(first.header("Cache-Control")?.contains("max-age") == true)
            #expect(first.header("Last-Modified") != nil)
            #expect(try server.get(target).header("ETag") == tag, "stable across requests")

            for condition in [tag, "W/\(tag)", "\"other\", \(tag)", "*"] {
                let cached = try server.get(target, headers: ["If-None-Match": condition])
                #expect(cached.status == 304, "\(target) If-None-Match: \(condition)")
                #expect(cached.body.isEmpty)
                #expect(cached.header("ETag") == tag)
                #expect(cached.header("Content-Type") == nil)
                #expect(cached.header("Cache-Control") == first.header("Cache-Control"))
            }
            let stale = try server.get(target, headers: ["If-None-Match": "\"0000000000000000\""])
            #expect(stale.status == 200)
            #expect(stale.body == first.body)
        }
        // Different representations have different tags.
        let json = try server.get("/v1/themes/transport").header("ETag")
        #expect(json != (try server.get("/v1/themes/transport?lang=de").header("ETag")))
        #expect(try server.get("/v1/projects").header("ETag") != (try server.get("/v1/projects?format=csv").header("ETag")))
        // Errors carry no validators and are never 304.
        let missing = try server.get("/v1/projects/nope", headers: ["If-None-Match": "*"])
        #expect(missing.status == 404)
        #expect(missing.header("ETag") == nil)
    }

    @Test func gzipVariantHasItsOwnTagAndRevalidates() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let plain = try server.get("/v1/projects")
        let plainTag = try #require(plain.header("ETag"))
        let compressed = try server.get("/v1/projects", headers: ["Accept-Encoding": "gzip"])
        #expect(compressed.status == 200)
        #expect(compressed.header("Content-Encoding") == "gzip")
        #expect(Array(compressed.body.prefix(2)) == [0x1F, 0x8B])
        #expect(compressed.body.count < plain.body.count)
        let gzipTag = try #require(compressed.header("ETag"))
        #expect(gzipTag == String(plainTag.dropLast()) + "-gzip\"")
        #expect(compressed.headers.contains { $0.0 == "Vary" && $0.1.contains("Accept-Encoding") })

        let revalidated = try server.get("/v1/projects", headers: ["Accept-Encoding": "gzip", "If-None-Match": gzipTag])
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
        #expect(revalidated.header("ETag") == gzipTag)
        // The plain tag also names the same state for a gzip client, and the gzip tag for a plain one.
        #expect(try server.get("/v1/projects", headers: ["Accept-Encoding": "gzip", "If-None-Match": plainTag]).status == 304)
        let crossed = try server.get("/v1/projects", headers: ["If-None-Match": gzipTag])
        #expect(crossed.status == 304)
        #expect(crossed.header("ETag") == plainTag)
    }

    @Test func lastModifiedAndIfModifiedSince() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let first = try server.get("/v1/projects/cityregio-ii")
        let lastModified = try #require(first.header("Last-Modified"))
        #expect(lastModified.hasSuffix(" GMT"))
        let cached = try server.get("/v1/projects/cityregio-ii", headers: ["If-Modified-Since": lastModified])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty)
        #expect(cached.header("ETag") == first.header("ETag"))
        #expect(cached.header("Last-Modified") == lastModified)
        let old = try server.get("/v1/projects/cityregio-ii", headers: ["If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"])
        #expect(old.status == 200)
        #expect(old.body == first.body)
        #expect(try server.get("/v1/projects/cityregio-ii", headers: ["If-Modified-Since": "not a date"]).status == 200)
        // If-None-Match takes precedence over If-Modified-Since.
        let both = try server.get("/v1/projects/cityregio-ii", headers: ["If-None-Match": "\"other\"", "If-Modified-Since": lastModified])
        #expect(both.status == 200)
    }

    @Test func languagesChangeLabelsAndContentLanguage() throws {
        let server = try APITestServer()
        defer { server.stop() }
        func label(_ target: String, headers: [String: String] = [:]) throws -> (String?, String?) {
            let response = try server.get(target, headers: headers)
            #expect(response.status == 200)
            return (try response.jsonObject()["label"] as? String, response.header("Content-Language"))
        }
        #expect(try label("/v1/themes/transport") == ("Transport", "en"))
        #expect(try label("/v1/themes/transport?lang=de") == ("Verkehr", "de"))
        #expect(try label("/v1/themes/transport?lang=DE") == ("Verkehr", "de"))
        #expect(try label("/v1/themes/transport", headers: ["Accept-Language": "de-DE,de;q=0.9"]) == ("Verkehr", "de"))
        #expect(try label("/v1/themes/clean-tech?lang=de") == ("Umwelttechnik", "de"))
        #expect(try label("/v1/themes/clean-tech?lang=da") == ("Clean Tech", "da"))
        #expect(try label("/v1/themes/clean-tech", headers: ["Accept-Language": "fr, da;q=0.5, de;q=0.4"]) == ("Clean Tech", "da"))
        #expect(try label("/v1/themes/clean-tech", headers: ["Accept-Language": "fr"]) == ("Clean tech", "en"))
        #expect(try label("/v1/themes/clean-tech?lang=en", headers: ["Accept-Language": "de"]) == ("Clean tech", "en"))
        #expect(try label("/v1/partnerships/north-sea-commission?lang=de") == ("Nordseekommission", "de"))
        #expect(try label("/v1/partnerships/north-sea-commission?lang=da") == ("Nordsø-kommissionen", "da"))

        let list = try server.get("/v1/themes?limit=100", headers: ["Accept-Language": "de-DE,de;q=0.9"])
        #expect(list.header("Content-Language") == "de")
        #expect(APICheck.data(try list.jsonObject()).first { $0["id"] as? String == "transport" }?["label"] as? String == "Verkehr")
        let related = try APICheck.ok(try server.get("/v1/projects/cityregio-ii?lang=de"))
        let themes = (related["related"] as? [String: [[String: Any]]])?["themes"] ?? []
        #expect(themes.contains { $0["id"] as? String == "logistics" && $0["name"] as? String != nil })
        let english = try APICheck.ok(try server.get("/v1/projects/cityregio-ii"))
        let englishThemes = (english["related"] as? [String: [[String: Any]]])?["themes"] ?? []
        #expect(themes.compactMap { $0["name"] as? String } != englishThemes.compactMap { $0["name"] as? String })

        for target in ["/v1/themes?lang=fr", "/v1/themes/transport?lang=fr", "/v1/themes?lang=", "/v1/projects/cityregio-ii/partners?lang=sv"] {
            try APICheck.badParameter(try server.get(target), "lang")
        }
    }

    @Test(.sqliteOnly("adds records with RegistryStore.save (no history, no validation), which only the SQLite store has"))
    func aChangeOfTheRegistryEmptiesTheResponseCache() throws {
        let server = try APITestServer(configure: { $0.responseCache = ResponseCache() })
        defer { server.stop() }
        try server.sqliteStore().save(Organisation(id: "test-harbour", name: "Test Harbour", kind: .company))
        let first = try server.get("/v1/organisations/test-harbour")
        let cached = try server.get("/v1/organisations/test-harbour")
        #expect(first.header("Age") == nil)
        #expect(cached.header("Age") != nil)
        #expect(cached.text == first.text)

        try server.sqliteStore().save(Organisation(id: "test-harbour", name: "Test Harbour Authority", kind: .company))
        let changed = try server.get("/v1/organisations/test-harbour")
        #expect(changed.header("Age") == nil)
        #expect(changed.text.contains("Test Harbour Authority"))
        #expect(changed.header("ETag") != first.header("ETag"))
        let modified = try #require(changed.header("Last-Modified").flatMap(HTTPDate.parse))
        #expect(modified >= (try #require(first.header("Last-Modified").flatMap(HTTPDate.parse))))
    }

    /// `brobygger import` beside the server writes through a connection of its own: the server notices the
    /// commit by polling and drops what it cached.
    @Test(.sqliteOnly("writes through a second connection to the SQLite file"))
    func aCommitOfAnotherConnectionEmptiesTheResponseCache() throws {
        let server = try APITestServer(configure: { $0.responseCache = ResponseCache() })
        defer { server.stop() }
        try server.sqliteStore().watchOtherWriters(every: .milliseconds(100))
        try server.sqliteStore().save(Organisation(id: "test-harbour", name: "Test Harbour", kind: .company))
        _ = try server.get("/v1/organisations/test-harbour")
        let cached = try server.get("/v1/organisations/test-harbour")
        #expect(cached.header("Age") != nil)

        let other = try RegistryStore.open(path: server.directory.appendingPathComponent("registry.sqlite").path,
                                           migrationsDirectory: Fixtures.migrations)
        try other.save(Organisation(id: "test-harbour", name: "Test Harbour Authority", kind: .company))
        let deadline = ContinuousClock.now + .seconds(10)
        var seen = try server.get("/v1/organisations/test-harbour")
        while !seen.text.contains("Test Harbour Authority") && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            seen = try server.get("/v1/organisations/test-harbour")
        }
        #expect(seen.text.contains("Test Harbour Authority"), "still served from the cache: \(seen.text.prefix(200))")
        // The list, cached before, is current too.
        let list = try server.get("/v1/organisations?q=harbour")
        #expect(list.text.contains("Test Harbour Authority"))
    }

    @Test(.sqliteOnly("adds records with RegistryStore.save (no history, no validation), which only the SQLite store has; PostgresServingTests reads such records on PostgreSQL"))
    func relatedRecordsAreNamedInTheRequestedLanguage() throws {
        let server = try APITestServer()
        defer { server.stop() }
        try server.sqliteStore().save(Organisation(id: "harbour-office", name: "Harbour Office", names: ["de": "Hafenamt", "da": "Havnekontor"],
                                           kind: .agency))
        try server.sqliteStore().save(Organisation(id: "plain-office", name: "Plain Office", kind: .agency))
        try server.sqliteStore().save(Region(id: "harbour-region", name: "Harbour Region", kind: .crossBorderRegion,
                                     members: ["harbour-office", "plain-office"]))
        func members(_ language: String) throws -> [String] {
            let body = try APICheck.ok(try server.get("/v1/regions/harbour-region?lang=\(language)"))
            let related = body["related"] as? [String: Any]
            return (related?["members"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try members("de") == ["Hafenamt", "Plain Office"])
        #expect(try members("da") == ["Havnekontor", "Plain Office"])
        #expect(try members("en") == ["Harbour Office", "Plain Office"])
    }
}
