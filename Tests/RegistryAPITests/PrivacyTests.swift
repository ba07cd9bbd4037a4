import Foundation
import HTTPServer
import Registry
import RegistryAPI
import Testing
import TestSupport

/// People's contact details: served to requests with a valid token only; never to anonymous clients, in no
/// representation; and never crossing between the two through a cache.
@Suite struct PrivacyTests {
    static let person = "/v1/people/tanja-blatter"
    static let email = "tanja.blaetter@metropolregion.hamburg.de"
    static let phone = "+49 40-428 41 2603"

    /// Whether a body shows the person's e-mail address or phone number.
    static func showsContact(_ response: RawResponse) -> Bool {
        response.text.contains(email) || response.text.contains(phone) || response.text.contains("\"contact\":{\"city")
    }

    @Test func anonymousClientsNeverSeeContactDetails() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        let item = try server.get(Self.person)
        #expect(item.status == 200)
        #expect(!Self.showsContact(item))
        #expect(item.text.contains("Tanja Bl"))
        #expect(item.headerValues("Vary").joined(separator: ",").contains("Authorization"))
        let data = try #require(try item.jsonObject()["data"] as? [String: Any])
        #expect(data["contact"] == nil)
        #expect((data["roles"] as? [Any])?.isEmpty == false)
        #expect((data["evidence"] as? [[String: Any]] ?? []).allSatisfy { !(($0["field"] as? String) ?? "").hasPrefix("contact") })

        let targets = ["/v1/people?limit=100", "/v1/people?format=csv&limit=100", "/v1/search?q=blaetter",
                       "/v1/search?q=metropolregion%20hamburg&limit=100", "/v1/changes?kind=person&limit=100",
                       Self.person + "/history", Self.person + "?as_of=2999-01-01T00:00:00Z", "/v1/network",
                       "/v1/network?format=graphml", "/v1/people?limit=all&format=ndjson",
                       "/v1/people?q=blaetter&limit=all&format=ndjson", "/v1/people?q=blaetter&limit=all&format=csv"]
        for target in targets {
            let anonymous = try server.get(target)
            #expect(anonymous.status == 200, "\(target): \(anonymous.text.prefix(200))")
            #expect(!Self.showsContact(anonymous), "\(target) shows contact details")
        }
        // A token that may read them gets them in a text's download too.
        for format in ["ndjson", "csv"] {
            let download = try server.get("/v1/people?q=blaetter&limit=all&format=\(format)", headers: reader)
            #expect(download.status == 200 && Self.showsContact(download), "\(format): \(download.text.prefix(200))")
        }
        // The documents that quote them are masked scalar for scalar, so offsets stay right.
        var documentsQuoting = 0
        for document in APICheck.ids(try APICheck.ok(try server.get("/v1/documents?limit=100"))) {
            let full = try server.get("/v1/documents/\(document)/text", headers: reader)
            let anonymous = try server.get("/v1/documents/\(document)/text")
            let json = try server.get("/v1/documents/\(document)")
            #expect(!Self.showsContact(anonymous) && !Self.showsContact(json), "\(document)")
            #expect(anonymous.text.unicodeScalars.count == full.text.unicodeScalars.count)
            if Self.showsContact(full) {
                documentsQuoting += 1
                #expect(anonymous.text.contains(String(repeating: "•", count: Self.email.count)))
            }
        }
        #expect(documentsQuoting > 0, "no document quotes the contact details: the test checks nothing")
    }

    @Test func aContactValueWrittenAfterASearchIsMaskedInTheNextOne() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        let address = "kontakt.neu@example.org"
        let organisation = try server.send("POST", "/v1/organisations",
                                           #"{"name": "Nachbarschaftsforum \#(address)", "kind": "association"}"#, headers: editor)
        #expect(organisation.status == 201, "\(organisation.text)")
        // No one's contact value yet: shown, and the contact values read and kept for the searches that follow.
        #expect(try snippet("/v1/search?q=nachbarschaftsforum", server).contains(address))
        let person = try server.send("POST", "/v1/people", #"{"name": "Nora Nachbar", "contact": {"email": "\#(address)"}}"#,
                                     headers: editor)
        #expect(person.status == 201, "\(person.text)")
        let masked = try snippet("/v1/search?q=nachbarschaftsforum", server)
        #expect(masked.contains("<mark>Nachbarschaftsforum</mark>"))
        #expect(!masked.contains(address), "\(masked)")
    }

    /// The snippet of the first hit of the search `target`.
    private func snippet(_ target: String, _ server: APITestServer) throws -> String {
        let hits = try #require(try APICheck.ok(try server.get(target))["data"] as? [[String: Any]])
        return try #require(hits.first?["snippet"] as? String)
    }

    @Test func aValidTokenSeesThemPrivately() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        let item = try server.get(Self.person, headers: reader)
        #expect(item.status == 200)
        #expect(item.text.contains(Self.email) && item.text.contains(Self.phone))
        #expect(item.header("Cache-Control")?.hasPrefix("private") == true)
        #expect(item.headerValues("Vary").joined(separator: ",").contains("Authorization"))
        #expect(try server.get("/v1/people?limit=100", headers: reader).text.contains(Self.email))
        #expect(try server.get("/v1/people?format=csv&limit=100", headers: reader).text.contains(Self.email))
        #expect(try server.get("/v1/changes?kind=person&limit=100", headers: reader).text.contains(Self.email))
        // A token that is not valid is refused, not treated as anonymous.
        try AuthenticationTests.expectUnauthorized(try server.get(Self.person, headers: ["Authorization": "Bearer \(AuthenticationTests.unknownToken)"]),
                                                   error: "invalid_token")
    }

    @Test func theResponseCacheKeepsTheAudiencesApart() throws {
        let server = try APITestServer(configure: { $0.responseCache = ResponseCache() })
        defer { server.stop() }
        let reader = try server.bearer("reader", .read)
        // Authenticated first: not stored, so the anonymous client that follows gets its own representation.
        #expect(try server.get(Self.person, headers: reader).text.contains(Self.email))
        let anonymous = try server.get(Self.person)
        #expect(!Self.showsContact(anonymous))
        let cached = try server.get(Self.person)
        #expect(cached.header("Age") != nil)
        #expect(!Self.showsContact(cached))
        // With the anonymous one stored, a client with a token still gets the contact details.
        let authenticated = try server.get(Self.person, headers: reader)
        #expect(authenticated.header("Age") == nil)
        #expect(authenticated.text.contains(Self.email))
    }

    @Test func aWriterKeepsThemAndTheEntityTagOfEitherAudienceWorks() throws {
        let server = try APITestServer()
        defer { server.stop() }
        let editor = try server.bearer("editor", .write)
        // The anonymous item's tag names the same version as the full one's.
        let anonymousTag = try server.etag(Self.person)
        let patched = try server.send("PATCH", Self.person, #"{"honorific": "Dr."}"#,
                                      headers: editor.merging(["If-Match": anonymousTag]) { $1 }, contentType: "application/merge-patch+json")
        #expect(patched.status == 200, "\(patched.text)")
        #expect(patched.text.contains(Self.email))
        let change = try #require(APICheck.data(try APICheck.ok(try server.get(Self.person + "/history"))).last)
        #expect(!(String(describing: change).contains(Self.email)))
    }
}
