import Foundation
import Registry
@testable import RegistryAPI
import RegistryImport
import Testing
import TestSupport

/// The CSV downloads of every kind imported back with the built-in profile `brobygger-csv`: into a registry
/// that holds only the gazetteer, the records come back as they were (ids, lists, lists of objects, names by
/// language, numbers), so that the registry's downloads are the same bytes; on either engine.
@Suite(.serialized) struct CSVRoundTripTests {
    /// Kinds in an order in which each names kinds that come later: projects name organisations, programmes,
    /// themes and regions; regions name partnerships, which name regions. One import reads them all.
    static let kinds = ["projects", "people", "partnerships", "regions", "programmes", "organisations", "themes"]

    /// The whole CSV download of every kind, by kind.
    private static func downloads(_ server: APITestServer) throws -> [String: [UInt8]] {
        var bodies: [String: [UInt8]] = [:]
        for kind in kinds {
            let response = try server.get("/v1/\(kind)?format=csv&limit=all")
            #expect(response.status == 200, "\(kind): \(response.text)")
            bodies[kind] = response.body
        }
        return bodies
    }

    /// Imports `downloads` into the server's store in one import, in the order of ``kinds``.
    private static func importing(_ downloads: [String: [UInt8]], into server: APITestServer, skipInvalid: Bool = false,
                                  dryRun: Bool = false, listing: (any RowListing)? = nil) throws(ImportFailure) -> [ImportReport] {
        var files: [Importer.File] = []
        for kind in kinds {
            guard let body = downloads[kind] else { continue }
            let input = ImportInput.bytes(body, name: "\(kind).csv")
            files.append(Importer.File(input, mapping: try BrobyggerCSVProfile.mapping(for: input)))
        }
        var importer = Importer(mapping: files[0].mapping)
        importer.skipInvalid = skipInvalid
        importer.dryRun = dryRun
        importer.rowListing = listing
        return try importer.run(files, into: server.store)
    }

    /// The rows of a download with the column `origin` set to `api`, which every imported record is.
    private static func rowsAsImported(_ body: [UInt8]) throws -> [[String: String]] {
        try CSVReader.records(body).records.map { row in
            var row = row
            row["origin"] = "api"
            return row
        }
    }

    @Test func downloadsImportedIntoAnEmptyRegistryAreDownloadedAgainByteForByte() throws {
        let source = try APITestServer()
        defer { source.stop() }
        // A record whose list values hold the list separator and its escape, and whose text has line breaks,
        // quotes and commas: what a CSV cell must carry through.
        let editor = try source.bearer("editor", .write)
        let written = try source.send("POST", "/v1/organisations", #"""
            {"id": "semicolon-gmbh", "name": "Semikolon; Komma, \"Zitat\" GmbH", "kind": "company", "country": "DE",
             "aliases": ["A; B", "C\\D", "E\\;F"], "description": "Line one,\nline \"two\";\r\nline three"}
            """#, headers: editor)
        #expect(written.status == 201, "\(written.text)")
        let original = try Self.downloads(source)
        #expect(String(decoding: original["organisations"] ?? [], as: UTF8.self).contains(#"A\; B;C\\D;E\\\;F"#))
        #expect(String(decoding: original["projects"] ?? [], as: UTF8.self).contains(#"[{""country"":""CZ"""#))

        let seeds = try Fixtures.gazetteerOnlySeeds()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let first = try APITestServer(seeds: seeds)
        defer { first.stop() }
        #expect(try first.counts().values.reduce(0, +) == 0)
        let reports = try Self.importing(original, into: first)
        for (kind, report) in zip(Self.kinds, reports) {
            let rows = try CSVReader.records(original[kind] ?? []).records.count
            #expect(rows > 0, "\(kind): nothing to import")
            #expect(report.summary == "\(rows) created, 0 updated, 0 unchanged, 0 rejected (\(rows) rows read)", "\(kind)")
        }
        let imported = try Self.downloads(first)
        for kind in Self.kinds {
            // Seed records come back as records written through the API; nothing else differs.
            #expect(try Self.rowsAsImported(imported[kind] ?? []) == Self.rowsAsImported(original[kind] ?? []), "\(kind)")
            #expect(try CSVReader.records(imported[kind] ?? []).header == CSVReader.records(original[kind] ?? []).header)
        }
        #expect(try first.data("/v1/organisations/semicolon-gmbh")["aliases"] as? [String] == ["A; B", "C\\D", "E\\;F"])
        #expect(try first.data("/v1/organisations/semicolon-gmbh")["description"] as? String == "Line one,\nline \"two\";\r\nline three")

        // Records that were written through the API come back as the same bytes.
        let second = try APITestServer(seeds: seeds)
        defer { second.stop() }
        _ = try Self.importing(imported, into: second)
        let again = try Self.downloads(second)
        for kind in Self.kinds {
            #expect(again[kind] == imported[kind], "\(kind): the download differs after a round trip")
        }
        // The same files again change nothing.
        for report in try Self.importing(imported, into: second) {
            #expect(report.created == 0 && report.updated == 0 && report.unchanged == report.rowsRead, "\(report.file): \(report.summary)")
        }
    }

    @Test func rowsNamingRecordsThatNoFileMakesAreRejected() throws {
        let source = try APITestServer()
        defer { source.stop() }
        let projects = try source.get("/v1/projects?format=csv&limit=all").body
        let seeds = try Fixtures.gazetteerOnlySeeds()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let target = try APITestServer(seeds: seeds)
        defer { target.stop() }

        // Alone, the projects name organisations, programmes, themes and regions that are not there.
        let refused = #expect(throws: ImportFailure.self) { try Self.importing(["projects": projects], into: target) }
        guard case .rejected(let file, let rows)? = refused else {
            Issue.record("not a rejection: \(String(describing: refused))")
            return
        }
        #expect(file == "projects.csv")
        #expect(rows.map(\.location.description) == ["line 2", "line 3", "line 4"])
        #expect(rows[1].reason?.contains("/programme: names no existing programme: `interreg-cityregio-ii`") == true, "\(rows[1].reason ?? "")")
        #expect(try target.counts().values.reduce(0, +) == 0)

        // With the themes, the first project names only the second, which names organisations that are not there:
        // left out, it leaves the first naming nothing.
        let themes = try source.get("/v1/themes?format=csv&limit=all").body
        let reports = try Self.importing(["projects": projects, "themes": themes], into: target, skipInvalid: true)
        #expect(reports[0].summary == "0 created, 0 updated, 0 unchanged, 3 rejected (3 rows read)")
        #expect(reports[0].rejected.first { $0.location.description == "line 2" }?.reason
                == "invalid record: /successor: names no existing project: `cityregio-ii`")
        #expect(reports[1].created == reports[1].rowsRead)
        #expect(try target.counts()[.project] == 0 && target.counts()[.theme] == reports[1].rowsRead)
    }

