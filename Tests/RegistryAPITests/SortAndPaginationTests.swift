import Foundation
import HTTPServer
@testable import RegistryAPI
import Testing

/// `sort` on documented fields, and cursor pagination with `limit`, `next`, `Link` and `total`.
@Suite struct SortAndPaginationTests {
    /// Byte-wise (SQLite BINARY) order of UTF-8 text.
    static func ordered(_ values: [String], descending: Bool = false) -> Bool {
        zip(values, values.dropFirst()).allSatisfy { pair in
            let (a, b) = (Array(pair.0.utf8), Array(pair.1.utf8))
            return descending ? !a.lexicographicallyPrecedes(b) : !b.lexicographicallyPrecedes(a)
        }
    }

    @Test func sortAscendingAndDescendingHolds() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let ascending = APICheck.data(try APICheck.ok(try server.get("/v1/partnerships?sort=name&limit=100")))
        let names = ascending.compactMap { $0["name"] as? String }
        #expect(names.count == 13)
        #expect(Self.ordered(names))
        #expect(names.first == "Cooperation agreement between Region Syddanmark and Guangdong Province")
        let descending = APICheck.data(try APICheck.ok(try server.get("/v1/partnerships?sort=-name&limit=100")))
        #expect(descending.compactMap { $0["name"] as? String } == names.reversed())

        let byID = try server.listIDs("/v1/themes?sort=-id&limit=100")
        #expect(byID == byID.sorted().reversed())
        #expect(byID.count == 30)

