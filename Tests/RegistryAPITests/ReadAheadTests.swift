import Dispatch
@testable import RegistryAPI
import Testing

/// A download's next batch is read on a queue of its own while the caller goes on, and what the read made or threw
/// reaches the caller.
@Suite struct ReadAheadTests {
    struct Failed: Error, Equatable {}

    @Test func theWorkRunsWhileTheCallerGoesOn() throws {
        let callerWent = DispatchSemaphore(value: 0)
        let readAhead = ReadAhead(on: DispatchQueue(label: "read-ahead-test")) { () -> Int in
            // Made in the caller's thread, this would wait for ever; on its own queue it waits for the caller.
            guard callerWent.wait(timeout: .now() + 10) == .success else { throw Failed() }
            return 42
        }
        callerWent.signal()
        #expect(try readAhead.value() == 42)
        // Asked again, the same value.
        #expect(try readAhead.value() == 42)
    }

    @Test func whatTheWorkThrowsIsThrownToTheCaller() {
        let readAhead = ReadAhead(on: DispatchQueue(label: "read-ahead-test")) { () -> Int in throw Failed() }
        #expect(throws: Failed.self) { try readAhead.value() }
    }
}
