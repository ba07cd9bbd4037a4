import Foundation
import HTTPServer
import Registry
@testable import RegistryAPI
import Testing
import TestSupport

/// Imports over HTTP: `POST /v1/imports` with a real file's excerpt as the body answers `202`, the import runs in
/// the background to a report at `Location`, and what it wrote is served at once, the response cache included.
@Suite struct ImportRoutesTests {
    static let fixtures = Fixtures.repository.appendingPathComponent("Tests/ImportTests/Fixtures")
    static let metro = "eurostat_met_pjanaggr3_DE_metro_regions.excerpt.csv"

    /// A server over the seeds, with the repository's profiles and a response cache.
    static func server(configure: (inout ServerConfiguration) -> Void = { _ in }) throws -> APITestServer {
        var options = APIOptions()
        options.profileDirectory = Fixtures.repository.appendingPathComponent("profiles")
        return try APITestServer(options: options) { configuration in
            configuration.responseCache = ResponseCache(maxBytes: 8 << 20)
            configure(&configuration)
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// Posts `body` as a file to import; `query` follows `?`.
    static func post(_ server: APITestServer, _ query: String, _ body: [UInt8], headers: [String: String],
                     contentType: String? = "text/csv") throws -> RawResponse {
        var all = headers
        if let contentType { all["Content-Type"] = contentType }
        return try server.request("POST", "/v1/imports?\(query)", headers: all, body: body)
    }

    /// The import at `location`, once finished (or whatever it is after 60 seconds).
    static func finished(_ server: APITestServer, _ location: String, headers: [String: String]) throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let job = try APICheck.ok(try server.get(location, headers: headers))
            let state = job["state"] as? String
            if state == "succeeded" || state == "failed" || ContinuousClock.now > deadline { return job }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Imports `body` and waits for the import to finish.
    static func run(_ server: APITestServer, _ query: String, _ body: [UInt8], headers: [String: String]) throws -> [String: Any] {
        let response = try post(server, query, body, headers: headers)
        #expect(response.status == 202, "\(response.status): \(response.text)")
        return try finished(server, try #require(response.header("Location")), headers: headers)
    }

    @Test func acceptedThenSucceedsWithItsReportAndTheDataIsServedAtOnce() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let berlin = "/v1/regions/eurostat-metro-de001mc"
        // Read, and so cached, before the import.
        #expect(try server.get(berlin).status == 404)
        let before = try APICheck.ok(try server.get("/v1/regions?limit=1"))["total"] as? Int ?? 0
        let search = "/v1/search?q=Dusseldorf&type=region"
        #expect(APICheck.ids(try APICheck.ok(try server.get(search))).isEmpty)
        let changesBefore = try server.changeCount()

        let response = try Self.post(server, "profile=eurostat-metro-population&name=\(Self.metro)", try Self.fixture(Self.metro), headers: admin)
        #expect(response.status == 202, "\(response.text)")
        let location = try #require(response.header("Location"))
        #expect(location.hasPrefix("/v1/imports/") && response.header("Cache-Control") == "no-store")
        let accepted = try response.jsonObject()
        #expect(accepted["link"] as? String == location && accepted["profile"] as? String == "eurostat-metro-population")
        #expect(accepted["file"] as? String == Self.metro && accepted["author"] as? String == "importer")

        let job = try Self.finished(server, location, headers: admin)
        #expect(job["state"] as? String == "succeeded", "\(job)")
        let report = try #require(job["report"] as? [String: Any])
        let created = report["created"] as? Int ?? 0
        #expect(created > 10 && report["updated"] as? Int == 0 && report["unchanged"] as? Int == 0 && report["rejected"] as? Int == 0)
        #expect(report["rows_read"] as? Int == job["rows_done"] as? Int && (report["summary"] as? String)?.hasPrefix("\(created) created") == true)
        #expect(job["error"] is NSNull && job["finished_at"] is String)

        let region = try server.data(berlin)
        #expect(region["name"] as? String == "Berlin")
        #expect((region["population"] as? [[String: Any]])?.contains { $0["year"] as? Int == 2023 && $0["count"] as? Int == 5_481_613 } == true)
        #expect(try APICheck.ok(try server.get("/v1/regions?limit=1"))["total"] as? Int == before + created)
        #expect(APICheck.ids(try APICheck.ok(try server.get(search))).contains("eurostat-metro-de011m"))
        // One entry in the change history for the whole import.
        #expect(try server.changeCount() == changesBefore + 1)

        let listed = APICheck.data(try APICheck.ok(try server.get("/v1/imports", headers: admin)))
        #expect(listed.first?["link"] as? String == location && listed.first?["state"] as? String == "succeeded")

        // The same file again changes nothing.
        let again = try Self.run(server, "profile=eurostat-metro-population&name=\(Self.metro)", try Self.fixture(Self.metro), headers: admin)
        let second = try #require(again["report"] as? [String: Any])
        #expect(second["created"] as? Int == 0 && second["updated"] as? Int == 0 && second["unchanged"] as? Int == created)
        #expect(try server.changeCount() == changesBefore + 1)
        #expect(APICheck.data(try APICheck.ok(try server.get("/v1/imports", headers: admin))).count == 2)
    }

    @Test func aCSVDownloadImportsBackByTheBrobyggerCSVProfile() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        // A theme downloaded, changed in the file, and imported back: the record is changed, by its id.
        let download = String(decoding: try server.get("/v1/themes?format=csv&limit=all").body, as: UTF8.self)
        let edited = download.replacingOccurrences(of: "Wirtschaftsförderung", with: "Wirtschaftsentwicklung")
        #expect(edited != download)
        let job = try Self.run(server, "profile=brobygger-csv&name=themes.csv", Array(edited.utf8), headers: admin)
        #expect(job["state"] as? String == "succeeded", "\(job)")
        let report = try #require(job["report"] as? [String: Any])
        // Every theme gains evidence pointing at its row of the file; one also a new label.
        let rows = try CSVReader.records(Array(download.utf8)).records.count
        #expect(report["updated"] as? Int == rows && report["created"] as? Int == 0, "\(report)")
        let labels = try server.data("/v1/themes/business-development")["labels"] as? [String: String]
        #expect(labels?["de"] == "Wirtschaftsentwicklung" && labels?["en"] == "Business development")

        // A file that is no download of the API is refused before it is queued, saying what its header lacks.
        let refused = try Self.post(server, "profile=brobygger-csv", Array("id,labels.en\nx,y\n".utf8), headers: admin)
        let problem = try APICheck.problem(refused, status: 422, kind: "unrecognised-file")
        #expect((problem["detail"] as? String)?.contains("as a download of themes it lacks \"label\"") == true, "\(problem)")
    }

    @Test func aJSONFileImportsAsItsProfileReadsIt() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let file = "ua_de_twinning_partners.excerpt.json"
        let response = try Self.post(server, "profile=skew-municipal-partnerships&name=\(file)", try Self.fixture(file), headers: admin,
                                     contentType: "application/json; charset=utf-8")
        #expect(response.status == 202, "\(response.text)")
        let job = try Self.finished(server, try #require(response.header("Location")), headers: admin)
        #expect(job["state"] as? String == "succeeded" && (job["report"] as? [String: Any])?["rejected"] as? Int == 0, "\(job)")
        let partnership = try server.data("/v1/partnerships/poltavsyka-leinfelden-echterdingen")
        #expect(partnership["signed"] as? String == "1988")
    }

    @Test func aFailedImportSaysWhyAndChangesNothing() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let regions = try APICheck.ok(try server.get("/v1/regions?limit=1"))["total"] as? Int
        let changes = try server.changeCount()

        // Hamburg's 2000 figure is no number: without skip_invalid, the whole file is refused.
        let text = "metroreg;label;y1990;y2000;y2010;y2020;y2023\r\nDE001MC;Berlin;:;4.921.641;5.036.223;5.342.887;5.481.613\r\n"
            + "DE002M;Hamburg;:;viele;3.192.336;3.341.649;3.423.121\r\n"
        let failed = try Self.run(server, "profile=eurostat-metro-population&name=metro.csv", Array(text.utf8), headers: admin)
        #expect(failed["state"] as? String == "failed" && failed["report"] is NSNull)
        let error = try #require(failed["error"] as? [String: Any])
        #expect((error["detail"] as? String)?.contains("metro.csv") == true && error["problem_count"] as? Int == 1)
        let problem = try #require((error["problems"] as? [[String: Any]])?.first)
        #expect(problem["line"] as? Int == 3 && problem["status"] as? String == "rejected")
        #expect((problem["reason"] as? String)?.contains("viele") == true, "\(problem)")

        // A file that is not what the profile reads (JSON expected) fails naming the file.
        let notJSON = try Self.run(server, "profile=skew-municipal-partnerships&name=partners.json", Array("name;country\nKyiv;UA\n".utf8), headers: admin)
        #expect(notJSON["state"] as? String == "failed")
        #expect(((notJSON["error"] as? [String: Any])?["detail"] as? String)?.contains("partners.json") == true)

        #expect(try APICheck.ok(try server.get("/v1/regions?limit=1"))["total"] as? Int == regions)
        #expect(try server.get("/v1/regions/eurostat-metro-de001mc").status == 404)
        #expect(try server.changeCount() == changes)

        // skip_invalid imports the valid row and reports the other; a dry run writes nothing and lists every row.
        let dry = try Self.run(server, "profile=eurostat-metro-population&dry_run=true&skip_invalid=true", Array(text.utf8), headers: admin)
        let dryReport = try #require(dry["report"] as? [String: Any])
        #expect(dry["state"] as? String == "succeeded" && dryReport["created"] as? Int == 1 && dryReport["rejected"] as? Int == 1)
        #expect((dryReport["rows"] as? [[String: Any]])?.map { $0["status"] as? String } == ["imported", "rejected"])
        #expect((dryReport["summary"] as? String)?.hasSuffix("dry run, nothing written") == true)
        #expect(try server.get("/v1/regions/eurostat-metro-de001mc").status == 404)
        let skipped = try Self.run(server, "profile=eurostat-metro-population&skip_invalid=true", Array(text.utf8), headers: admin)
        let report = try #require(skipped["report"] as? [String: Any])
        #expect(report["created"] as? Int == 1 && (report["problems"] as? [[String: Any]])?.first?["line"] as? Int == 3)
        #expect(try server.get("/v1/regions/eurostat-metro-de001mc").status == 200)
    }

