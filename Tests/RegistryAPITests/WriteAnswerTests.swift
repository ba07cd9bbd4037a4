import HTTPServer
import PostgresClient
import Registry
@testable import RegistryAPI
import Testing

/// The answer to a committed write, whose item is read back after the commit. On PostgreSQL the database may stop
/// answering in between (`scripts/faults postgres` found it: creations answered `503` were there afterwards): the
/// change is made, so the answer must say so rather than be a `503` that tells the client to make it again.
struct WriteAnswerTests {
    let result = WriteResult(id: "fault-gmbh", change: 42, served: "{}")

    @Test func aCommittedWriteWhoseItemCannotBeReadBackIsAnsweredAsMade() throws {
        for (kind, failure) in [(PostgresError.Kind.connectionLost, "server closed the connection unexpectedly"),
                                (.connectionFailed, "the database system is shutting down"),
                                (.poolTimeout, "all 6 PostgreSQL connections stayed busy")] {
            for status in [HTTPStatus.created, .ok] {
                let response = try WriteRoutes.answer(.organisation, result, status: status, language: .english) {
                    throw PostgresError(kind, failure)
                }
                #expect(response.status == status, "\(kind)")
                #expect(response.headers["X-Change-Id"] == "42")
                #expect(response.headers["Content-Location"] == "/v1/organisations/fault-gmbh")
                #expect(response.headers["Location"] == (status == .created ? "/v1/organisations/fault-gmbh" : nil))
                // No item was read, so there is none to send, and no entity tag to name it by.
                #expect(response.body.isEmpty)
                #expect(response.headers["ETag"] == nil)
            }
        }
    }

    @Test func otherFailuresToReadTheItemBackAreNotHidden() {
        #expect(throws: PostgresError.self) {
            try WriteRoutes.answer(.organisation, result, status: .created, language: .english) {
                throw PostgresError(.server, "relation does not exist", sqlState: "42P01")
            }
        }
        #expect(throws: HTTPError.self) {
            try WriteRoutes.answer(.organisation, result, status: .ok, language: .english) { nil }
        }
    }

    @Test func theItemIsSentWhenItCanBeReadBack() throws {
        let body = Array(#"{"data":{"id":"fault-gmbh"}}"#.utf8)
        let response = try WriteRoutes.answer(.organisation, result, status: .created, language: .english) {
            body
        }
        #expect(response.status == .created)
        #expect(response.body == body)
        #expect(response.headers["ETag"] != nil)
        #expect(response.headers["X-Change-Id"] == "42")
    }
}
