@testable import RegistryAPI
import Testing

/// The per-address failure count behind `429`: limits, windows, and a table that stays bounded.
@Suite struct AuthenticationThrottleTests {
    @Test func anAddressIsHeldOnlyAfterTheLimitAndOnlyUntilItsWindowEnds() {
        let throttle = AuthenticationThrottle(limit: 3, window: .seconds(60))
        let start = ContinuousClock.now
        for second in 0..<2 { throttle.recordFailure(from: "192.0.2.1", now: start + .seconds(second)) }
        #expect(throttle.retryAfter(for: "192.0.2.1", now: start + .seconds(2)) == nil)
        throttle.recordFailure(from: "192.0.2.1", now: start + .seconds(2))
        #expect(throttle.retryAfter(for: "192.0.2.1", now: start + .seconds(10)) == .seconds(50))
        #expect(throttle.retryAfter(for: "192.0.2.2", now: start + .seconds(10)) == nil)
        #expect(throttle.retryAfter(for: "192.0.2.1", now: start + .seconds(60)) == nil)
        // A new window begins with the next failure.
        throttle.recordFailure(from: "192.0.2.1", now: start + .seconds(61))
        #expect(throttle.retryAfter(for: "192.0.2.1", now: start + .seconds(62)) == nil)
    }

    @Test func manyAddressesCostNoMoreThanTheCapacity() {
        let throttle = AuthenticationThrottle(limit: 2, window: .seconds(60), capacity: 100)
        let start = ContinuousClock.now
        for index in 0..<20_000 {
            let address = "10.\(index / 65536).\(index / 256 % 256).\(index % 256)"
            throttle.recordFailure(from: address, now: start + .milliseconds(index))
            throttle.recordFailure(from: address, now: start + .milliseconds(index))
            #expect(throttle.count <= 100)
        }
        // The most recent addresses are held; the oldest were forgotten to make room.
        #expect(throttle.retryAfter(for: "10.0.78.31", now: start + .seconds(20)) != nil)
        #expect(throttle.retryAfter(for: "10.0.0.0", now: start + .seconds(20)) == nil)
    }

    @Test func endedWindowsAreForgotten() {
        let throttle = AuthenticationThrottle(limit: 1, window: .seconds(1), capacity: 1000)
        let start = ContinuousClock.now
        for index in 0..<500 { throttle.recordFailure(from: "a\(index)", now: start) }
        #expect(throttle.count == 500)
        throttle.recordFailure(from: "late", now: start + .seconds(2))
        #expect(throttle.count == 1)
    }
}