    @Test func onlyAdminTokensImport() throws {
        let server = try Self.server()
        defer { server.stop() }
        let body = try Self.fixture(Self.metro)
        let query = "profile=eurostat-metro-population"
        try APICheck.problem(try Self.post(server, query, body, headers: [:]), status: 401, kind: "unauthorized")
        try APICheck.problem(try server.get("/v1/imports"), status: 401, kind: "unauthorized")
        for scope in [TokenScope.read, .write] {
            let headers = try server.bearer("token-\(scope.rawValue)", scope)
            try APICheck.problem(try Self.post(server, query, body, headers: headers), status: 403, kind: "insufficient-scope")
            try APICheck.problem(try server.get("/v1/imports", headers: headers), status: 403, kind: "insufficient-scope")
        }
        let admin = try server.bearer("importer", .admin)
        #expect(APICheck.data(try APICheck.ok(try server.get("/v1/imports", headers: admin))).isEmpty)
        try APICheck.problem(try server.get("/v1/imports/no-such-import", headers: admin), status: 404, kind: "not-found")
    }

    @Test func badRequestsAreProblems() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let body = try Self.fixture(Self.metro)
        let query = "profile=eurostat-metro-population"
        let plain = try APICheck.problem(try Self.post(server, query, body, headers: admin, contentType: "text/plain"),
                                         status: 415, kind: "unsupported-media-type")
        #expect((plain["detail"] as? String)?.contains("text/csv") == true)
        #expect(try Self.post(server, query, body, headers: admin, contentType: "text/plain").header("Accept-Post")?.contains("text/csv") == true)
        try APICheck.problem(try Self.post(server, query, body, headers: admin, contentType: nil), status: 415, kind: "unsupported-media-type")
        try APICheck.problem(try Self.post(server, query, [], headers: admin), status: 400, kind: "empty-body")
        try APICheck.problem(try Self.post(server, "profile=skew-municipal-partnerships", Array("\"Kyiv\"".utf8), headers: admin,
                                           contentType: "application/json"), status: 400, kind: "malformed-body")
        let unknown = try APICheck.problem(try Self.post(server, "profile=interreg-everything", body, headers: admin),
                                           status: 422, kind: "unknown-profile")
        #expect((unknown["detail"] as? String)?.contains("nuts-2021") == true)
        try APICheck.problem(try Self.post(server, "profile=..%2Fprofiles%2Fnuts-2021", body, headers: admin), status: 422, kind: "unknown-profile")
        try APICheck.problem(try Self.post(server, "", body, headers: admin), status: 422, kind: "missing-mapping")
        try APICheck.badParameter(try Self.post(server, query + "&dry_run=yes", body, headers: admin), "dry_run")
        try APICheck.badParameter(try Self.post(server, query + "&encoding=ebcdic", body, headers: admin), "encoding")
        try APICheck.badParameter(try Self.post(server, query + "&name=..%2Fetc%2Fpasswd", body, headers: admin), "name")
        try APICheck.badParameter(try Self.post(server, query + "&colour=red", body, headers: admin), "colour", kind: "unknown-parameter")
        #expect(APICheck.data(try APICheck.ok(try server.get("/v1/imports", headers: admin))).isEmpty)
    }

    /// A mapping of the client's own, smaller than the built-in profile: each metropolitan region with its name only.
    static let customMapping = """
        {
          "description": "German metropolitan regions by name",
          "source": { "format": "csv", "delimiter": ";" },
          "missing": ["", ":"],
          "records": [{
            "name": "metro", "kind": "region", "key": ["id"],
            "fields": {
              "id": { "template": "custom-metro-{metroreg}" },
              "name": { "column": "label", "required": true },
              "kind": { "value": "metropolitanRegion" },
              "countries": { "list": [{ "value": "DE" }] }
            }
          }]
        }
        """

    @Test func curlSendsAMappingOfItsOwnWithTheFileAsAForm() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mapping = directory.appendingPathComponent("metro-names.json")
        try Self.customMapping.write(to: mapping, atomically: true, encoding: .utf8)
        let file = Self.fixtures.appendingPathComponent(Self.metro).path
        let curl = try ExternalProcess.locate("curl")
        let result = try ExternalProcess.run(curl, [
            "-sS", "-i", "-H", "Authorization: \(admin["Authorization"] ?? "")",
            "-F", "file=@\(file);type=text/csv", "-F", "mapping=@\(mapping.path);type=application/json",
            "http://127.0.0.1:\(server.port)/v1/imports?dry_run=false",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("HTTP/1.1 202"), "\(result.stdout)")
        let location = try #require(result.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") }
            .map { $0.dropFirst("location:".count).trimmingCharacters(in: .whitespaces) })
        let job = try Self.finished(server, location, headers: admin)
        #expect(job["state"] as? String == "succeeded", "\(job)")
        #expect(job["profile"] as? String == "custom" && job["file"] as? String == Self.metro)
        let created = (job["report"] as? [String: Any])?["created"] as? Int ?? 0
        #expect(created > 10)
        let berlin = try server.data("/v1/regions/custom-metro-de001mc")
        // The mapping's fields only: no population, which the built-in profile would have read.
        #expect(berlin["name"] as? String == "Berlin" && (berlin["population"] as? [Any])?.isEmpty ?? true)
    }

    /// A `multipart/form-data` body with `parts` (name, file name, media type, content), as a browser builds one.
    static func form(_ parts: [(name: String, fileName: String?, type: String?, content: [UInt8])], boundary: String = "b0undary-42") -> [UInt8] {
        var body: [UInt8] = Array("preamble to ignore\r\n".utf8)
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let fileName = part.fileName { head += "; filename=\"\(fileName)\"" }
            if let type = part.type { head += "\r\nContent-Type: \(type)" }
            body += Array((head + "\r\n\r\n").utf8) + part.content + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    @Test func formsWithAProfileOrAMappingAndTheirMistakes() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let csv = try Self.fixture(Self.metro)
        let formType = "multipart/form-data; boundary=\"b0undary-42\""
        // A profile as a part of the form; the file's type from its name, as a form sends it without one.
        let named = try Self.post(server, "dry_run=true", Self.form([
            (name: "profile", fileName: nil, type: nil, content: Array("eurostat-metro-population".utf8)),
            (name: "file", fileName: "C:\\exports\\metro.csv", type: nil, content: csv),
        ]), headers: admin, contentType: formType)
        #expect(named.status == 202, "\(named.text)")
        let job = try Self.finished(server, try #require(named.header("Location")), headers: admin)
        #expect(job["state"] as? String == "succeeded" && job["file"] as? String == "metro.csv", "\(job)")

        let mapping = Array(Self.customMapping.utf8)
        let file = (name: "file", fileName: Optional("metro.csv"), type: Optional("text/csv"), content: csv)
        let invalid = try APICheck.problem(try Self.post(server, "", Self.form([
            file, (name: "mapping", fileName: "m.json", type: "application/json", content: Array(#"{"records": 3}"#.utf8)),
        ]), headers: admin, contentType: formType), status: 422, kind: "invalid-mapping")
        #expect((invalid["detail"] as? String)?.contains("records") == true)
        try APICheck.problem(try Self.post(server, "", Self.form([
            file, (name: "mapping", fileName: nil, type: nil, content: Array("not json".utf8)),
        ]), headers: admin, contentType: formType), status: 422, kind: "invalid-mapping")
        try APICheck.problem(try Self.post(server, "profile=nuts-2021", Self.form([
            file, (name: "mapping", fileName: nil, type: nil, content: mapping),
        ]), headers: admin, contentType: formType), status: 422, kind: "conflicting-mapping")
        try APICheck.problem(try Self.post(server, "profile=nuts-2021", Self.form([
            file, (name: "profile", fileName: nil, type: nil, content: Array("nuts-2021".utf8)),
        ]), headers: admin, contentType: formType), status: 422, kind: "conflicting-mapping")
        try APICheck.problem(try Self.post(server, "", Self.form([file]), headers: admin, contentType: formType), status: 422, kind: "missing-mapping")
        try APICheck.problem(try Self.post(server, "", Self.form([
            (name: "mapping", fileName: nil, type: nil, content: mapping),
        ]), headers: admin, contentType: formType), status: 400, kind: "empty-body")
        try APICheck.problem(try Self.post(server, "", Self.form([
            file, (name: "mapping", fileName: nil, type: nil, content: mapping), (name: "colour", fileName: nil, type: nil, content: [0x31]),
        ]), headers: admin, contentType: formType), status: 400, kind: "malformed-body")
        try APICheck.problem(try Self.post(server, "", Self.form([
            (name: "file", fileName: "metro.pdf", type: "application/pdf", content: csv), (name: "mapping", fileName: nil, type: nil, content: mapping),
        ]), headers: admin, contentType: formType), status: 415, kind: "unsupported-media-type")
        // Cut short, without its closing delimiter, or without a boundary at all.
        let whole = Self.form([file, (name: "mapping", fileName: nil, type: nil, content: mapping)])
        try APICheck.problem(try Self.post(server, "", Array(whole.prefix(whole.count - 30)), headers: admin, contentType: formType),
                             status: 400, kind: "malformed-body")
        try APICheck.problem(try Self.post(server, "", whole, headers: admin, contentType: "multipart/form-data"),
                             status: 400, kind: "malformed-body")
        try APICheck.problem(try Self.post(server, "", whole, headers: admin, contentType: "multipart/form-data; boundary=other"),
                             status: 400, kind: "malformed-body")
        // Only the dry run above was queued.
        #expect(APICheck.data(try APICheck.ok(try server.get("/v1/imports", headers: admin))).count == 1)
    }

    @Test func documentedInOpenAPIWithEveryAnswerAndAnExampleTheServerTakes() throws {
        let server = try Self.server()
        defer { server.stop() }
        let document = try APICheck.ok(try server.get("/openapi.json"))
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        let expected: [(path: String, method: String, statuses: Set<String>)] = [
            ("/v1/imports", "get", ["200", "400", "401", "403", "429", "503"]),
            ("/v1/imports", "post", ["202", "400", "401", "403", "413", "415", "422", "429", "500", "503"]),
            ("/v1/imports/{id}", "get", ["200", "400", "401", "403", "404", "429", "503"]),
        ]
        for (path, method, statuses) in expected {
            let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path)")
            #expect(operation["security"] as? [[String: [String]]] == [["bearerToken": ["admin"]]], "\(method) \(path)")
            #expect(operation["tags"] as? [String] == ["imports"])
            #expect(Set((operation["responses"] as? [String: Any] ?? [:]).keys) == statuses, "\(method) \(path)")
        }
        let post = try #require(paths["/v1/imports"]?["post"] as? [String: Any])
        let content = ((post["requestBody"] as? [String: Any])?["content"] as? [String: [String: Any]]) ?? [:]
        #expect(Set(content.keys) == ["text/csv", "text/tab-separated-values", "application/json", "application/octet-stream",
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "multipart/form-data"])
        let example = try #require(content["text/csv"]?["example"] as? String)
        let admin = try server.bearer("importer", .admin)
        let job = try Self.run(server, "profile=nuts-2021", Array(example.utf8), headers: admin)
        #expect(job["state"] as? String == "succeeded", "\(job)")
    }

    @Test func aFullQueueIsA429() throws {
        let server = try Self.server()
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        // A first file that takes the one import at a time long enough for the others, small ones, to queue
        // behind it.
        func file(rows: Int) -> [UInt8] {
            var text = "metroreg;label;y1990;y2000;y2010;y2020;y2023\n"
            for index in 0..<rows { text += "DE\(index)M;Region \(index);:;1.000;2.000;3.000;4.000\n" }
            return Array(text.utf8)
        }
        var answers: [RawResponse] = []
        for body in [file(rows: 2_000)] + Array(repeating: file(rows: 3), count: ImportJobs.maxWaiting + 1) {
            answers.append(try Self.post(server, "profile=eurostat-metro-population&dry_run=true", body, headers: admin))
        }
        let refused = try #require(answers.first { $0.status == 429 }, "\(answers.map(\.status))")
        try APICheck.problem(refused, status: 429, kind: "too-many-imports")
        #expect(refused.header("Retry-After") == "5")
        for answer in answers where answer.status == 202 {
            let job = try Self.finished(server, try #require(answer.header("Location")), headers: admin)
            #expect(job["state"] as? String == "succeeded")
        }
    }

    @Test func importsHaveABodyLimitOfTheirOwn() throws {
        let server = try Self.server { configuration in
            configuration.limits.maxBodySize = 1024
            configuration.limits.maxBodySizeByPath[RegistryAPI.importsPath] = 16 * 1024
        }
        defer { server.stop() }
        let admin = try server.bearer("importer", .admin)
        let body = try Self.fixture(Self.metro)
        #expect(body.count > 1024)
        // Larger than other bodies may be, within the import limit.
        let job = try Self.run(server, "profile=eurostat-metro-population", body, headers: admin)
        #expect(job["state"] as? String == "succeeded")
        let tooLarge = try Self.post(server, "profile=eurostat-metro-population", Array(repeating: UInt8(ascii: "x"), count: 16 * 1024 + 1), headers: admin)
        try APICheck.problem(tooLarge, status: 413, kind: "content-too-large")
        // Other routes keep the general limit.
        let record = "{\"name\":\"" + String(repeating: "x", count: 2000) + "\",\"kind\":\"agency\",\"country\":\"DK\"}"
        try APICheck.problem(try server.send("POST", "/v1/organisations", record, headers: admin), status: 413, kind: "content-too-large")
    }
}
