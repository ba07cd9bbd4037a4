// The lock that guards the server's and the store's shared state (Sources/Locking/Mutex.swift, over
// `pthread_mutex_t`) against the Synchronization module's `Mutex`: a critical section that adds one to a
// counter, taken by one thread alone and by two threads at once (`scripts/bench-lock`).
import Dispatch
import Locking
import Synchronization

final class Counters: Sendable {
    let project = Locking.Mutex(0)
    let standard = Synchronization.Mutex(0)
}

/// Nanoseconds per critical section when `threads` threads each take the lock `iterations` times.
func measure(threads: Int, iterations: Int, _ criticalSection: @Sendable @escaping () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        for _ in 0..<iterations { criticalSection() }
    }
    let elapsed = DispatchTime.now().uptimeNanoseconds - start
    return Double(elapsed) / Double(threads * iterations)
}

func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000_000 : 10_000_000
let counters = Counters()
for threads in [1, 2] {
    let project = measure(threads: threads, iterations: iterations / threads) { counters.project.withLock { $0 &+= 1 } }
    let standard = measure(threads: threads, iterations: iterations / threads) { counters.standard.withLock { $0 &+= 1 } }
    print("\(threads) thread(s): pthread Mutex \(tenths(project)) ns, Synchronization.Mutex \(tenths(standard)) ns per critical section")
}
