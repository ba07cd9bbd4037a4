import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Testing
import TestSupport

/// The write routes end to end over loopback on a real SQLite file: create, replace, merge-patch, delete, for
/// every kind; ids; bodies of the wrong type, size or syntax; and what a write changes for readers at once.
@Suite struct WriteRoutesTests {
    @Test func anOrganisationIsCreatedReplacedPatchedAndDeleted() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let created = try server.send("POST", "/v1/organisations", #"{"name": "Hafen Teststadt", "kind": "company", "country": "DE"}"#,
                                      headers: editor)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.header("Location") == "/v1/organisations/hafen-teststadt")
        #expect(created.header("Cache-Control") == "no-store")
        let body = try created.jsonObject()
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["id"] as? String == "hafen-teststadt")
        #expect(data["origin"] as? String == "api")
        // The answer is the item a read gives now, with the same entity tag.
        let read = try server.get("/v1/organisations/hafen-teststadt")
        #expect(read.status == 200)
        #expect(read.text == created.text)
        #expect(read.header("ETag") == created.header("ETag"))

        let replaced = try server.send("PUT", "/v1/organisations/hafen-teststadt",
                                       #"{"name": "Hafen Teststadt GmbH", "kind": "company", "country": "DE", "description": "Ein Hafen"}"#,
                                       headers: editor.merging(["If-Match": try #require(created.header("ETag"))]) { $1 })
        #expect(replaced.status == 200, "\(replaced.text)")
        #expect(try server.data("/v1/organisations/hafen-teststadt")["name"] as? String == "Hafen Teststadt GmbH")

        let patched = try server.patch("/v1/organisations/hafen-teststadt", #"{"description": null, "nuts": "DE600"}"#, headers: editor)
        #expect(patched.status == 200, "\(patched.text)")
        let after = try server.data("/v1/organisations/hafen-teststadt")
        #expect(after["description"] == nil)
        #expect(after["nuts"] as? String == "DE600")
        #expect(after["name"] as? String == "Hafen Teststadt GmbH")

        let deleted = try server.request("DELETE", "/v1/organisations/hafen-teststadt",
                                         headers: editor.merging(["If-Match": try server.etag("/v1/organisations/hafen-teststadt")]) { $1 })
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        try APICheck.problem(try server.get("/v1/organisations/hafen-teststadt"), status: 404, kind: "not-found")
        // Each change is in the history, in order, with its author.
        let history = APICheck.data(try APICheck.ok(try server.get("/v1/organisations/hafen-teststadt/history")))
        #expect(history.compactMap { $0["operation"] as? String } == ["create", "replace", "update", "delete"])
        #expect(history.allSatisfy { $0["author"] as? String == "editor" })
    }

    @Test func everyKindCanBeCreatedAndDeleted() throws {
        let server = try APITestServer(options: { var options = APIOptions(); options.requireIfMatch = false; return options }())
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let bodies: [(String, String, String)] = [
            ("themes", #"{"labels": {"en": "Ports", "da": "Havne", "de": "Häfen"}}"#, "ports"),
            ("organisations", #"{"name": "Port Authority", "kind": "agency"}"#, "port-authority"),
            ("regions", #"{"name": "Port Region", "kind": "crossBorderRegion", "countries": ["DE", "DK"], "members": ["port-authority"]}"#, "port-region"),
            ("programmes", #"{"name": "Port Programme", "period": {"start": "2021", "end": "2027"}}"#, "port-programme"),
            ("partnerships", #"{"name": "Port Pact", "kind": "network", "parties": [{"organisation": "port-authority", "role": "member"}], "themes": ["ports"]}"#, "port-pact"),
            ("projects", #"{"acronym": "PORT", "title": "Ports together", "kind": "fundedProject", "programme": "port-programme", "total_budget": {"amount": 1000.5, "currency": "EUR"}, "eu_funding": {"amount": "500.25", "currency": "EUR"}, "co_financing_rate": 0.5}"#, "port"),
            ("people", #"{"name": "Hanne Havn", "roles": [{"role": "contact", "organisation": "port-authority"}], "contact": {"email": "hanne@example.org"}}"#, "hanne-havn"),
        ]
        for (plural, body, id) in bodies {
            let created = try server.send("POST", "/v1/\(plural)", body, headers: editor)
            #expect(created.status == 201, "\(plural): \(created.text)")
            #expect(created.header("Location") == "/v1/\(plural)/\(id)")
        }
        let project = try server.data("/v1/projects/port")
        #expect((project["total_budget"] as? [String: Any])?["amount"] as? Double == 1000.5)
        #expect((project["eu_funding"] as? [String: Any])?["amount"] as? Double == 500.25)
        // The project has its findings at once (1000.50 × 0.5 is 500.25 exactly).
        let findings = try server.get("/v1/projects/port").jsonObject()["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["check"] as? String == "fundingArithmetic" && $0["severity"] as? String == "passed" })
        // Deleted in the order that leaves no reference dangling.
        for (plural, _, id) in bodies.reversed() {
            let deleted = try server.request("DELETE", "/v1/\(plural)/\(id)", headers: editor)
            #expect(deleted.status == 204, "\(plural): \(deleted.text)")
        }
    }

    @Test func idsAreMadeFromNamesUnlessGivenAndATakenIdIsAConflict() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let made = try server.send("POST", "/v1/organisations", #"{"name": "Øresund Ærø Straße", "kind": "association"}"#, headers: editor)
        #expect(made.header("Location") == "/v1/organisations/oresund-aero-strasse")
        let given = try server.send("POST", "/v1/organisations", #"{"id": "my-port", "name": "Øresund Ærø Straße", "kind": "association"}"#, headers: editor)
        #expect(given.header("Location") == "/v1/organisations/my-port")
        let before = try server.changeCount()
        try APICheck.problem(try server.send("POST", "/v1/organisations", #"{"name": "Øresund Ærø Straße", "kind": "association"}"#, headers: editor),
                             status: 409, kind: "id-taken")
        // A seed record's id is taken too.
        try APICheck.problem(try server.send("POST", "/v1/projects", #"{"id": "cityregio-ii", "title": "X", "kind": "fundedProject"}"#, headers: editor),
                             status: 409, kind: "id-taken")
        let invalid = try APICheck.problem(
            try server.send("POST", "/v1/organisations", #"{"id": "Not A Slug", "name": "X", "kind": "association"}"#, headers: editor),
            status: 422, kind: "invalid-body")
        #expect((invalid["invalid_params"] as? [[String: Any]])?.first?["name"] as? String == "/id")
        // An id cannot change with a replacement.
        let renamed = try server.send("PUT", "/v1/organisations/my-port", #"{"id": "other-port", "name": "X", "kind": "association"}"#,
                                      headers: editor.merging(["If-Match": try server.etag("/v1/organisations/my-port")]) { $1 })
        try APICheck.problem(renamed, status: 422, kind: "invalid-body")
        #expect(try server.changeCount() == before)
    }

    @Test func bodiesOfTheWrongTypeSizeOrSyntaxAreRefused() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let before = try server.changeCount()
        let plain = try server.send("POST", "/v1/themes", #"{"labels": {"en": "a", "da": "b", "de": "c"}}"#, headers: editor, contentType: "text/plain")
        try APICheck.problem(plain, status: 415, kind: "unsupported-media-type")
        #expect(plain.header("Accept-Post") == "application/json")
        let tag = try server.etag("/v1/themes/transport")
        let jsonPatch = try server.send("PATCH", "/v1/themes/transport", #"{"labels": {"en": "Traffic"}}"#,
                                        headers: editor.merging(["If-Match": tag]) { $1 })
        try APICheck.problem(jsonPatch, status: 415, kind: "unsupported-media-type")
        #expect(jsonPatch.header("Accept-Patch") == "application/merge-patch+json")
        try APICheck.problem(try server.send("POST", "/v1/themes", #"{"labels": "#, headers: editor), status: 400, kind: "malformed-body")
        let tooLarge = #"{"labels": {"en": ""# + String(repeating: "x", count: 1_100_000) + #"", "da": "b", "de": "c"}}"#
        try APICheck.problem(try server.send("POST", "/v1/themes", tooLarge, headers: editor), status: 413, kind: "content-too-large")
        let array = try APICheck.problem(try server.send("POST", "/v1/themes", "[]", headers: editor), status: 422, kind: "invalid-body")
        #expect((array["invalid_params"] as? [[String: Any]])?.first?["name"] as? String == "")
        #expect(try server.changeCount() == before)
        // Query parameters are no part of a write.
        try APICheck.badParameter(try server.send("POST", "/v1/themes?x=1", #"{}"#, headers: editor), "x", kind: "unknown-parameter")
    }

    @Test func everySeedRecordPutBackAsServedIsValidAndChangesNothing() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let before = try server.changeCount()
        var count = 0
        for plural in ItemRoutesTests.collections {
            for id in try server.allIDs("/v1/\(plural)").ids {
                // With the token: an anonymous reader's copy of a person lacks the contact details it would delete.
                let item = try server.get("/v1/\(plural)/\(id)", headers: editor)
                let data = try #require(try item.jsonObject()["data"])
                let body = String(decoding: try JSONSerialization.data(withJSONObject: data), as: UTF8.self)
                let put = try server.send("PUT", "/v1/\(plural)/\(id)", body,
                                          headers: editor.merging(["If-Match": try #require(item.header("ETag"))]) { $1 })
                #expect(put.status == 200, "\(plural)/\(id): \(put.text)")
                #expect(put.text == item.text, "\(plural)/\(id) changed")
                count += 1
            }
        }
        #expect(count > 80)
        #expect(try server.changeCount() == before)
    }

    @Test func aWriteIsSeenBySearchTheNetworkAndListsAtOnce() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/search?q=zanzibarport"))).isEmpty)
        let total = try APICheck.ok(try server.get("/v1/organisations"))["total"] as? Int ?? 0
        #expect(try server.send("POST", "/v1/organisations", #"{"name": "Zanzibarport Authority", "kind": "agency"}"#, headers: editor).status == 201)
        #expect(APICheck.ids(try APICheck.ok(try server.get("/v1/search?q=zanzibarport"))) == ["zanzibarport-authority"])
        #expect(try APICheck.ok(try server.get("/v1/organisations"))["total"] as? Int == total + 1)
        // Giving it a project puts it in the cooperation network.
        #expect(try server.send("POST", "/v1/projects", #"{"title": "Zanzibar link", "kind": "infrastructure", "partners": [{"organisation": "zanzibarport-authority", "listed_name": "ZPA", "role": "lead"}, {"organisation": "region-syddanmark", "listed_name": "RSD", "role": "partner"}]}"#,
                                headers: editor).status == 201)
        let path = try server.get("/v1/network/path?from=zanzibarport-authority&to=region-syddanmark")
        #expect(path.status == 200, "\(path.text)")
        #expect(path.text.contains("zanzibar-link"))
    }
}