    /// What a listing was told: how often a run began, and the rows of each file since the last.
    final class RecordedListing: RowListing {
        var restarts = 0
        var rows: [Int: [RowOutcome]] = [:]

        func restart() {
            restarts += 1
            rows = [:]
        }

        func list(_ outcome: RowOutcome, file: Int) {
            rows[file, default: []].append(outcome)
        }
    }

    /// A dry run lists each row once, as the run that counts decided it: rows that named records no file made are
    /// left out and the import runs again, and its listing begins again with it.
    @Test func aListingHoldsTheRowsOfTheRunThatCounts() throws {
        let source = try APITestServer()
        defer { source.stop() }
        let downloads = ["projects": try source.get("/v1/projects?format=csv&limit=all").body,
                         "themes": try source.get("/v1/themes?format=csv&limit=all").body]
        let seeds = try Fixtures.gazetteerOnlySeeds()
        defer { try? FileManager.default.removeItem(at: seeds) }
        let target = try APITestServer(seeds: seeds)
        defer { target.stop() }
        let listing = RecordedListing()
        let reports = try Self.importing(downloads, into: target, skipInvalid: true, dryRun: true, listing: listing)
        #expect(listing.restarts >= 2)
        #expect(listing.rows[0]?.map(\.location.description) == ["line 2", "line 3", "line 4"])
        #expect(listing.rows[0]?.allSatisfy { $0.status == .rejected } == true)
        #expect(listing.rows[1]?.count == reports[1].rowsRead)
        #expect(listing.rows[1]?.allSatisfy { $0.status == .imported && $0.records.count == 1 } == true)
        // The report keeps none of them; the listing has them.
        #expect(reports.allSatisfy { $0.rows.isEmpty })
        #expect(try target.counts().values.reduce(0, +) == 0)
    }

    @Test func aHeaderOfNoDownloadIsRefusedSayingWhatDiffers() throws {
        let header = CSVColumns.columns(of: .programme).filter { $0 != "strand" } + ["stand"]
        let input = ImportInput.bytes(Array((header.joined(separator: ",") + "\nx\n").utf8), name: "programmes.csv")
        let error = #expect(throws: ImportFailure.self) { try BrobyggerCSVProfile.mapping(for: input) }
        #expect(error?.description == #"programmes.csv: the header is that of no Brobygger CSV download; as a download of programmes it lacks "strand" and it has "stand" too many (line 1)"#)
        let exact = ImportInput.bytes(Array(("\u{FEFF}" + CSVColumns.columns(of: .programme).joined(separator: ",") + "\r\n").utf8), name: "p.csv")
        #expect(try BrobyggerCSVProfile.mapping(for: exact).name == "brobygger-csv")
    }
}
