import PostgresClient
import Testing

/// What several instances coordinate with, between two real connections: LISTEN/NOTIFY and advisory locks.
@Suite struct PostgresCoordinationTests {
    @Test func aNotificationReachesTheListenerAfterCommit() throws {
        let listener = try TestServer.connect()
        let sender = try TestServer.connect()
        let channel = TestServer.uniqueName("changes")
        try listener.listen(channel)
        #expect(try listener.nextNotification(timeout: .milliseconds(50)) == nil)

        try sender.transaction { sender in
            try sender.notify(channel, payload: "project/42")
            #expect(try listener.nextNotification(timeout: .milliseconds(100)) == nil)
        }
        let notification = try listener.nextNotification(timeout: .seconds(5))
        #expect(notification == PostgresNotification(channel: channel, payload: "project/42", processID: sender.backendProcessID))

        try listener.unlisten(channel)
        try sender.notify(channel, payload: "unheard")
        #expect(try listener.nextNotification(timeout: .milliseconds(100)) == nil)
    }

    @Test func aListenerWhoseConnectionBrokeIsTold() throws {
        let listener = try TestServer.connect()
        try listener.listen(TestServer.uniqueName("changes"))
        try TestServer.terminateBackend(listener.backendProcessID)
        let error = #expect(throws: PostgresError.self) { try listener.nextNotification(timeout: .seconds(5)) }
        #expect(error?.kind == .connectionLost)
    }

    @Test func anAdvisoryLockExcludesTheOtherConnection() throws {
        let first = try TestServer.connect()
        let second = try TestServer.connect()
        let key = TestServer.uniqueKey()
        try first.lockAdvisory(key)
        #expect(try !second.tryLockAdvisory(key))
        #expect(try !second.unlockAdvisory(key))
        #expect(try first.unlockAdvisory(key))
        #expect(try second.tryLockAdvisory(key))
        #expect(try !first.tryLockAdvisory(key))
        #expect(try second.unlockAdvisory(key))
    }

    @Test func withAdvisoryLockReleasesAfterAFailure() throws {
        struct Failure: Error {}
        let first = try TestServer.connect()
        let second = try TestServer.connect()
        let key = TestServer.uniqueKey()
        #expect(throws: Failure.self) {
            try first.withAdvisoryLock(key) {
                #expect(try !second.tryLockAdvisory(key))
                throw Failure()
            }
        }
        #expect(try second.tryLockAdvisory(key))
    }
}
