import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// The history: the change feed with its filters and cursors, one record's history, reads `as_of` a time, and
/// the history of seed loads.
@Suite struct HistoryRoutesTests {
    @Test func theFeedListsChangesOldestFirstWithFiltersAndCursors() throws {
        var options = APIOptions()
        options.requireIfMatch = false
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        // The seed load is in the history, with the seed files as authors.
        let seeded = try APICheck.ok(try server.get("/v1/changes?limit=100"))
        let seedTotal = try #require(seeded["total"] as? Int)
        #expect(seedTotal > 80)
        #expect(APICheck.data(seeded).allSatisfy { ($0["author"] as? String)?.hasPrefix("seeds/records/") == true })
        let lastSeedID = try server.latestChangeID()

        for index in 1...5 {
            let created = try server.send("POST", "/v1/themes", #"{"labels": {"en": "Topic \#(index)", "da": "Emne", "de": "Thema"}}"#,
                                          headers: editor.merging(["X-Change-Reason": "batch \(index) – für Tests"]) { $1 })
            #expect(created.status == 201)
        }
        let page = try APICheck.ok(try server.get("/v1/changes?since=\(lastSeedID)&limit=2"))
        let first = APICheck.data(page)
        #expect(first.compactMap { $0["record"] as? String } == ["topic-1", "topic-2"])
        #expect(first.first?["reason"] as? String == "batch 1 – für Tests")
        #expect(first.first?["operation"] as? String == "create")
        #expect(first.first?["before"] is NSNull)
        #expect((first.first?["after"] as? [String: Any])?["id"] as? String == "topic-1")
        #expect(page["total"] as? Int == 5)
        // The cursor goes on where the page ended.
        let next = try #require(page["next"] as? String)
        #expect(APICheck.data(try APICheck.ok(try server.get(next))).compactMap { $0["record"] as? String } == ["topic-3", "topic-4"])
        // Filters by kind and record; times.
        #expect(try APICheck.ok(try server.get("/v1/changes?kind=theme&record=topic-4"))["total"] as? Int == 1)
        #expect(try APICheck.ok(try server.get("/v1/changes?kind=person&since=\(lastSeedID)"))["total"] as? Int == 0)
        #expect(try APICheck.ok(try server.get("/v1/changes?from=2999-01-01T00:00:00Z"))["total"] as? Int == 0)
        #expect(try APICheck.ok(try server.get("/v1/changes?until=2000-01-01T00:00:00%2B01:00"))["total"] as? Int == 0)
        #expect(try APICheck.ok(try server.get("/v1/changes?from=2000-01-01T00:00:00.5Z&since=\(lastSeedID)"))["total"] as? Int == 5)
        // Bad values are named.
        try APICheck.badParameter(try server.get("/v1/changes?since=-1"), "since")
        try APICheck.badParameter(try server.get("/v1/changes?since=x"), "since")
        try APICheck.badParameter(try server.get("/v1/changes?kind=projects"), "kind")
        try APICheck.badParameter(try server.get("/v1/changes?record="), "record")
        try APICheck.badParameter(try server.get("/v1/changes?record=Not%20A%20Slug"), "record")
        try APICheck.badParameter(try server.get("/v1/changes?since=1234567890123456789"), "since")
        try APICheck.badParameter(try server.get("/v1/changes?from=yesterday"), "from")
        try APICheck.badParameter(try server.get("/v1/changes?until=2026-01-01"), "until")
        try APICheck.badParameter(try server.get("/v1/changes?cursor=abc"), "cursor", kind: "invalid-cursor")
    }

    @Test func aRecordHasItsHistoryAndIsReadAsOfATime() throws {
        var options = APIOptions()
        options.requireIfMatch = false
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let beforeCreation = Date()
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try server.send("POST", "/v1/programmes", #"{"name": "Old Name"}"#, headers: editor).status == 201)
        Thread.sleep(forTimeInterval: 0.01)
        let afterCreation = Date()
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try server.send("PATCH", "/v1/programmes/old-name", #"{"name": "New Name"}"#, headers: editor,
                                contentType: "application/merge-patch+json").status == 200)
        Thread.sleep(forTimeInterval: 0.01)
        let afterUpdate = Date()
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try server.request("DELETE", "/v1/programmes/old-name", headers: editor).status == 204)

