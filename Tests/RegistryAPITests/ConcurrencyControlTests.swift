import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Synchronization
import Testing
import TestSupport

/// Optimistic concurrency: `If-Match` with the item's strong entity tag, `412` for a stale one, `428` without
/// one; deletions of records others refer to; and writes racing cached reads.
@Suite struct ConcurrencyControlTests {
    @Test func aReplacementThatIsNoValidRecordIsA422WhateverTheTag() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/themes/transport"
        let stale = ["If-Match": "\"0000000000000000\""]
        // A fresh tag would not make these acceptable, so the tag is not what they are refused for.
        try APICheck.problem(try server.send("PUT", target, "false", headers: editor.merging(stale) { $1 }), status: 422, kind: "invalid-body")
        try APICheck.problem(try server.send("PUT", target, #"{"labels": {"en": 7}}"#, headers: editor.merging(stale) { $1 }),
                             status: 422, kind: "invalid-body")
        // A valid record with a stale tag is refused for the tag.
        let record = try server.data(target)
        let body = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        try APICheck.problem(try server.send("PUT", target, body, headers: editor.merging(stale) { $1 }), status: 412, kind: "precondition-failed")
    }

    @Test func aStaleOrMissingEntityTagChangesNothing() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/themes/transport"
        let original = try server.get(target)
        let tag = try #require(original.header("ETag"))
        let patch = #"{"labels": {"en": "Mobility"}}"#
        let mergePatch = "application/merge-patch+json"
        for method in ["PATCH", "PUT", "DELETE"] {
            try APICheck.problem(try server.send(method, target, patch, headers: editor, contentType: method == "PATCH" ? mergePatch : "application/json"),
                                 status: 428, kind: "precondition-required")
        }
        // The tag of another language's item names the same version; the gzip variant's too.
        let danishTag = try #require(try server.get(target + "?lang=da").header("ETag"))
        #expect(danishTag != tag)
        let first = try server.send("PATCH", target, patch, headers: editor.merging(["If-Match": danishTag]) { $1 }, contentType: mergePatch)
        #expect(first.status == 200, "\(first.text)")
        // The old tag is stale now, and so is a weak tag or one made up.
        for stale in [tag, "W/" + (first.header("ETag") ?? ""), "\"0000000000000000\""] {
            let refused = try server.send("PATCH", target, #"{"labels": {"en": "Other"}}"#,
                                          headers: editor.merging(["If-Match": stale]) { $1 }, contentType: mergePatch)
            try APICheck.problem(refused, status: 412, kind: "precondition-failed")
        }
        #expect(try server.data(target)["labels"].flatMap { $0 as? [String: String] }?["en"] == "Mobility")
        let gzipTag = EntityTag.gzipVariant(of: try #require(first.header("ETag")))
        let second = try server.send("PATCH", target, #"{"labels": {"en": "Transport"}}"#,
                                     headers: editor.merging(["If-Match": "\"abc\", " + gzipTag]) { $1 }, contentType: mergePatch)
        #expect(second.status == 200, "\(second.text)")
        // `*` matches any current version, but no record that does not exist.
        #expect(try server.send("PATCH", target, #"{"labels": {"da": "Trafik"}}"#, headers: editor.merging(["If-Match": "*"]) { $1 },
                                contentType: mergePatch).status == 200)
        try APICheck.problem(try server.send("PATCH", "/v1/themes/no-such-theme", "{}", headers: editor.merging(["If-Match": "*"]) { $1 },
                                             contentType: mergePatch), status: 404, kind: "not-found")
    }

    @Test func ifMatchIsOptionalWhenNotRequired() throws {
        var options = APIOptions()
        options.requireIfMatch = false
        let server = try APITestServer(options: options)
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let patched = try server.send("PATCH", "/v1/themes/transport", #"{"labels": {"en": "Mobility"}}"#, headers: editor,
                                      contentType: "application/merge-patch+json")
        #expect(patched.status == 200)
        // A stale tag still fails.
        let stale = try server.send("PATCH", "/v1/themes/transport", #"{"labels": {"en": "X"}}"#,
                                    headers: editor.merging(["If-Match": "\"0000000000000000\""]) { $1 }, contentType: "application/merge-patch+json")
        try APICheck.problem(stale, status: 412, kind: "precondition-failed")
    }

    @Test func aReferencedRecordIsNotDeleted() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/organisations/region-syddanmark"
        let refused = try server.request("DELETE", target, headers: editor.merging(["If-Match": try server.etag(target)]) { $1 })
        let problem = try APICheck.problem(refused, status: 409, kind: "referenced")
        let detail = problem["detail"] as? String ?? ""
        #expect(detail.contains("partnership/syddanmark-schleswig-holstein-partnership-agreement (parties)") || detail.contains("(parties)"), "\(detail)")
        #expect(try server.get(target).status == 200)
        // A governance body's member is referenced although no link table holds it.
        #expect(try server.send("POST", "/v1/organisations", #"{"name": "Board Member Town", "kind": "municipality"}"#, headers: editor).status == 201)
        #expect(try server.send("POST", "/v1/partnerships", #"{"name": "Board Pact", "kind": "committee", "parties": [{"organisation": "region-syddanmark", "role": "member"}], "governance": [{"name": "Board", "venues": ["board-member-town", "region-syddanmark"], "alternating_venue": true}]}"#, headers: editor).status == 201)
        let member = "/v1/organisations/board-member-town"
        let governance = try APICheck.problem(try server.request("DELETE", member, headers: editor.merging(["If-Match": try server.etag(member)]) { $1 }),
                                              status: 409, kind: "referenced")
        #expect((governance["detail"] as? String)?.contains("partnership/board-pact (governance)") == true)
        // A theme used by records is referenced too.
        let theme = try server.request("DELETE", "/v1/themes/transport", headers: editor.merging(["If-Match": try server.etag("/v1/themes/transport")]) { $1 })
        try APICheck.problem(theme, status: 409, kind: "referenced")
    }

    @Test func aWriteIsSeenByTheNextReadDespiteTheResponseCache() throws {
        let server = try APITestServer(configure: { $0.responseCache = ResponseCache() })
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/themes/transport"
        _ = try server.get(target)
        let cached = try server.get(target)
        #expect(cached.header("Age") != nil)
        // Readers keep reading (and filling the cache) while the writer writes; after each acknowledged write
        // the next read shows it.
        let stop = StopFlag()
        let reader = Thread { while !stop.isSet { _ = try? server.get(target) } }
        reader.start()
        defer { stop.set() }
        for round in 1...20 {
            let label = "Transport \(round)"
            let written = try server.patch(target, #"{"labels": {"en": "\#(label)"}}"#, headers: editor)
            #expect(written.status == 200)
            let read = try server.get(target)
            #expect((try read.jsonObject()["data"] as? [String: Any]).flatMap { $0["labels"] as? [String: String] }?["en"] == label,
                    "round \(round): \(read.header("Age") ?? "fresh")")
        }
    }
}

/// Tells a background thread of a test to stop.
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    var isSet: Bool { flag.load(ordering: .acquiring) }
    func set() { flag.store(true, ordering: .releasing) }
}
