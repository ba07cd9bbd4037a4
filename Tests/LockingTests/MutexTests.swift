import Foundation
import Locking
import Testing

@Suite struct MutexTests {
    /// Eight threads adding to one counter a hundred thousand times each lose no addition: an unguarded counter
    /// loses thousands on two cores.
    @Test func threadsTakingTheLockInTurnLoseNoChange() {
        let counter = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<100_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 800_000)
    }

    /// A body that throws lets go of the lock: the next caller gets it, and sees the change made before the throw.
    @Test func aBodyThatThrowsLetsGoOfTheLock() {
        struct Refused: Error {}
        let value = Mutex([String]())
        #expect(throws: Refused.self) {
            try value.withLock { names throws(Refused) in
                names.append("before")
                throw Refused()
            }
        }
        let taken = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            value.withLock { $0.append("other thread") }
            taken.signal()
        }
        #expect(taken.wait(timeout: .now() + 5) == .success)
        #expect(value.withLock { $0 } == ["before", "other thread"])
    }

    /// What the body returns is what `withLock` returns, a value that cannot be copied included.
    @Test func theBodysResultIsReturned() {
        struct Ticket: ~Copyable { let number: Int }
        let next = Mutex(41)
        let ticket = next.withLock { number -> Ticket in
            number += 1
            return Ticket(number: number)
        }
        #expect(ticket.number == 42)
    }
}