        func at(_ date: Date) -> String {
            "/v1/programmes/old-name?as_of=" + date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let notYet = try APICheck.problem(try server.get(at(beforeCreation)), status: 404, kind: "not-found")
        #expect((notYet["detail"] as? String)?.contains("did not exist yet") == true)
        let old = try APICheck.ok(try server.get(at(afterCreation)))
        #expect((old["data"] as? [String: Any])?["name"] as? String == "Old Name")
        #expect((try APICheck.ok(try server.get(at(afterUpdate)))["data"] as? [String: Any])?["name"] as? String == "New Name")
        let gone = try APICheck.problem(try server.get(at(Date())), status: 410, kind: "gone")
        #expect((gone["detail"] as? String)?.contains("deleted") == true)
        try APICheck.badParameter(try server.get("/v1/programmes/old-name?as_of=now"), "as_of")

        // The history outlives the record.
        let history = APICheck.data(try APICheck.ok(try server.get("/v1/programmes/old-name/history")))
        try #require(history.compactMap { $0["operation"] as? String } == ["create", "update", "delete"])
        #expect((history[1]["before"] as? [String: Any])?["name"] as? String == "Old Name")
        #expect((history[1]["after"] as? [String: Any])?["name"] as? String == "New Name")
        #expect(history[2]["after"] is NSNull)
        try APICheck.problem(try server.get("/v1/programmes/never-was/history"), status: 404, kind: "not-found")
        // A seed record read as of now is the record.
        let seed = try APICheck.ok(try server.get("/v1/projects/cityregio-ii?as_of=2999-01-01T00:00:00Z"))
        #expect((seed["data"] as? [String: Any])?["id"] as? String == "cityregio-ii")
    }

    /// A record written without a recorded creation (in bulk, or before the history was kept): before its first
    /// recorded change the read gives the `before` of that change, marked as not exact; the record now when the
    /// history records no change of it.
    @Test(.sqliteOnly("adds records with RegistryStore.save (no history, no validation), which only the SQLite store has; PostgresServingTests reads such records on PostgreSQL"))
    func readsBeforeARecordsHistoryAreMarked() throws {
        var options = APIOptions()
        options.requireIfMatch = false
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        try server.sqliteStore().save(Organisation(id: "bulk-verein", name: "Bulk Verein", kind: .association, country: "DE"))
        let target = "/v1/organisations/bulk-verein"
        func at(_ date: Date) -> String {
            target + "?as_of=" + date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let unchanged = try APICheck.ok(try server.get(at(Date(timeIntervalSince1970: 0))))
        #expect(unchanged["exact"] as? Bool == false)
        #expect(unchanged["history_begins"] is NSNull)
        #expect((unchanged["note"] as? String)?.contains("no change") == true)
        #expect((unchanged["data"] as? [String: Any])?["name"] as? String == "Bulk Verein")

        Thread.sleep(forTimeInterval: 0.01)
        let beforeRename = Date()
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try server.send("PATCH", target, #"{"name": "Bulk Verein e.V."}"#, headers: editor,
                                contentType: "application/merge-patch+json").status == 200)
        Thread.sleep(forTimeInterval: 0.01)
        let history = APICheck.data(try APICheck.ok(try server.get(target + "/history")))
        let renamed = try #require(history.first?["time"] as? String)
        // Before the rename: the version the rename started from, not the record now.
        let old = try APICheck.ok(try server.get(at(beforeRename)))
        #expect((old["data"] as? [String: Any])?["name"] as? String == "Bulk Verein")
        #expect(old["exact"] as? Bool == false)
        #expect(old["history_begins"] as? String == renamed)
        #expect((old["note"] as? String)?.contains("before the history") == true)
        let now = try APICheck.ok(try server.get(at(Date())))
        #expect((now["data"] as? [String: Any])?["name"] as? String == "Bulk Verein e.V.")
        #expect(now["exact"] as? Bool == true)
        #expect(now["history_begins"] == nil)
    }
}
