import Glibc

/// A value that threads share, reached only while its lock is held: the same shape as the Synchronization
/// module's `Mutex` (`withLock`), over a `pthread_mutex_t`.
///
/// Why not the Synchronization module's: on Linux its contended path hands the lock over inside the kernel
/// (a priority-inheritance futex, and a spin in code built without instrumentation), which ThreadSanitizer cannot
/// see, so every contended critical section was reported as a data race and a real race would have drowned in
/// them (RELIABILITY.md, "Sanitizers"). ThreadSanitizer knows `pthread_mutex_lock` and `pthread_mutex_unlock`.
/// The price is a few nanoseconds a critical section (`scripts/bench-lock`, BENCHMARKS.md), against tens of
/// microseconds of work a request.
///
/// A file that also needs atomics imports them alone (`import struct Synchronization.Atomic`), so that this
/// `Mutex` is the only one in scope.
///
/// The value may not be of an empty type such as `Void`: an empty stored value has the object's own address,
/// and ThreadSanitizer takes a change of it for a write over the object's header, which other threads read
/// without the lock. A lock with nothing else to guard holds a `Bool`.
public final class Mutex<Value: ~Copyable>: @unchecked Sendable {
    /// pthread keeps waiters on the lock's own address: it is allocated once and never moves.
    @usableFromInline let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// Only reached under the lock, which already makes each access exclusive: the run-time check of
    /// exclusivity that a class's stored property otherwise gets costs nearly as much as the lock itself.
    @usableFromInline @exclusivity(unchecked) var value: Value

    public init(_ initialValue: consuming sending Value) {
        precondition(MemoryLayout<Value>.size > 0, "a Mutex guards a value that is not empty: hold a Bool")
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    /// Runs `body` with the value while holding the lock, and returns what it returns.
    @inlinable
    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try body(&value)
    }
}
