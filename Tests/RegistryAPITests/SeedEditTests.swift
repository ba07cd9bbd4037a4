import Foundation
import Registry
import RegistryAPI
import Testing
import TestSupport

/// Seed records edited through the API: the edit wins over the seeds across seed loads (restarts), a reset puts
/// the seeds' version back, and a seed that changed under an edit is reported.
@Suite struct SeedEditTests {
    @Test func anEditSurvivesSeedLoadsUntilReset() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/projects/cityregio-ii"
        let original = try server.get(target)
        let patched = try server.patch(target, #"{"status": "completed"}"#, headers: editor)
        #expect(patched.status == 200, "\(patched.text)")
        #expect(try server.data(target)["origin"] as? String == "api")

        // A seed load, as at a restart, leaves the edit alone.
        let report = try server.loadSeeds(from: Fixtures.seeds)
        #expect(report.keptAPIRecords.contains("project/cityregio-ii"))
        #expect(report.seedChangedUnderEdit.isEmpty)
        #expect(try server.data(target)["status"] as? String == "completed")

        // A deletion survives too.
        let person = "/v1/people/jakob-richter"
        let deleted = try server.request("DELETE", person, headers: editor.merging(["If-Match": try server.etag(person)]) { $1 })
        #expect(deleted.status == 204, "\(deleted.text)")
        try server.loadSeeds(from: Fixtures.seeds)
        #expect(try server.get(person).status == 404)
        #expect(try server.request("POST", person + "/reset", headers: editor).status == 200)
        #expect(try server.get(person).status == 200)

        // Reset puts the seeds' version back: the bytes a reader got before the edit.
        let reset = try server.request("POST", target + "/reset", headers: editor)
        #expect(reset.status == 200, "\(reset.text)")
        #expect(try server.data(target)["origin"] as? String == "seed")
        let history = APICheck.data(try APICheck.ok(try server.get(target + "/history")))
        #expect(history.last?["operation"] as? String == "reset")
        #expect(history.last?["author"] as? String == "editor")
        let after = try server.get(target)
        #expect((try after.jsonObject()["data"] as? NSDictionary) == (try original.jsonObject()["data"] as? NSDictionary))
        // Resetting again changes nothing; a record made through the API has no seed version.
        #expect(try server.request("POST", target + "/reset", headers: editor).status == 200)
        #expect(APICheck.data(try APICheck.ok(try server.get(target + "/history"))).count == history.count)
        _ = try server.send("POST", "/v1/themes", #"{"labels": {"en": "Own", "da": "Egen", "de": "Eigen"}}"#, headers: editor)
        try APICheck.problem(try server.request("POST", "/v1/themes/own/reset", headers: editor), status: 409, kind: "no-seed-version")
        try APICheck.problem(try server.request("POST", "/v1/themes/no-such-theme/reset", headers: editor), status: 409, kind: "no-seed-version")
    }

    @Test func aSeedThatChangedUnderAnEditIsReported() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        #expect(try server.patch("/v1/themes/transport", #"{"labels": {"en": "Mobility"}}"#, headers: editor).status == 200)
        // A copy of the seeds in which the theme's English label changed.
        let seeds = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: seeds) }
        try FileManager.default.removeItem(at: seeds)
        try FileManager.default.copyItem(at: Fixtures.seeds, to: seeds)
        let records = seeds.appendingPathComponent("records")
        var changed = false
        for name in try FileManager.default.contentsOfDirectory(atPath: records.path) {
            let file = records.appendingPathComponent(name)
            let text = try String(contentsOf: file, encoding: .utf8)
            guard let range = text.range(of: #""id": "transport""#) else { continue }
            guard let label = text.range(of: #""en": "Transport""#, range: range.upperBound..<text.endIndex) else { continue }
            try text.replacingCharacters(in: label, with: #""en": "Transport and traffic""#).write(to: file, atomically: true, encoding: .utf8)
            changed = true
        }
        try #require(changed, "the seeds no longer define the theme transport as this test expects")
        let report = try server.loadSeeds(from: seeds)
        #expect(report.seedChangedUnderEdit == ["theme/transport"])
        #expect((try server.data("/v1/themes/transport")["labels"] as? [String: String])?["en"] == "Mobility")
        // Reset now puts back the new seed version.
        #expect(try server.request("POST", "/v1/themes/transport/reset", headers: editor).status == 200)
        #expect((try server.data("/v1/themes/transport")["labels"] as? [String: String])?["en"] == "Transport and traffic")
    }

    /// The fact sheet's findings (empty fields, look-alike acronyms) come back with the reset, not at the next start.
    @Test func resetPutsBackTheFactSheetFindingsAtOnce() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let target = "/v1/projects/cityregio-ii"
        let findings = "/v1/findings?record=cityregio-ii"
        let seeded = APICheck.data(try APICheck.ok(try server.get(findings)))
        #expect(seeded.contains { $0["check"] as? String == "spellingVariant" }, "the fact sheet's findings are expected among the seeds'")
        #expect(try server.patch(target, #"{"status": "completed"}"#, headers: editor).status == 200)
        #expect(try server.request("POST", target + "/reset", headers: editor).status == 200)
        let reset = APICheck.data(try APICheck.ok(try server.get(findings)))
        #expect(reset.map { $0["id"] as? String } == seeded.map { $0["id"] as? String })
        #expect(reset.map { $0["message"] as? String } == seeded.map { $0["message"] as? String })
    }
}