        let countries = APICheck.data(try APICheck.ok(try server.get("/v1/organisations?sort=-country,id&limit=100")))
        let pairs = countries.map { (($0["country"] as? String) ?? "", ($0["id"] as? String) ?? "") }
        #expect(Self.ordered(pairs.map(\.0), descending: true))
        for (first, second) in zip(pairs, pairs.dropFirst()) where first.0 == second.0 {
            #expect(first.1 < second.1, "ties break by id ascending: \(first.1), \(second.1)")
        }
        #expect(pairs.first?.0 == "PL" || pairs.first?.0 == "SE")
    }

    @Test func recordsWithoutTheSortValueComeLastEitherWay() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let signed = try server.listIDs("/v1/partnerships?sort=-signed,name&limit=100")
        #expect(signed.first == "hamburg-copenhagen-letter-of-intent-2011")
        #expect(signed.count == 13)
        let rest = APICheck.data(try APICheck.ok(try server.get("/v1/partnerships?sort=-signed,name&limit=100"))).dropFirst()
        #expect(Self.ordered(rest.compactMap { $0["name"] as? String }))
        #expect(try server.listIDs("/v1/partnerships?sort=signed,name&limit=100").first == "hamburg-copenhagen-letter-of-intent-2011")
        #expect(try server.listIDs("/v1/projects?sort=-total_budget").first == "cityregio-ii")
        #expect(try server.listIDs("/v1/projects?sort=total_budget").first == "cityregio-ii")
        #expect(try server.listIDs("/v1/projects?sort=-acronym") == ["cityregio-ii", "city-regio", "fehmarn-belt-fixed-link"])
        #expect(try server.listIDs("/v1/programmes?sort=-start,id").first == "interreg-5a-deutschland-danmark-2014-2020")
    }

    @Test func unknownOrDuplicateSortFieldsAre400() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for target in ["/v1/projects?sort=colour", "/v1/projects?sort=-colour", "/v1/projects?sort=name,", "/v1/projects?sort=",
                       "/v1/projects?sort=--name", "/v1/projects?sort=name,-name", "/v1/projects?sort=start,start",
                       "/v1/themes?sort=signed", "/v1/people?sort=country", "/v1/projects?sort=%2Bname"] {
            let body = try APICheck.problem(try server.get(target), status: 400, kind: "invalid-parameter")
            let names = (body["invalid_params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["sort"], "\(target)")
        }
        let duplicate = try APICheck.problem(try server.get("/v1/projects?sort=name,-name"), status: 400)
        #expect((duplicate["detail"] as? String)?.contains("name") == true)
        let unknown = try APICheck.problem(try server.get("/v1/projects?sort=colour"), status: 400)
        #expect((unknown["detail"] as? String)?.contains("colour") == true)
    }

    @Test func limitDefaultsTo20AndAllowsOneToHundred() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let first = try APICheck.ok(try server.get("/v1/themes"))
        #expect(APICheck.ids(first).count == 20)
        #expect(first["limit"] as? Int == 20)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/themes?limit=1"))).count == 1)
        let all = try APICheck.ok(try server.get("/v1/themes?limit=100"))
        #expect(APICheck.ids(all).count == 30)
        #expect(all["next"] is NSNull)
        for value in ["101", "0", "-1", "1.5", "abc", "", "99999999999999999999"] {
            let names = try APICheck.badParameter(try server.get("/v1/themes?limit=\(value)"), "limit")
            #expect(names == ["limit"], "limit=\(value)")
        }
    }

    @Test func followingNextVisitsEveryRecordOnce() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for (target, total) in [("/v1/themes", 30), ("/v1/themes?limit=7", 30), ("/v1/organisations?limit=4&sort=-country,name", 25),
                                ("/v1/partnerships?country=DK&limit=2&lang=de", 11), ("/v1/projects?limit=1", 3),
                                ("/v1/organisations?limit=25", 25), ("/v1/organisations?limit=24", 25)] {
            let pages = try server.allIDs(target)
            #expect(pages.total == total, "\(target)")
            #expect(pages.ids.count == total, "\(target)")
            #expect(Set(pages.ids).count == total, "\(target): a record appeared twice")
        }
        // Pages continue where the last stopped, through values that are empty (last either way), repeated,
        // reals and ranks, in the order of the whole list.
        for target in ["/v1/organisations?limit=3&sort=-country,name", "/v1/partnerships?sort=-signed&limit=2",
                       "/v1/partnerships?sort=signed,-name&limit=1", "/v1/projects?sort=-total_budget&limit=1",
                       "/v1/projects?sort=co_financing_rate&limit=1", "/v1/organisations?sort=kind,-id&limit=2",
                       "/v1/organisations?q=kommune&limit=2", "/v1/programmes?sort=-end&limit=1"] {
            let whole = try server.listIDs(target.replacingOccurrences(of: #"limit=\d+"#, with: "limit=100", options: .regularExpression))
            #expect(try server.allIDs(target).ids == whole, "\(target)")
        }
    }

    @Test func aRecordCreatedBeforeThePositionBetweenPagesShiftsNothing() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let first = try APICheck.ok(try server.get("/v1/themes?sort=name&limit=5"))
        let next = try #require(first["next"] as? String)
        let editor = try server.bearer("editor", .write)
        #expect(try server.send("POST", "/v1/themes", #"{"id": "aaa-first", "labels": {"en": "AAA first of all", "da": "AAA", "de": "AAA"}}"#, headers: editor).status == 201)
        // Counted by offset, the page would start one record early and repeat the first page's last record.
        let second = try APICheck.ok(try server.get(next))
        let whole = try server.listIDs("/v1/themes?sort=name&limit=100")
        #expect(whole.first == "aaa-first")
        #expect(APICheck.ids(second) == Array(whole[6..<11]))
        #expect(Set(APICheck.ids(second)).isDisjoint(with: APICheck.ids(first)))
        #expect(second["offset"] as? Int == 5)
        // The selection's count, kept between pages, is made again after the change.
        #expect(first["total"] as? Int == 30)
        #expect(second["total"] as? Int == 31)
    }

    @Test func nextLinkKeepsTheQueryAndHeaderMatchesBody() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let response = try server.get("/v1/partnerships?country=DK&sort=-name&limit=5&lang=da")
        let body = try APICheck.ok(response)
        let next = try #require(body["next"] as? String)
        #expect(next.hasPrefix("/v1/partnerships?"))
        for part in ["country=DK", "sort=-name", "limit=5", "lang=da", "cursor="] { #expect(next.contains(part), "\(next)") }
        #expect(response.header("Link") == "<\(next)>; rel=\"next\"")
        #expect((body["links"] as? [String: String])?["next"] == next)
        #expect(body["total"] as? Int == 11)

        let second = try APICheck.ok(try server.get(next))
        #expect(second["offset"] as? Int == 5)
        #expect(Set(APICheck.ids(second)).isDisjoint(with: APICheck.ids(body)))
        let lastLink = try #require(second["next"] as? String)
        let lastResponse = try server.get(lastLink)
        let last = try APICheck.ok(lastResponse)
        #expect(APICheck.ids(last).count == 1)
        #expect(last["next"] is NSNull)
        #expect(lastResponse.header("Link") == nil)
        #expect((last["links"] as? [String: String])?["next"] == nil)
        // The cursor does not bind the page size: a later page may be fetched with another limit.
        let cursor = try #require(next.components(separatedBy: "cursor=").last)
        let bigger = try APICheck.ok(try server.get("/v1/partnerships?country=DK&sort=-name&limit=100&cursor=\(cursor)"))
        #expect(APICheck.ids(bigger).count == 6)
    }

    @Test func aListFilteredByTextPagesThroughNext() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let whole = try server.listIDs("/v1/organisations?q=region&limit=100")
        try #require(whole.count >= 3)
        let pages = try server.allIDs("/v1/organisations?q=region&limit=1")
        #expect(pages.ids == whole)
        #expect(pages.total == whole.count)
        // The cursor is bound to the text as well as to the filters.
        let next = try #require(try APICheck.ok(try server.get("/v1/organisations?q=region&limit=1"))["next"] as? String)
        let cursor = try #require(next.components(separatedBy: "cursor=").last)
        try APICheck.badParameter(try server.get("/v1/organisations?q=kommune&limit=1&cursor=\(cursor)"), "cursor", kind: "invalid-cursor")
        #expect(try server.get("/v1/organisations?q=%20region&limit=1&cursor=\(cursor)").status == 200)
    }

    @Test func aTextFilterWithOtherFiltersSelectsWhatBothSelect() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let text = try server.listIDs("/v1/organisations?q=kommune&limit=100")
        let danish = Set(try server.listIDs("/v1/organisations?country=DK&limit=100"))
        let both = try server.listIDs("/v1/organisations?q=kommune&country=DK&limit=100")
        try #require(!both.isEmpty && both.count < text.count)
        // In the ranking's order, and through `next` as on one page.
        #expect(both == text.filter(danish.contains))
        #expect(try server.allIDs("/v1/organisations?q=kommune&country=DK&limit=1").ids == both)
        #expect(Set(try server.listIDs("/v1/organisations?q=kommune&country=DK&sort=-name&limit=100")) == Set(both))
    }

    @Test func everyListAnswersNextTheSameWay() throws {
        let server = try APITestServer()
        defer { server.stop() }
        for target in ["/v1/themes?limit=2", "/v1/documents?limit=1", "/v1/findings?limit=1",
                       "/v1/organisations/kobenhavns-kommune/partnerships?limit=1", "/v1/search?q=Hamburg&limit=1"] {
            let response = try server.get(target)
            let next = try #require(try APICheck.ok(response)["next"] as? String, "\(target)")
            #expect(next.hasPrefix(target + "&cursor="), "\(target): \(next)")
            #expect(response.header("Link") == "<\(next)>; rel=\"next\"", "\(target)")
            // A 304 carries the fields that validate the stored copy, not the page's links.
            let again = try server.get(target, headers: ["If-None-Match": response.header("ETag") ?? ""])
            #expect(again.status == 304, "\(target)")
            #expect(again.header("Link") == nil, "\(target)")
            #expect(again.header("Vary") == "Accept, Accept-Language", "\(target)")
        }
    }

    @Test func cursorsFromAnotherQueryAreRejected() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let next = try #require(try APICheck.ok(try server.get("/v1/partnerships?country=DK&limit=2"))["next"] as? String)
        let cursor = try #require(next.components(separatedBy: "cursor=").last)
        for target in ["/v1/partnerships?country=DE&limit=2&cursor=\(cursor)",
                       "/v1/partnerships?limit=2&cursor=\(cursor)",
                       "/v1/partnerships?country=DK&sort=name&limit=2&cursor=\(cursor)",
                       "/v1/partnerships?country=DK&theme=transport&limit=2&cursor=\(cursor)",
                       "/v1/organisations?country=DK&limit=2&cursor=\(cursor)"] {
            try APICheck.badParameter(try server.get(target), "cursor", kind: "invalid-cursor")
        }
        // Same selection spelled differently (country case, lang) is the same query.
        #expect(try server.get("/v1/partnerships?country=dk&limit=2&lang=de&cursor=\(cursor)").status == 200)
    }

    @Test func forgedGarbageAndTruncatedCursorsAre400NeverServerErrors() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let cursors = Cursor(key: try server.store.secret(named: "cursor-key"))
        let request = Request(method: .get, target: "/v1/themes?limit=2", version: .http1_1)
        let fingerprint = try ListRequest(request, accepting: RecordListParameters.accepted(for: .theme), cursors: cursors)
            .page(of: try RecordListParameters(request, kind: .theme).selection).fingerprint
        func encode(_ text: String) -> String { Cursor.base64URL(Data(text.utf8)) }
        func decode(_ cursor: String) throws -> [Substring] {
            let bytes = try #require(Cursor.decodeBase64URL(cursor))
            return String(decoding: bytes, as: UTF8.self).split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        }
        // Record lists hand out cursors that hold where the page stopped; offset-only cursors stay valid.
        let next = try #require(try APICheck.ok(try server.get("/v1/themes?limit=2"))["next"] as? String)
        let served = try #require(next.components(separatedBy: "cursor=").last)
        let position = try decode(served)
        try #require(position.count == 4)
        #expect(position[0] == "v3" && position[1] == "2")
        let offsetOnly = cursors.encode(offset: 2, fingerprint: fingerprint)
        #expect(try APICheck.ids(APICheck.ok(try server.get("/v1/themes?limit=2&cursor=\(offsetOnly)")))
            == APICheck.ids(APICheck.ok(try server.get("/v1/themes?limit=2&cursor=\(served)"))))
        let parts = try decode(offsetOnly)
        try #require(parts.count == 3)
        #expect(parts[0] == "v2" && parts[1] == "2")
        let signature = String(parts[2])
        let cursor = offsetOnly
        let v3Signature = String(position[2])
        let values = String(position[3])
        var candidates = [
            "", "x", "%FF%FE%00", "AAAA", "====", "%2F%2F%2F%2F", String(cursor.dropLast()), String(cursor.dropLast(2)),
            String(cursor.prefix(5)), cursor + "A", cursor + "!", String(repeating: "A", count: 5000),
            // Another offset under the same signature, a made-up signature, other versions and shapes.
            encode("v2.4.\(signature)"), encode("v2.500.\(signature)"), encode("v2.02.\(signature)"),
            encode("v2.2.\(String(repeating: "0", count: signature.count))"), encode("v1.\(signature).2"),
            encode("v2.-2.\(signature)"), encode("v2.2.\(signature).3"), encode("v2.99999999999999999999999.\(signature)"),
            encode("v2.0x10.\(signature)"), encode("v2..\(signature)"), encode("v2.2."), encode("\u{0}\u{1}\u{FFFF}"),
            // A position altered, cut, lengthened, emptied or malformed under its signature; a v2 signature on v3.
            encode("v3.2.\(v3Signature).\(values)x"), encode("v3.2.\(v3Signature).\(values.dropLast())"),
            encode("v3.2.\(v3Signature)."), encode("v3.2.\(v3Signature)"), encode("v3.4.\(v3Signature).\(values)"),
            encode("v3.2.\(signature).\(values)"), encode("v3.2.\(v3Signature).s999:ab"), encode("v3.2.\(v3Signature).i12"),
            encode("v3.2.\(v3Signature).q"), encode("v3.2.\(v3Signature).s-1:"), encode("v2.2.\(v3Signature).\(values)"),
            String(served.dropLast()), served + "A", String(served.reversed()),
        ]
        candidates.append(String(cursor.reversed()))
        for candidate in candidates {
            let response = try server.get("/v1/themes?limit=2&cursor=\(candidate)")
            #expect(response.status == 400, "cursor \(candidate.prefix(60)): \(response.status)")
            if response.status == 400 {
                try APICheck.badParameter(response, "cursor", kind: "invalid-cursor")
            }
        }
        // A cursor of this query past the end (the registry shrank since) is an empty last page.
        let past = try APICheck.ok(try server.get("/v1/themes?limit=2&cursor=\(cursors.encode(offset: 500, fingerprint: fingerprint))"))
        #expect(APICheck.ids(past).isEmpty)
        #expect(past["next"] is NSNull)
        #expect(past["total"] as? Int == 30)
    }
}
